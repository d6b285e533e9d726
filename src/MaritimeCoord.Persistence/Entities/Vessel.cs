namespace MaritimeCoord.Persistence.Entities;

/// <summary>Vessel registry from AIS static messages (types 5, 19, 24 A/B); a later report updates the fields it carries.</summary>
public sealed class Vessel
{
    public int Mmsi { get; set; }
    public string? Name { get; set; }
    public string? CallSign { get; set; }
    public int? Imo { get; set; }
    public short? ShipType { get; set; }
    public short? ToBow { get; set; }
    public short? ToStern { get; set; }
    public short? ToPort { get; set; }
    public short? ToStarboard { get; set; }
    public string? Destination { get; set; }
    public int? MothershipMmsi { get; set; }

    /// <summary>Receive time of the newest static report merged in.</summary>
    public DateTimeOffset ReportedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
