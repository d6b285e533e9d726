using System.Globalization;
using System.Text;
using System.Xml;

namespace MaritimeCoord.Domain.Search;

/// <summary>
/// An asset's search route as ECDIS (RTZ, IEC 61174 route exchange format 1.1) and handhelds/OpenCPN (GPX 1.1) import
/// it. Pure: writes to the caller's stream or writer.
/// </summary>
public static class RouteExport
{
    public const string RtzNamespace = "http://www.cimne.com/RTZ";
    public const string GpxNamespace = "http://www.topografix.com/GPX/1/1";

    /// <summary>
    /// routeInfo (name, author, validity), one waypoint per turn point with its position and a rhumb-line leg at the
    /// search speed, and a calculated schedule with each waypoint's ETA (the times the moving datum was computed for).
    /// </summary>
    public static void WriteRtz(TextWriter output, string routeName, string author, IReadOnlyList<SearchWaypoint> waypoints, double speedKnots)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(waypoints);
        using var xml = XmlWriter.Create(output, Settings());
        xml.WriteStartDocument();
        xml.WriteStartElement("route", RtzNamespace);
        xml.WriteAttributeString("version", "1.1");
        xml.WriteStartElement("routeInfo", RtzNamespace);
        xml.WriteAttributeString("routeName", routeName);
        xml.WriteAttributeString("routeAuthor", author);
        if (waypoints.Count > 0)
        {
            xml.WriteAttributeString("validityPeriodStart", Time(waypoints[0].Time));
            xml.WriteAttributeString("validityPeriodStop", Time(waypoints[^1].Time));
        }
        xml.WriteEndElement();
        xml.WriteStartElement("waypoints", RtzNamespace);
        for (int i = 0; i < waypoints.Count; i++)
        {
            xml.WriteStartElement("waypoint", RtzNamespace);
            xml.WriteAttributeString("id", (i + 1).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("name", WaypointName(i));
            xml.WriteStartElement("position", RtzNamespace);
            xml.WriteAttributeString("lat", Degrees(waypoints[i].Position.Latitude));
            xml.WriteAttributeString("lon", Degrees(waypoints[i].Position.Longitude));
            xml.WriteEndElement();
            if (i > 0)
            {
                // In RTZ a waypoint's leg is the one arriving at it.
                xml.WriteStartElement("leg", RtzNamespace);
                xml.WriteAttributeString("speedMax", speedKnots.ToString("0.0#", CultureInfo.InvariantCulture));
                xml.WriteAttributeString("geometryType", "Loxodrome");
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteStartElement("schedules", RtzNamespace);
        xml.WriteStartElement("schedule", RtzNamespace);
        xml.WriteAttributeString("id", "1");
        xml.WriteAttributeString("name", "Search");
        xml.WriteStartElement("calculated", RtzNamespace);
        for (int i = 0; i < waypoints.Count; i++)
        {
            // "sheduleElement" is the standard's own spelling.
            xml.WriteStartElement("sheduleElement", RtzNamespace);
            xml.WriteAttributeString("waypointId", (i + 1).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString(i == 0 ? "etd" : "eta", Time(waypoints[i].Time));
            if (i > 0) xml.WriteAttributeString("speed", speedKnots.ToString("0.0#", CultureInfo.InvariantCulture));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    /// <summary>A GPX 1.1 route (rte/rtept) with each point's time.</summary>
    public static void WriteGpx(TextWriter output, string routeName, string description, IReadOnlyList<SearchWaypoint> waypoints)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(waypoints);
        using var xml = XmlWriter.Create(output, Settings());
        xml.WriteStartDocument();
        xml.WriteStartElement("gpx", GpxNamespace);
        xml.WriteAttributeString("version", "1.1");
        xml.WriteAttributeString("creator", "MaritimeCoord");
        xml.WriteStartElement("rte", GpxNamespace);
        xml.WriteElementString("name", GpxNamespace, routeName);
        xml.WriteElementString("desc", GpxNamespace, description);
        for (int i = 0; i < waypoints.Count; i++)
        {
            xml.WriteStartElement("rtept", GpxNamespace);
            xml.WriteAttributeString("lat", Degrees(waypoints[i].Position.Latitude));
            xml.WriteAttributeString("lon", Degrees(waypoints[i].Position.Longitude));
            xml.WriteElementString("time", GpxNamespace, Time(waypoints[i].Time));
            xml.WriteElementString("name", GpxNamespace, WaypointName(i));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    public static void WriteRtz(Stream output, string routeName, string author, IReadOnlyList<SearchWaypoint> waypoints, double speedKnots)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        WriteRtz(writer, routeName, author, waypoints, speedKnots);
    }

    public static void WriteGpx(Stream output, string routeName, string description, IReadOnlyList<SearchWaypoint> waypoints)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        WriteGpx(writer, routeName, description, waypoints);
    }

    private static XmlWriterSettings Settings() => new() { Indent = true, CloseOutput = false };

    private static string WaypointName(int index) => index == 0 ? "CSP" : $"WP{index + 1:000}";

    private static string Degrees(double value) => value.ToString("0.0000000", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
