using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MaritimeCoord.Domain.Detection;
using MaritimeCoord.Domain.Detection.Scenarios;

namespace MaritimeCoord.Cli.Scenarios;

/// <summary>
/// Writes a generated scenario: <c>scenario.nmea</c> (AIS in arrival order, so replaying it delivers positions out of
/// order as planted), <c>sightings.ndjson</c> (the API's fields, absolute <c>observedAt</c>) and
/// <c>ground-truth.json</c> (planted events, areas as WKT, regions).
/// </summary>
public static class ScenarioWriter
{
    public const string NmeaFile = "scenario.nmea", SightingsFile = "sightings.ndjson", GroundTruthFile = "ground-truth.json";

    public static void Write(DetectionScenario scenario, string directory)
    {
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(false);
        using (var nmea = new StreamWriter(Path.Combine(directory, NmeaFile), false, utf8) { NewLine = "\r\n" })
        {
            long t0 = scenario.Start.ToUnixTimeMilliseconds();
            int sequence = 0;
            foreach (var v in scenario.Vessels)
            {
                foreach (var line in AivdmEncoder.StaticAndVoyage(v, t0, "AT SEA", sequence++ % 10)) nmea.WriteLine(line);
            }
            foreach (var d in scenario.Deliveries) nmea.WriteLine(AivdmEncoder.PositionReport(d.Report));
        }

        using (var sightings = new StreamWriter(Path.Combine(directory, SightingsFile), false, utf8))
        {
            foreach (var s in scenario.Sightings.OrderBy(s => s.DeliverAtMs))
            {
                sightings.WriteLine(new JsonObject
                {
                    ["observedAt"] = Iso(s.TimeMs),
                    ["latitude"] = s.Latitude,
                    ["longitude"] = s.Longitude,
                    ["boatDescription"] = s.BoatDescription,
                    ["personsOnBoard"] = s.PersonsOnBoard,
                    ["condition"] = s.Condition,
                    ["reporter"] = s.Reporter,
                }.ToJsonString());
            }
        }

        var truth = new JsonObject
        {
            ["start"] = scenario.Start.ToString("O", CultureInfo.InvariantCulture),
            ["end"] = scenario.End.ToString("O", CultureInfo.InvariantCulture),
            ["planted"] = new JsonArray([.. scenario.Planted.Select(p => (JsonNode)new JsonObject
            {
                ["kind"] = DetectionEvent.WireName(p.Kind),
                ["mmsi"] = p.Mmsi,
                ["otherMmsi"] = p.OtherMmsi,
                ["areaId"] = p.AreaId,
                ["sightingId"] = p.SightingId,
                ["start"] = Iso(p.StartMs),
                ["toleranceMinutes"] = p.ToleranceMs / 60_000.0,
                ["description"] = p.Description,
            })]),
            ["sightingIds"] = new JsonArray([.. scenario.Sightings.Select(s => (JsonNode)new JsonObject { ["id"] = s.Id, ["observedAt"] = Iso(s.TimeMs) })]),
            ["vessels"] = new JsonArray([.. scenario.Vessels.Select(v => (JsonNode)new JsonObject { ["mmsi"] = v.Mmsi, ["name"] = v.Name, ["role"] = v.Role })]),
            ["areas"] = new JsonArray([.. scenario.Areas.Select(a => (JsonNode)new JsonObject { ["id"] = a.Id, ["kind"] = a.Kind.ToString(), ["name"] = a.Name, ["wkt"] = a.Polygon.AsText() })]),
            ["regions"] = new JsonArray([.. scenario.Regions.Select(r => (JsonNode)new JsonObject { ["code"] = r.RegionCode, ["centreCode"] = r.CentreCode, ["wkt"] = r.Boundary.AsText() })]),
        };
        File.WriteAllText(Path.Combine(directory, GroundTruthFile), truth.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), utf8);
    }

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
