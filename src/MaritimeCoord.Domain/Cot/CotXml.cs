using System.Globalization;
using System.Text;
using System.Xml;

namespace MaritimeCoord.Domain.Cot;

/// <summary>Why an inbound CoT event was not read. Counted and logged by reason, never with the content.</summary>
public enum CotRejectReason
{
    None,
    Oversized,
    Dtd,
    Malformed,
    MissingField,
    OutOfRange,
}

/// <summary>
/// Writes and reads CoT XML. Reading is safe by construction: DTDs are refused (<see cref="DtdProcessing.Prohibit"/>,
/// so no entity can expand or reach a file or URL: XXE, "billion laughs"), no resolver, a character cap per event, and
/// only the attributes and detail elements this service uses are looked at.
/// </summary>
public static class CotXml
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One event as an XML document (with its declaration), ready to send as is on a stream or in a datagram.</summary>
    public static string Write(CotEvent e)
    {
        var sb = new StringBuilder(512);
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings
               {
                   OmitXmlDeclaration = true, Indent = false, NewLineHandling = NewLineHandling.Entitize, CheckCharacters = false,
               }))
        {
            w.WriteStartElement("event");
            w.WriteAttributeString("version", "2.0");
            w.WriteAttributeString("uid", Clean(e.Uid));
            w.WriteAttributeString("type", Clean(e.Type));
            w.WriteAttributeString("how", Clean(e.How));
            w.WriteAttributeString("time", Time(e.Time));
            w.WriteAttributeString("start", Time(e.Start));
            w.WriteAttributeString("stale", Time(e.Stale));
            w.WriteStartElement("point");
            w.WriteAttributeString("lat", e.Latitude.ToString("0.0000000", Inv));
            w.WriteAttributeString("lon", e.Longitude.ToString("0.0000000", Inv));
            w.WriteAttributeString("hae", e.HeightAboveEllipsoid.ToString("0.0", Inv));
            w.WriteAttributeString("ce", e.CircularError.ToString("0.0", Inv));
            w.WriteAttributeString("le", e.LinearError.ToString("0.0", Inv));
            w.WriteEndElement();
            w.WriteStartElement("detail");
            if (e.Callsign is not null)
            {
                w.WriteStartElement("contact");
                w.WriteAttributeString("callsign", Clean(e.Callsign));
                w.WriteEndElement();
            }
            if (e.Course is not null || e.Speed is not null)
            {
                w.WriteStartElement("track");
                w.WriteAttributeString("course", (e.Course ?? 0).ToString("0.0", Inv));
                w.WriteAttributeString("speed", (e.Speed ?? 0).ToString("0.00", Inv));
                w.WriteEndElement();
            }
            if (e.EmergencyType is not null || e.EmergencyCancel)
            {
                w.WriteStartElement("emergency");
                if (e.EmergencyType is not null) w.WriteAttributeString("type", Clean(e.EmergencyType));
                if (e.EmergencyCancel) w.WriteAttributeString("cancel", "true");
                if (e.EmergencyText is not null) w.WriteString(Clean(e.EmergencyText));
                w.WriteEndElement();
            }
            if (e.Shape is { } shape)
            {
                foreach (var (lat, lon) in shape.ClosedRing())
                {
                    w.WriteStartElement("link");
                    w.WriteAttributeString("point", lat.ToString("0.0000000", Inv) + "," + lon.ToString("0.0000000", Inv));
                    w.WriteEndElement();
                }
                WriteValue(w, "strokeColor", shape.StrokeArgb.ToString(Inv));
                WriteValue(w, "strokeWeight", shape.StrokeWeight.ToString("0.0", Inv));
                WriteValue(w, "fillColor", shape.FillArgb.ToString(Inv));
                WriteValue(w, "labels_on", "true");
            }
            if (e.Remarks is not null) w.WriteElementString("remarks", Clean(e.Remarks));
            if (e.AcceptedAt is { } accepted)
            {
                w.WriteStartElement("_mcoord");
                w.WriteAttributeString("accepted", Time(accepted));
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndElement();
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" + sb;
    }

    private static void WriteValue(XmlWriter w, string element, string value)
    {
        w.WriteStartElement(element);
        w.WriteAttributeString("value", value);
        w.WriteEndElement();
    }

    /// <summary>Milliseconds, UTC, "Z": the form TAK clients write.</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", Inv);

    // XML 1.0 cannot carry most control characters; operators' text could contain them.
    private static string Clean(string s)
    {
        foreach (var c in s)
            if (!XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c)) return new string([.. s.Where(XmlConvert.IsXmlChar)]);
        return s;
    }

    /// <summary>Reads one event (one XML document of at most <paramref name="maxChars"/> characters).</summary>
    public static CotRejectReason TryRead(string xml, int maxChars, out CotEvent? cot)
    {
        cot = null;
        if (xml.Length > maxChars) return CotRejectReason.Oversized;
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxChars,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = true,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return ReadEvent(reader, out cot);
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.Ordinal) || e.Message.Contains("DOCTYPE", StringComparison.Ordinal))
        {
            return CotRejectReason.Dtd;
        }
        catch (XmlException e) when (e.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal) || e.Message.Contains("exceed", StringComparison.OrdinalIgnoreCase))
        {
            return CotRejectReason.Oversized;
        }
        catch (XmlException)
        {
            return CotRejectReason.Malformed;
        }
    }

    private static CotRejectReason ReadEvent(XmlReader r, out CotEvent? cot)
    {
        cot = null;
        if (r.MoveToContent() != XmlNodeType.Element || r.LocalName != "event") return CotRejectReason.Malformed;
        string? uid = r.GetAttribute("uid"), type = r.GetAttribute("type"), how = r.GetAttribute("how");
        var time = ParseTime(r.GetAttribute("time"));
        var start = ParseTime(r.GetAttribute("start"));
        var stale = ParseTime(r.GetAttribute("stale"));
        if (string.IsNullOrEmpty(uid) || string.IsNullOrEmpty(type) || time is null || stale is null) return CotRejectReason.MissingField;
        if (uid.Length > 256 || type.Length > 64) return CotRejectReason.OutOfRange;

        double? lat = null, lon = null, hae = null, ce = null, le = null, course = null, speed = null;
        string? callsign = null, remarks = null, emergencyType = null, emergencyText = null;
        bool cancel = false;
        DateTimeOffset? accepted = null;
        int eventDepth = r.Depth;
        if (!r.IsEmptyElement)
        {
            r.Read();
            while (!r.EOF && r.Depth > eventDepth)
            {
                if (r.NodeType != XmlNodeType.Element)
                {
                    r.Read();
                    continue;
                }
                // ReadElementContentAsString moves past the element itself; every other case reads on.
                bool advanced = false;
                switch (r.LocalName)
                {
                    case "point" when r.Depth == eventDepth + 1:
                        lat = Num(r.GetAttribute("lat"));
                        lon = Num(r.GetAttribute("lon"));
                        hae = Num(r.GetAttribute("hae"));
                        ce = Num(r.GetAttribute("ce"));
                        le = Num(r.GetAttribute("le"));
                        break;
                    case "contact" when r.Depth == eventDepth + 2:
                        callsign = r.GetAttribute("callsign");
                        break;
                    case "track" when r.Depth == eventDepth + 2:
                        course = Num(r.GetAttribute("course"));
                        speed = Num(r.GetAttribute("speed"));
                        break;
                    case "emergency" when r.Depth == eventDepth + 2:
                        emergencyType = r.GetAttribute("type");
                        cancel = string.Equals(r.GetAttribute("cancel"), "true", StringComparison.OrdinalIgnoreCase);
                        if (!r.IsEmptyElement)
                        {
                            emergencyText = r.ReadElementContentAsString();
                            advanced = true;
                        }
                        break;
                    case "remarks" when r.Depth == eventDepth + 2:
                        if (!r.IsEmptyElement)
                        {
                            remarks = r.ReadElementContentAsString();
                            advanced = true;
                        }
                        break;
                    case "_mcoord" when r.Depth == eventDepth + 2:
                        accepted = ParseTime(r.GetAttribute("accepted"));
                        break;
                }
                if (!advanced) r.Read();
            }
        }
        // The rest of the document must be well formed too (nothing after the event but whitespace).
        while (r.Read()) { }

        if (lat is null || lon is null) return CotRejectReason.MissingField;
        if (lat is < -90 or > 90 || lon is < -180 or > 180 || double.IsNaN(lat.Value) || double.IsNaN(lon.Value)) return CotRejectReason.OutOfRange;
        cot = new CotEvent(uid, type, string.IsNullOrEmpty(how) ? "h-g-i-g-o" : how, time.Value, start ?? time.Value, stale.Value, lat.Value, lon.Value,
            hae ?? CotEvent.Unknown, ce ?? CotEvent.Unknown, le ?? CotEvent.Unknown)
        {
            Callsign = callsign, Remarks = remarks, Course = course, Speed = speed,
            EmergencyType = emergencyType, EmergencyCancel = cancel, EmergencyText = emergencyText?.Trim(), AcceptedAt = accepted,
        };
        return CotRejectReason.None;
    }

    private static double? Num(string? s) =>
        s is not null && double.TryParse(s, NumberStyles.Float, Inv, out var v) && double.IsFinite(v) ? v : null;

    private static DateTimeOffset? ParseTime(string? s) =>
        s is not null && DateTimeOffset.TryParse(s, Inv, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
}
