using MaritimeCoord.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MaritimeCoord.Persistence.Migrations
{
    /// <summary>
    /// Indexes for the history queries (docs/history.md). Raw SQL only, no model change. On the partitioned parent, so
    /// every existing and future day partition gets its own copy:
    /// (mmsi, observed_at) serves "one vessel over a window" and keyset paging by vessel; time and area keep using the
    /// BRIN on observed_at (partition pruning first) and the GiST on position.
    /// </summary>
    [DbContext(typeof(MaritimeDbContext))]
    [Migration("20261128214922_HistoryIndexes")]
    public partial class HistoryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX IF NOT EXISTS ix_ais_positions_mmsi_observed_at ON ais_positions (mmsi, observed_at);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS ix_ais_positions_mmsi_observed_at;
                """);
        }
    }
}
