using System.Runtime.Serialization;

namespace MaritimeCoord.Contracts.Realtime;

/// <summary>
/// The hub's <c>vesselPositionsUpdated</c> push to one client: positions inside its viewport, at most one per vessel per
/// interval. Member names match <see cref="Vessels.VesselPositionsUpdated"/>, so older clients read it unchanged.
/// </summary>
[DataContract]
public sealed class VesselPositionsBatch
{
    /// <summary>Newest position of each vessel due, inside the client's viewport.</summary>
    [DataMember(Name = "positions")] public IReadOnlyList<LiveVesselPosition> Positions { get; set; } = [];

    /// <summary>When ingest accepted the oldest report this batch stands for (UTC): delivery latency is measured from it.</summary>
    [DataMember(Name = "acceptedAt")] public DateTime? AcceptedAt { get; set; }

    /// <summary>When the hub sent the batch (UTC).</summary>
    [DataMember(Name = "sentAt")] public DateTime SentAt { get; set; }
}
