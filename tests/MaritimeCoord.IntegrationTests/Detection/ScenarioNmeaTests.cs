using System.Text;
using MaritimeCoord.Cli.Commands;
using MaritimeCoord.Cli.Scenarios;
using MaritimeCoord.Domain.Detection;
using MaritimeCoord.Domain.Detection.Scenarios;
using MaritimeCoord.Domain.Vessels;
using MaritimeCoord.Server.Ingest.Pipeline;

namespace MaritimeCoord.IntegrationTests.Detection;

/// <summary>
/// The scenario's NMEA through the server's own decode+validate stage (no server needed): the encoder round-trips,
/// and the detectors find exactly the planted events from the decoded positions.
/// </summary>
public sealed class ScenarioNmeaTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Encoded_positions_decode_to_the_same_values()
    {
        var scenario = ScenarioGenerator.Generate(5, Start);
        var stage = new AisDecodeStage { ArrivalMs = Start.AddDays(2).ToUnixTimeMilliseconds() };
        foreach (var d in scenario.Deliveries.Take(2000)) stage.OnLine(Encoding.ASCII.GetBytes(AivdmEncoder.PositionReport(d.Report)));
        var decoded = stage.TakeChunk().Positions;
        var expected = scenario.Deliveries.Take(2000).Select(d => d.Report).Where(r => r.Mmsi is > 0 and <= 999_999_999).ToList();

        Assert.Equal(stage.DecoderStats.Messages, stage.DecoderStats.Sentences);
        Assert.Equal(expected.Count, decoded.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], decoded[i]);
            Assert.Equal((e.Mmsi, e.ObservedAtMs, e.NavigationalStatus), (a.Mmsi, a.ObservedAtMs, a.NavigationalStatus));
            Assert.Equal(e.Latitude, a.Latitude, 1e-6);
            Assert.Equal(e.Longitude, a.Longitude, 1e-6);
            Assert.Equal(e.SpeedKnots, a.SpeedKnots, 0.051);
            Assert.Equal(e.CourseDegrees, a.CourseDegrees, 0.051);
        }
    }

    [Fact]
    public void Static_reports_decode_to_the_vessel_registry()
    {
        var scenario = ScenarioGenerator.Generate(5, Start);
        var stage = new AisDecodeStage { ArrivalMs = Start.AddDays(2).ToUnixTimeMilliseconds() };
        int seq = 0;
        foreach (var v in scenario.Vessels)
            foreach (var line in AivdmEncoder.StaticAndVoyage(v, Start.ToUnixTimeMilliseconds(), "AT SEA", seq++ % 10)) stage.OnLine(Encoding.ASCII.GetBytes(line));
        var statics = stage.TakeChunk().Statics;
        Assert.Equal(scenario.Vessels.Select(v => (v.Mmsi, v.Name, v.CallSign)), statics.Select(s => (s.Mmsi, s.Name!, s.CallSign!)));
    }

    [Fact]
    public async Task Mcoord_scenario_generate_writes_files_whose_nmea_gives_every_planted_event_and_nothing_else()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mcoord-scenario-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            int exit = await MaritimeCli.Build().Parse(["scenario", "generate", "--out", dir, "--seed", "11", "--start", "2026-11-01T00:00:00Z"]).InvokeAsync();
            Assert.Equal(0, exit);
            Assert.True(File.Exists(Path.Combine(dir, ScenarioWriter.SightingsFile)));
            Assert.Contains("\"planted\"", await File.ReadAllTextAsync(Path.Combine(dir, ScenarioWriter.GroundTruthFile)), StringComparison.Ordinal);

            var scenario = ScenarioGenerator.Generate(11, Start);
            var state = new DetectionState(scenario.Settings());
            var stage = new AisDecodeStage { ArrivalMs = Start.AddDays(2).ToUnixTimeMilliseconds() };
            long watermark = Start.ToUnixTimeMilliseconds();
            var lines = await File.ReadAllLinesAsync(Path.Combine(dir, ScenarioWriter.NmeaFile));
            var sightings = scenario.Sightings.OrderBy(s => s.DeliverAtMs).ToList();
            int nextSighting = 0;
            foreach (var chunk in lines.Chunk(500))
            {
                foreach (var line in chunk) stage.OnLine(Encoding.ASCII.GetBytes(line));
                var positions = stage.TakeChunk().Positions.ToArray();
                foreach (var p in positions) watermark = Math.Max(watermark, p.ObservedAtMs);
                var due = new List<SightingObservation>();
                for (; nextSighting < sightings.Count && sightings[nextSighting].DeliverAtMs <= watermark; nextSighting++) due.Add(sightings[nextSighting].Observation);
                DetectionEngine.Process(state, positions, due, watermark);
            }
            DetectionEngine.Process(state, ReadOnlySpan<PositionReport>.Empty, sightings.Skip(nextSighting).Select(s => s.Observation), watermark);

            var active = state.ActiveEvents.ToList();
            Assert.All(scenario.Planted, p => Assert.Contains(active, p.Matches));
            Assert.All(active, e => Assert.Contains(scenario.Planted, p => p.Matches(e)));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
