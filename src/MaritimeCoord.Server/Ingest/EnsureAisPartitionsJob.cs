using MaritimeCoord.Persistence.Ais;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Ingest;

/// <summary>Recurring: creates the ais_positions partitions of yesterday through today + PartitionDaysAhead.</summary>
public sealed class EnsureAisPartitionsJob(AisPartitions partitions, IOptions<IngestOptions> options, TimeProvider clock)
{
    public const string Id = "ais-partitions";

    public Task RunAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return partitions.EnsureRangeAsync(today.AddDays(-1), options.Value.PartitionDaysAhead + 2, ct);
    }
}
