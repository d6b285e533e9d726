using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MaritimeCoord.Persistence;

/// <summary>For `dotnet ef migrations add`; the connection string is only used by `database update`.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MaritimeDbContext>
{
    public MaritimeDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("MCOORD_DB")
                               ?? "Host=127.0.0.1;Port=5432;Database=maritimecoord;Username=maritime;Password=maritime";
        return new MaritimeDbContext((DbContextOptions<MaritimeDbContext>)MaritimeDbContext
            .Configure(new DbContextOptionsBuilder<MaritimeDbContext>(), connectionString).Options);
    }
}
