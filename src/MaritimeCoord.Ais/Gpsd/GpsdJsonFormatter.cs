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
    private static readonly JsonEncodedText P_accuracy = JsonEncodedText.Encode("accuracy"u8);
    private static readonly JsonEncodedText P_aid_type = JsonEncodedText.Encode("aid_type"u8);
    private static readonly JsonEncodedText P_aid_type_text = JsonEncodedText.Encode("aid_type_text"u8);
    private static readonly JsonEncodedText P_ais_version = JsonEncodedText.Encode("ais_version"u8);
    private static readonly JsonEncodedText P_alt = JsonEncodedText.Encode("alt"u8);
    private static readonly JsonEncodedText P_assigned = JsonEncodedText.Encode("assigned"u8);
    private static readonly JsonEncodedText P_band = JsonEncodedText.Encode("band"u8);
    private static readonly JsonEncodedText P_callsign = JsonEncodedText.Encode("callsign"u8);
    private static readonly JsonEncodedText P_class = JsonEncodedText.Encode("class"u8);
    private static readonly JsonEncodedText P_course = JsonEncodedText.Encode("course"u8);
    private static readonly JsonEncodedText P_cs = JsonEncodedText.Encode("cs"u8);
    private static readonly JsonEncodedText P_destination = JsonEncodedText.Encode("destination"u8);
    private static readonly JsonEncodedText P_device = JsonEncodedText.Encode("device"u8);
    private static readonly JsonEncodedText P_display = JsonEncodedText.Encode("display"u8);
    private static readonly JsonEncodedText P_draught = JsonEncodedText.Encode("draught"u8);
    private static readonly JsonEncodedText P_dsc = JsonEncodedText.Encode("dsc"u8);
    private static readonly JsonEncodedText P_dte = JsonEncodedText.Encode("dte"u8);
    private static readonly JsonEncodedText P_epfd = JsonEncodedText.Encode("epfd"u8);
    private static readonly JsonEncodedText P_epfd_text = JsonEncodedText.Encode("epfd_text"u8);
    private static readonly JsonEncodedText P_eta = JsonEncodedText.Encode("eta"u8);
    private static readonly JsonEncodedText P_gnss = JsonEncodedText.Encode("gnss"u8);
    private static readonly JsonEncodedText P_heading = JsonEncodedText.Encode("heading"u8);
    private static readonly JsonEncodedText P_imo = JsonEncodedText.Encode("imo"u8);
    private static readonly JsonEncodedText P_lat = JsonEncodedText.Encode("lat"u8);
    private static readonly JsonEncodedText P_lon = JsonEncodedText.Encode("lon"u8);
    private static readonly JsonEncodedText P_maneuver = JsonEncodedText.Encode("maneuver"u8);
    private static readonly JsonEncodedText P_mmsi = JsonEncodedText.Encode("mmsi"u8);
    private static readonly JsonEncodedText P_model = JsonEncodedText.Encode("model"u8);
    private static readonly JsonEncodedText P_mothership_mmsi = JsonEncodedText.Encode("mothership_mmsi"u8);
    private static readonly JsonEncodedText P_msg22 = JsonEncodedText.Encode("msg22"u8);
    private static readonly JsonEncodedText P_name = JsonEncodedText.Encode("name"u8);
    private static readonly JsonEncodedText P_off_position = JsonEncodedText.Encode("off_position"u8);
    private static readonly JsonEncodedText P_part = JsonEncodedText.Encode("part"u8);
    private static readonly JsonEncodedText P_radio = JsonEncodedText.Encode("radio"u8);
    private static readonly JsonEncodedText P_raim = JsonEncodedText.Encode("raim"u8);
    private static readonly JsonEncodedText P_regional = JsonEncodedText.Encode("regional"u8);
    private static readonly JsonEncodedText P_repeat = JsonEncodedText.Encode("repeat"u8);
    private static readonly JsonEncodedText P_reserved = JsonEncodedText.Encode("reserved"u8);
    private static readonly JsonEncodedText P_scaled = JsonEncodedText.Encode("scaled"u8);
    private static readonly JsonEncodedText P_second = JsonEncodedText.Encode("second"u8);
    private static readonly JsonEncodedText P_serial = JsonEncodedText.Encode("serial"u8);
    private static readonly JsonEncodedText P_shipname = JsonEncodedText.Encode("shipname"u8);
    private static readonly JsonEncodedText P_shiptype = JsonEncodedText.Encode("shiptype"u8);
    private static readonly JsonEncodedText P_shiptype_text = JsonEncodedText.Encode("shiptype_text"u8);
    private static readonly JsonEncodedText P_speed = JsonEncodedText.Encode("speed"u8);
    private static readonly JsonEncodedText P_status = JsonEncodedText.Encode("status"u8);
    private static readonly JsonEncodedText P_status_text = JsonEncodedText.Encode("status_text"u8);
    private static readonly JsonEncodedText P_timestamp = JsonEncodedText.Encode("timestamp"u8);
    private static readonly JsonEncodedText P_to_bow = JsonEncodedText.Encode("to_bow"u8);
    private static readonly JsonEncodedText P_to_port = JsonEncodedText.Encode("to_port"u8);
    private static readonly JsonEncodedText P_to_starboard = JsonEncodedText.Encode("to_starboard"u8);
    private static readonly JsonEncodedText P_to_stern = JsonEncodedText.Encode("to_stern"u8);
    private static readonly JsonEncodedText P_turn = JsonEncodedText.Encode("turn"u8);
    private static readonly JsonEncodedText P_type = JsonEncodedText.Encode("type"u8);
    private static readonly JsonEncodedText P_vendorid = JsonEncodedText.Encode("vendorid"u8);
    private static readonly JsonEncodedText P_virtual_aid = JsonEncodedText.Encode("virtual_aid"u8);
    private static readonly JsonEncodedText Ais = JsonEncodedText.Encode("AIS"u8);
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
        w.WriteString(P_class, Ais);
        if (_device is not null) w.WriteString(P_device, _device);
        w.WriteNumber(P_type, type);
        w.WriteNumber(P_repeat, p.Repeat);
        w.WriteNumber(P_mmsi, p.Mmsi);
        w.WriteBoolean(P_scaled, Scaled);
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
        w.WriteNumber(P_status, m.Status);
        w.WriteString(P_status_text, GpsdLegends.StatusText(m.Status));
        if (Scaled)
        {
            switch (m.Turn)
            {
                case -128: w.WriteString(P_turn, "nan"u8); break;
                case -127: w.WriteString(P_turn, "fastleft"u8); break;
                case 127: w.WriteString(P_turn, "fastright"u8); break;
                default: Fixed(w, P_turn, m.RateOfTurn ?? 0, 0); break;
            }

            switch (m.Speed)
            {
                case 1023: w.WriteString(P_speed, "nan"u8); break;
                case 1022: w.WriteString(P_speed, "fast"u8); break;
                default: Fixed(w, P_speed, m.Speed / 10.0, 1); break;
            }
        }
        else
        {
            w.WriteNumber(P_turn, m.Turn);
            w.WriteNumber(P_speed, m.Speed);
        }

        w.WriteBoolean(P_accuracy, m.Accuracy);
        LonLat(w, m.Longitude, m.Latitude);
        Tenths(w, P_course, m.Course);
        w.WriteNumber(P_heading, m.Heading);
        w.WriteNumber(P_second, m.Second);
        w.WriteNumber(P_maneuver, m.Maneuver);
        w.WriteBoolean(P_raim, m.Raim);
        w.WriteNumber(P_radio, m.Radio);
    }

    private void WriteType4(Utf8JsonWriter w, in BaseStationReport m)
    {
        Span<char> ts = stackalloc char[32];
        // gpsd: "%04u-%02u-%02uT%02u:%02u:%02uZ" (a 5-digit year is printed as is).
        ts.TryWrite(CultureInfo.InvariantCulture, $"{m.Year:D4}-{m.Month:D2}-{m.Day:D2}T{m.Hour:D2}:{m.Minute:D2}:{m.Second:D2}Z", out int n);
        w.WriteString(P_timestamp, ts[..n]);
        w.WriteBoolean(P_accuracy, m.Accuracy);
        LonLat(w, m.Longitude, m.Latitude);
        w.WriteNumber(P_epfd, m.Epfd);
        w.WriteString(P_epfd_text, GpsdLegends.EpfdText(m.Epfd));
        w.WriteBoolean(P_raim, m.Raim);
        w.WriteNumber(P_radio, m.Radio);
    }

    private void WriteType5(Utf8JsonWriter w, in StaticAndVoyageData m)
    {
        w.WriteNumber(P_imo, m.Imo);
        w.WriteNumber(P_ais_version, m.AisVersion);
        w.WriteString(P_callsign, m.CallSign);
        w.WriteString(P_shipname, m.ShipName);
        ShipType(w, m.ShipType);
        Dimensions(w, m.ToBow, m.ToStern, m.ToPort, m.ToStarboard);
        w.WriteNumber(P_epfd, m.Epfd);
        w.WriteString(P_epfd_text, GpsdLegends.EpfdText(m.Epfd));
        Span<char> eta = stackalloc char[24];
        eta.TryWrite(CultureInfo.InvariantCulture, $"{m.EtaMonth:D2}-{m.EtaDay:D2}T{m.EtaHour:D2}:{m.EtaMinute:D2}Z", out int n);
        w.WriteString(P_eta, eta[..n]);
        Tenths(w, P_draught, m.Draught);
        w.WriteString(P_destination, m.Destination);
        w.WriteNumber(P_dte, m.Dte ? 1 : 0);
    }

    private void WriteType9(Utf8JsonWriter w, in SarAircraftPositionReport m)
    {
        w.WriteNumber(P_alt, m.Altitude);
        w.WriteNumber(P_speed, m.Speed);
        w.WriteBoolean(P_accuracy, m.Accuracy);
        LonLat(w, m.Longitude, m.Latitude);
        Tenths(w, P_course, m.Course);
        w.WriteNumber(P_second, m.Second);
        w.WriteNumber(P_regional, m.Regional);
        w.WriteNumber(P_dte, m.Dte ? 1 : 0);
        w.WriteBoolean(P_raim, m.Raim);
        w.WriteNumber(P_radio, m.Radio);
    }

    private void WriteType18(Utf8JsonWriter w, in PositionReportClassB m)
    {
        w.WriteNumber(P_reserved, m.Reserved);
        Tenths(w, P_speed, m.Speed);
        w.WriteBoolean(P_accuracy, m.Accuracy);
        LonLat(w, m.Longitude, m.Latitude);
        Tenths(w, P_course, m.Course);
        w.WriteNumber(P_heading, m.Heading);
        w.WriteNumber(P_second, m.Second);
        w.WriteNumber(P_regional, m.Regional);
        w.WriteBoolean(P_cs, m.CarrierSense);
        w.WriteBoolean(P_display, m.Display);
        w.WriteBoolean(P_dsc, m.Dsc);
        w.WriteBoolean(P_band, m.Band);
        w.WriteBoolean(P_msg22, m.Msg22);
        w.WriteBoolean(P_raim, m.Raim);
        w.WriteNumber(P_radio, m.Radio);
    }

    private void WriteType19(Utf8JsonWriter w, in ExtendedPositionReportClassB m)
    {
        w.WriteNumber(P_reserved, m.Reserved);
        Tenths(w, P_speed, m.Speed);
        w.WriteBoolean(P_accuracy, m.Accuracy);
        LonLat(w, m.Longitude, m.Latitude);
        Tenths(w, P_course, m.Course);
        w.WriteNumber(P_heading, m.Heading);
        w.WriteNumber(P_second, m.Second);
        w.WriteNumber(P_regional, m.Regional);
        w.WriteString(P_shipname, m.ShipName);
        ShipType(w, m.ShipType);
        Dimensions(w, m.ToBow, m.ToStern, m.ToPort, m.ToStarboard);
        w.WriteNumber(P_epfd, m.Epfd);
        w.WriteString(P_epfd_text, GpsdLegends.EpfdText(m.Epfd));
        w.WriteBoolean(P_raim, m.Raim);
        w.WriteNumber(P_dte, m.Dte ? 1 : 0);
        w.WriteBoolean(P_assigned, m.Assigned);
    }

    private void WriteType21(Utf8JsonWriter w, in AidToNavigationReport m)
    {
        w.WriteNumber(P_aid_type, m.AidType);
        w.WriteString(P_aid_type_text, GpsdLegends.AidType(m.AidType));
        w.WriteString(P_name, m.Name);
        if (Scaled)
        {
            // gpsd's scaled type 21 puts lon/lat before accuracy.
            LonLat(w, m.Longitude, m.Latitude);
            w.WriteBoolean(P_accuracy, m.Accuracy);
        }
        else
        {
            w.WriteBoolean(P_accuracy, m.Accuracy);
            LonLat(w, m.Longitude, m.Latitude);
        }

        Dimensions(w, m.ToBow, m.ToStern, m.ToPort, m.ToStarboard);
        w.WriteNumber(P_epfd, m.Epfd);
        w.WriteString(P_epfd_text, GpsdLegends.EpfdText(m.Epfd));
        w.WriteNumber(P_second, m.Second);
        w.WriteNumber(P_regional, m.Regional);
        w.WriteBoolean(P_off_position, m.OffPosition);
        w.WriteBoolean(P_raim, m.Raim);
        w.WriteBoolean(P_virtual_aid, m.VirtualAid);
    }

    private void WriteType24(Utf8JsonWriter w, in StaticDataReport m, int context)
    {
        var cache = _type24[context];
        if (m.PartNumber == 0)
        {
            w.WriteString(P_part, "A"u8);
            w.WriteString(P_shipname, m.ShipName);
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
            w.WriteString(P_part, "B"u8);
        }
        else
        {
            w.WriteString(P_shipname, name);
        }

        ShipType(w, m.ShipType);
        w.WriteString(P_vendorid, m.VendorIdLegacy);
        w.WriteNumber(P_model, m.Model);
        w.WriteNumber(P_serial, m.Serial);
        w.WriteString(P_callsign, m.CallSign);
        if (m.IsAuxiliaryCraft)
        {
            w.WriteNumber(P_mothership_mmsi, m.MothershipMmsi);
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
            w.WriteString(P_status, GpsdLegends.Status(m.Status));
        }
        else
        {
            w.WriteNumber(P_status, m.Status);
        }

        w.WriteBoolean(P_accuracy, m.Accuracy);
        if (Scaled)
        {
            Fixed(w, P_lon, m.Longitude / 600.0, 1);
            Fixed(w, P_lat, m.Latitude / 600.0, 1);
        }
        else
        {
            w.WriteNumber(P_lon, m.Longitude);
            w.WriteNumber(P_lat, m.Latitude);
        }

        w.WriteNumber(P_speed, m.Speed);
        w.WriteNumber(P_course, m.Course);
        w.WriteBoolean(P_raim, m.Raim);
        w.WriteBoolean(P_gnss, m.PositionLatency);
    }

    private static void ShipType(Utf8JsonWriter w, int shipType)
    {
        w.WriteNumber(P_shiptype, shipType);
        w.WriteString(P_shiptype_text, GpsdLegends.ShipTypeText(shipType));
    }

    private static void Dimensions(Utf8JsonWriter w, int bow, int stern, int port, int starboard)
    {
        w.WriteNumber(P_to_bow, bow);
        w.WriteNumber(P_to_stern, stern);
        w.WriteNumber(P_to_port, port);
        w.WriteNumber(P_to_starboard, starboard);
    }

    private void LonLat(Utf8JsonWriter w, int lon, int lat)
    {
        if (Scaled)
        {
            Fixed(w, P_lon, lon / 600_000.0, 6);
            Fixed(w, P_lat, lat / 600_000.0, 6);
        }
        else
        {
            w.WriteNumber(P_lon, lon);
            w.WriteNumber(P_lat, lat);
        }
    }

    private void Tenths(Utf8JsonWriter w, JsonEncodedText name, int value)
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
    private static void Fixed(Utf8JsonWriter w, JsonEncodedText name, double value, int decimals)
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
