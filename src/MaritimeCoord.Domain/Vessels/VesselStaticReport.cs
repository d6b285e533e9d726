namespace MaritimeCoord.Domain.Vessels;

/// <summary>
/// Registry fields from static messages (type 5, type 24 part A or B, type 19). A null field was not carried by this
/// message and must not overwrite what is known.
/// </summary>
public sealed record VesselStaticReport(int Mmsi, long ObservedAtMs, byte MessageType)
{
    public string? Name { get; init; }
    public string? CallSign { get; init; }
    public int? Imo { get; init; }
    public short? ShipType { get; init; }
    public short? ToBow { get; init; }
    public short? ToStern { get; init; }
    public short? ToPort { get; init; }
    public short? ToStarboard { get; init; }
    public string? Destination { get; init; }

    /// <summary>Type 24 part B of an auxiliary craft (MMSI 98xxxxxxx): the MMSI of its mother ship.</summary>
    public int? MothershipMmsi { get; init; }

    /// <summary>Folds a report of the same vessel into this one: the later report wins field by field, nulls never erase.</summary>
    public VesselStaticReport Merge(VesselStaticReport other)
    {
        var (older, newer) = other.ObservedAtMs >= ObservedAtMs ? (this, other) : (other, this);
        return newer with
        {
            Name = newer.Name ?? older.Name,
            CallSign = newer.CallSign ?? older.CallSign,
            Imo = newer.Imo ?? older.Imo,
            ShipType = newer.ShipType ?? older.ShipType,
            ToBow = newer.ToBow ?? older.ToBow,
            ToStern = newer.ToStern ?? older.ToStern,
            ToPort = newer.ToPort ?? older.ToPort,
            ToStarboard = newer.ToStarboard ?? older.ToStarboard,
            Destination = newer.Destination ?? older.Destination,
            MothershipMmsi = newer.MothershipMmsi ?? older.MothershipMmsi,
        };
    }
}
