using NetTopologySuite.Geometries;

namespace MaritimeCoord.Persistence.Entities;

public sealed class Sighting
{
    public Guid Id { get; set; }
    public DateTimeOffset ObservedAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public required Point Position { get; set; }
    public string? PositionText { get; set; }
    public double? PositionUncertaintyNm { get; set; }
    public required string BoatDescription { get; set; }
    public int? PersonsOnBoard { get; set; }
    public required string Condition { get; set; }
    public required string Reporter { get; set; }
    public string? Notes { get; set; }

    /// <summary>Subject of the token that posted it; with <see cref="IdempotencyKey"/> it makes retries idempotent.</summary>
    public required string ReportedBy { get; set; }
    public string? ReporterCentreCode { get; set; }
    public string? IdempotencyKey { get; set; }

    /// <summary>SHA-256 of the request body, so a key reused for a different sighting is refused instead of ignored.</summary>
    public string? RequestFingerprint { get; set; }

    public Guid IncidentId { get; set; }
    public Incident? Incident { get; set; }

    public string? SarRegionCode { get; set; }
    public string? BoundaryVersion { get; set; }
    public bool? BoundaryApproximate { get; set; }
    public bool NearApproximateBoundary { get; set; }
}
