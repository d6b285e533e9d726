using MaritimeCoord.Server.Infrastructure;

var builder = WebApplication.CreateBuilder(DemoOptions.Arguments(args));
builder.AddMaritimeCoord();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseMaritimeCoord();
app.Run();

public partial class Program;
