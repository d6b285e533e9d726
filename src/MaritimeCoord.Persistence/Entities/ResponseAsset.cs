using NetTopologySuite.Geometries;

namespace MaritimeCoord.Persistence.Entities;

/// <summary>A government asset that can respond: patrol boat, cutter, aircraft. The registry is data (samples/responders).</summary>
public sealed class ResponseAsset
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }

    /// <summary>Domain AssetType wire name, e.g. patrol-boat.</summary>
    public required string Type { get; set; }
    public required string OwnerCentreCode { get; set; }
    public string? HomeBase { get; set; }
    public required Point Position { get; set; }
    public DateTimeOffset PositionAt { get; set; }
    public double CruiseSpeedKnots { get; set; }

    /// <summary>Domain AssetAvailability wire name: available, tasked, maintenance, off-duty.</summary>
    public required string Availability { get; set; }
    public string? AvailabilityNote { get; set; }
    public string? Contact { get; set; }
    public Guid? CurrentIncidentId { get; set; }
    public uint Version { get; set; }
}

/// <summary>An asset tasked to an incident; active while ReleasedAt is null (one active tasking per asset, by index).</summary>
public sealed class IncidentTasking
{
    public long Id { get; set; }
    public Guid IncidentId { get; set; }
    public required string AssetCode { get; set; }
    public DateTimeOffset TaskedAt { get; set; }
    public required string TaskedBy { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset? EstimatedArrival { get; set; }
    public DateTimeOffset? ReleasedAt { get; set; }
}

/// <summary>An issued SITREP, numbered per incident (unique (incident, number)).</summary>
public sealed class SitrepRecord
{
    public long Id { get; set; }
    public Guid IncidentId { get; set; }
    public int Number { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public required string IssuedBy { get; set; }
    public required string Form { get; set; }
    public bool Final { get; set; }
    public required string Text { get; set; }
    public required string Payload { get; set; }
}
