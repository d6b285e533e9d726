using System.Globalization;
using System.Text.Json;
using MaritimeCoord.Ais.Messages;

namespace MaritimeCoord.Ais.Gpsd;

/// <summary>
/// Writes decoded messages as gpsd's AIS JSON (field names, order and units of <c>gpsdecode -j</c>; with
/// <c>scaled: false</c> the values of <c>gpsdecode -u</c>). Type 24 behaves as <c>gpsdecode -s</c>: part A is written
/// alone, part B is merged with a preceding part A of the same MMSI, else written alone. Types without a full decoder
/// get the common header only. Stateful (the type 24 cache); one per stream.
/// </summary>
public sealed class GpsdJsonFormatter
{
    // gpsd pairs 24A/24B in a ring of 8 part As per radio channel (A/1 and B/2), consumed when merged.
    private const int Type24CacheSize = 8;
    private readonly (int Mmsi, string Name)[][] _type24 = [new (int, string)[Type24CacheSize], new (int, string)[Type24CacheSize]];
    private readonly int[] _type24Next = new int[2];
    private readonly string? _device;

    /// <summary>Creates a formatter.</summary>
    /// <param name="scaled">True for gpsd's scaled units (degrees, knots), false for raw integers as <c>gpsdecode -u</c>.</param>
    /// <param name="device">The <c>device</c> field (gpsdecode prints <c>stdin</c>); null or empty omits it.</param>
    public GpsdJsonFormatter(bool scaled, string? device = "stdin")
    {
        Scaled = scaled;
        _device = string.IsNullOrEmpty(device) ? null : device;
    }

    /// <summary>Scaled or raw units.</summary>
    public bool Scaled { get; }

    /// <summary>Writes one JSON object for <paramref name="p"/> (type and length already checked).</summary>
    /// <param name="w">Destination.</param>
    /// <param name="p">The message payload.</param>
    /// <param name="channel">Radio channel of the last sentence (only used to pair type 24 parts as gpsd does).</param>
    public void Write(Utf8JsonWriter w, AisPayload p, byte channel = 0)
    {
        ArgumentNullException.ThrowIfNull(w);
        int type = p.MessageType;
        w.WriteStartObject();
        w.WriteString("class"u8, "AIS"u8);
        if (_device is not null) w.WriteString("device"u8, _device);
        w.WriteNumber("type"u8, type);
        w.WriteNumber("repeat"u8, p.Repeat);
        w.WriteNumber("mmsi"u8, p.Mmsi);
        w.WriteBoolean("scaled"u8, Scaled);
        switch (type)
        {
            case 1 or 2 or 3: WriteType1(w, PositionReportClassA.Decode(p)); break;
            case 4 or 11: WriteType4(w, BaseStationReport.Decode(p)); break;
            case 5: WriteType5(w, StaticAndVoyageData.Decode(p)); break;
            case 9: WriteType9(w, SarAircraftPositionReport.Decode(p)); break;
            case 18: WriteType18(w, PositionReportClassB.Decode(p)); break;
            case 19: WriteType19(w, ExtendedPositionReportClassB.Decode(p)); break;
            case 21: WriteType21(w, AidToNavigationReport.Decode(p)); break;
            case 24: WriteType24(w, StaticDataReport.Decode(p), channel is (byte)'B' or (byte)'2' ? 1 : 0); break;
            case 27: WriteType27(w, LongRangePositionReport.Decode(p)); break;
        }

        w.WriteEndObject();
    }

    private void WriteType1(Utf8JsonWriter w, in PositionReportClassA m)
    {
        w.WriteNumber("status"u8, m.Status);
        w.WriteString("status_text"u8, GpsdLegends.Status(m.Status));
        if (Scaled)
        {
            switch (m.Turn)
            {
                case -128: w.WriteString("turn"u8, "nan"u8); break;
                case -127: w.WriteString("turn"u8, "fastleft"u8); break;
                case 127: w.WriteString("turn"u8, "fastright"u8); break;
                default: Fixed(w, "turn"u8, m.RateOfTurn ?? 0, 0); break;
            }

            switch (m.Speed)
            {
                case 1023: w.WriteString("speed"u8, "nan"u8); break;
                case 1022: w.WriteString("speed"u8, "fast"u8); break;
                default: Fixed(w, "speed"u8, m.Speed / 10.0, 1); break;
            }
        }
        else
        {
            w.WriteNumber("turn"u8, m.Turn);
            w.WriteNumber("speed"u8, m.Speed);
        }

        w.WriteBoolean("accuracy"u8, m.Accuracy);
        LonLat(w, m.Longitude, m.Latitude);
        Tenths(w, "course"u8, m.Course);
        w.WriteNumber("heading"u8, m.Heading);
        w.WriteNumber("second"u8, m.Second);
        w.WriteNumber("maneuver"u8, m.Maneuver);
        w.WriteBoolean("raim"u8, m.Raim);
        w.WriteNumber("radio"u8, m.Radio);
    }

    private void WriteType4(Utf8JsonWriter w, in BaseStationReport m)
    {
        Span<char> ts = stackalloc char[32];
        // gpsd: "%04u-%02u-%02uT%02u:%02u:%02uZ" (a 5-digit year is printed as is).
        ts.TryWrite(CultureInfo.InvariantCulture, $"{m.Year:D4}-{m.Month:D2}-{m.Day:D2}T{m.Hour:D2}:{m.Minute:D2}:{m.Second:D2}Z", out int n);
        w.WriteString("timestamp"u8, ts[..n]);
        w.WriteBoolean("accuracy"u8, m.Accuracy);
        LonLat(w, m.Longitude, m.Latitude);
        w.WriteNumber("epfd"u8, m.Epfd);
        w.WriteString("epfd_text"u8, GpsdLegends.Epfd(m.Epfd));
        w.WriteBoolean("raim"u8, m.Raim);
        w.WriteNumber("radio"u8, m.Radio);
    }

    private void WriteType5(Utf8JsonWriter w, in StaticAndVoyageData m)
    {
        w.WriteNumber("imo"u8, m.Imo);
        w.WriteNumber("ais_version"u8, m.AisVersion);
        w.WriteString("callsign"u8, m.CallSign);
        w.WriteString("shipname"u8, m.ShipName);
        ShipType(w, m.ShipType);
        Dimensions(w, m.ToBow, m.ToStern, m.ToPort, m.ToStarboard);
        w.WriteNumber("epfd"u8, m.Epfd);
        w.WriteString("epfd_text"u8, GpsdLegends.Epfd(m.Epfd));
        Span<char> eta = stackalloc char[24];
        eta.TryWrite(CultureInfo.InvariantCulture, $"{m.EtaMonth:D2}-{m.EtaDay:D2}T{m.EtaHour:D2}:{m.EtaMinute:D2}Z", out int n);
        w.WriteString("eta"u8, eta[..n]);
        Tenths(w, "draught"u8, m.Draught);
        w.WriteString("destination"u8, m.Destination);
        w.WriteNumber("dte"u8, m.Dte ? 1 : 0);
    }

    private void WriteType9(Utf8JsonWriter w, in SarAircraftPositionReport m)
    {
        w.WriteNumber("alt"u8, m.Altitude);
        w.WriteNumber("speed"u8, m.Speed);
        w.WriteBoolean("accuracy"u8, m.Accuracy);
        LonLat(w, m.Longitude, m.Latitude);
        Tenths(w, "course"u8, m.Course);
        w.WriteNumber("second"u8, m.Second);
        w.WriteNumber("regional"u8, m.Regional);
        w.WriteNumber("dte"u8, m.Dte ? 1 : 0);
        w.WriteBoolean("raim"u8, m.Raim);
        w.WriteNumber("radio"u8, m.Radio);
    }

    private void WriteType18(Utf8JsonWriter w, in PositionReportClassB m)
    {
        w.WriteNumber("reserved"u8, m.Reserved);
        Tenths(w, "speed"u8, m.Speed);
        w.WriteBoolean("accuracy"u8, m.Accuracy);
        LonLat(w, m.Longitude, m.Latitude);
        Tenths(w, "course"u8, m.Course);
        w.WriteNumber("heading"u8, m.Heading);
        w.WriteNumber("second"u8, m.Second);
        w.WriteNumber("regional"u8, m.Regional);
        w.WriteBoolean("cs"u8, m.CarrierSense);
        w.WriteBoolean("display"u8, m.Display);
        w.WriteBoolean("dsc"u8, m.Dsc);
        w.WriteBoolean("band"u8, m.Band);
        w.WriteBoolean("msg22"u8, m.Msg22);
        w.WriteBoolean("raim"u8, m.Raim);
        w.WriteNumber("radio"u8, m.Radio);
    }

    private void WriteType19(Utf8JsonWriter w, in ExtendedPositionReportClassB m)
    {
        w.WriteNumber("reserved"u8, m.Reserved);
        Tenths(w, "speed"u8, m.Speed);
        w.WriteBoolean("accuracy"u8, m.Accuracy);
        LonLat(w, m.Longitude, m.Latitude);
        Tenths(w, "course"u8, m.Course);
        w.WriteNumber("heading"u8, m.Heading);
        w.WriteNumber("second"u8, m.Second);
        w.WriteNumber("regional"u8, m.Regional);
        w.WriteString("shipname"u8, m.ShipName);
        ShipType(w, m.ShipType);
        Dimensions(w, m.ToBow, m.ToStern, m.ToPort, m.ToStarboard);
        w.WriteNumber("epfd"u8, m.Epfd);
        w.WriteString("epfd_text"u8, GpsdLegends.Epfd(m.Epfd));
        w.WriteBoolean("raim"u8, m.Raim);
        w.WriteNumber("dte"u8, m.Dte ? 1 : 0);
        w.WriteBoolean("assigned"u8, m.Assigned);
    }

    private void WriteType21(Utf8JsonWriter w, in AidToNavigationReport m)
    {
        w.WriteNumber("aid_type"u8, m.AidType);
        w.WriteString("aid_type_text"u8, GpsdLegends.AidType(m.AidType));
        w.WriteString("name"u8, m.Name);
        if (Scaled)
        {
            // gpsd's scaled type 21 puts lon/lat before accuracy.
            LonLat(w, m.Longitude, m.Latitude);
            w.WriteBoolean("accuracy"u8, m.Accuracy);
        }
        else
        {
            w.WriteBoolean("accuracy"u8, m.Accuracy);
            LonLat(w, m.Longitude, m.Latitude);
        }

        Dimensions(w, m.ToBow, m.ToStern, m.ToPort, m.ToStarboard);
        w.WriteNumber("epfd"u8, m.Epfd);
        w.WriteString("epfd_text"u8, GpsdLegends.Epfd(m.Epfd));
        w.WriteNumber("second"u8, m.Second);
        w.WriteNumber("regional"u8, m.Regional);
        w.WriteBoolean("off_position"u8, m.OffPosition);
        w.WriteBoolean("raim"u8, m.Raim);
        w.WriteBoolean("virtual_aid"u8, m.VirtualAid);
    }

    private void WriteType24(Utf8JsonWriter w, in StaticDataReport m, int context)
    {
        var cache = _type24[context];
        if (m.PartNumber == 0)
        {
            w.WriteString("part"u8, "A"u8);
            w.WriteString("shipname"u8, m.ShipName);
            cache[_type24Next[context]] = (m.Mmsi, m.ShipName);
            _type24Next[context] = (_type24Next[context] + 1) % Type24CacheSize;
            return;
        }

        string? name = null;
        for (int i = 0; i < cache.Length; i++)
        {
            if (cache[i].Name is not null && cache[i].Mmsi == m.Mmsi)
            {
                name = cache[i].Name;
                cache[i] = default;
                break;
            }
        }

        if (name is null)
        {
            w.WriteString("part"u8, "B"u8);
        }
        else
        {
            w.WriteString("shipname"u8, name);
        }

        ShipType(w, m.ShipType);
        w.WriteString("vendorid"u8, m.VendorIdLegacy);
        w.WriteNumber("model"u8, m.Model);
        w.WriteNumber("serial"u8, m.Serial);
        w.WriteString("callsign"u8, m.CallSign);
        if (m.IsAuxiliaryCraft)
        {
            w.WriteNumber("mothership_mmsi"u8, m.MothershipMmsi);
        }
        else
        {
            Dimensions(w, m.ToBow, m.ToStern, m.ToPort, m.ToStarboard);
        }
    }

    private void WriteType27(Utf8JsonWriter w, in LongRangePositionReport m)
    {
        if (Scaled)
        {
            // gpsd 3.22 prints the status legend in "status" when scaled; kept for drop-in compatibility.
            w.WriteString("status"u8, GpsdLegends.Status(m.Status));
        }
        else
        {
            w.WriteNumber("status"u8, m.Status);
        }

        w.WriteBoolean("accuracy"u8, m.Accuracy);
        if (Scaled)
        {
            Fixed(w, "lon"u8, m.Longitude / 600.0, 1);
            Fixed(w, "lat"u8, m.Latitude / 600.0, 1);
        }
        else
        {
            w.WriteNumber("lon"u8, m.Longitude);
            w.WriteNumber("lat"u8, m.Latitude);
        }

        w.WriteNumber("speed"u8, m.Speed);
        w.WriteNumber("course"u8, m.Course);
        w.WriteBoolean("raim"u8, m.Raim);
        w.WriteBoolean("gnss"u8, m.PositionLatency);
    }

    private static void ShipType(Utf8JsonWriter w, int shipType)
    {
        w.WriteNumber("shiptype"u8, shipType);
        w.WriteString("shiptype_text"u8, GpsdLegends.ShipType(shipType));
    }

    private static void Dimensions(Utf8JsonWriter w, int bow, int stern, int port, int starboard)
    {
        w.WriteNumber("to_bow"u8, bow);
        w.WriteNumber("to_stern"u8, stern);
        w.WriteNumber("to_port"u8, port);
        w.WriteNumber("to_starboard"u8, starboard);
    }

    private void LonLat(Utf8JsonWriter w, int lon, int lat)
    {
        if (Scaled)
        {
            Fixed(w, "lon"u8, lon / 600_000.0, 6);
            Fixed(w, "lat"u8, lat / 600_000.0, 6);
        }
        else
        {
            w.WriteNumber("lon"u8, lon);
            w.WriteNumber("lat"u8, lat);
        }
    }

    private void Tenths(Utf8JsonWriter w, ReadOnlySpan<byte> name, int value)
    {
        if (Scaled)
        {
            Fixed(w, name, value / 10.0, 1);
        }
        else
        {
            w.WriteNumber(name, value);
        }
    }

    // gpsd prints with printf("%.Nf"); .NET's "F" formatting of a double is exact in the same way.
    private static void Fixed(Utf8JsonWriter w, ReadOnlySpan<byte> name, double value, int decimals)
    {
        Span<byte> buffer = stackalloc byte[40];
        var format = decimals switch { 0 => "F0", 1 => "F1", _ => "F6" };
        value.TryFormat(buffer, out int n, format, CultureInfo.InvariantCulture);
        if (n == 2 && buffer[0] == (byte)'-' && buffer[1] == (byte)'0')
        {
            buffer[0] = (byte)'0';
            n = 1;
        }

        w.WritePropertyName(name);
        w.WriteRawValue(buffer[..n], skipInputValidation: true);
    }
}
