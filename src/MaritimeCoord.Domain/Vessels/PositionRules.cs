namespace MaritimeCoord.Domain.Vessels;

/// <summary>Why a decoded position report is not stored.</summary>
public enum PositionRejectReason
{
    None = 0,

    /// <summary>Latitude 91° or longitude 181°: the transponder has no fix.</summary>
    PositionNotAvailable,

    /// <summary>Latitude beyond ±90° or longitude beyond ±180° (other than the "not available" values).</summary>
    PositionOutOfRange,

    /// <summary>MMSI 0 or above 999,999,999 (30 bits allow up to 1,073,741,823).</summary>
    InvalidMmsi,
}

/// <summary>The validate stage of ingest: pure rules on one decoded position and its time.</summary>
public static class PositionRules
{
    /// <summary>Earliest receive time believed (older values are corrupt tag blocks, e.g. <c>c:0</c>).</summary>
    public static readonly long EarliestPlausibleMs = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>How far ahead of the arrival clock a receive time may be (receivers' clocks drift).</summary>
    public const long MaxFutureSkewMs = 60 * 60 * 1000;

    public static PositionRejectReason Validate(int mmsi, double? longitude, double? latitude)
    {
        if (mmsi is <= 0 or > 999_999_999) return PositionRejectReason.InvalidMmsi;
        if (longitude is null || latitude is null) return PositionRejectReason.PositionNotAvailable;
        if (double.IsNaN(longitude.Value) || double.IsNaN(latitude.Value)
            || Math.Abs(longitude.Value) > 180 || Math.Abs(latitude.Value) > 90)
        {
            return PositionRejectReason.PositionOutOfRange;
        }

        return PositionRejectReason.None;
    }

    /// <summary>
    /// The time a position is stored under: the receiver's time when it has one and it is plausible, else the arrival
    /// time. <paramref name="implausible"/> is true when a receiver time was present but implausible.
    /// </summary>
    public static long ObservedAt(long receiveTimeMs, long arrivalMs, out bool implausible)
    {
        implausible = false;
        if (receiveTimeMs < 0) return arrivalMs;
        if (receiveTimeMs < EarliestPlausibleMs || receiveTimeMs > arrivalMs + MaxFutureSkewMs)
        {
            implausible = true;
            return arrivalMs;
        }

        return receiveTimeMs;
    }
}
