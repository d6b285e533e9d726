using System.Text;
using MaritimeCoord.Domain.Cot;
using MaritimeCoord.Domain.Incidents;

namespace MaritimeCoord.Domain.Tests.Cot;

public sealed class CotXmlTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static CotEvent Sample(string uid = "u-1", double lat = -8.2, double lon = 114.5) =>
        new(uid, "a-f-G-U-C", "m-g", T, T, T.AddMinutes(2), lat, lon) { Callsign = "RESCUE-1", Remarks = "a < b & \"c\"", Course = 90, Speed = 5 };

    [Fact]
    public void What_is_written_reads_back_the_same()
    {
        var e = Sample() with { AcceptedAt = T, EmergencyType = "911 Alert", EmergencyText = "RESCUE-1" };
        Assert.Equal(CotRejectReason.None, CotXml.TryRead(CotXml.Write(e), 16_384, out var read));
        Assert.Equal(e, read);
    }

    [Fact]
    public void Control_characters_in_text_are_left_out_instead_of_breaking_the_document()
    {
        var e = Sample() with { Remarks = "bad\u0001text\u0000", Callsign = "X\u0002" };
        Assert.Equal(CotRejectReason.None, CotXml.TryRead(CotXml.Write(e), 16_384, out var read));
        Assert.Equal("badtext", read!.Remarks);
        Assert.Equal("X", read.Callsign);
    }

    [Fact]
    public void A_DTD_is_refused_so_no_entity_is_ever_expanded()
    {
        const string xxe = """<?xml version="1.0"?><!DOCTYPE event [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><event version="2.0" uid="x" type="a-f-G" how="m-g" time="2026-12-07T10:00:00Z" start="2026-12-07T10:00:00Z" stale="2026-12-07T10:05:00Z"><point lat="1" lon="1"/><detail><remarks>&xxe;</remarks></detail></event>""";
        Assert.Equal(CotRejectReason.Dtd, CotXml.TryRead(xxe, 16_384, out var e));
        Assert.Null(e);
        const string internalEntity = """<!DOCTYPE event [<!ENTITY a "aaaa">]><event uid="x" type="a" time="2026-12-07T10:00:00Z" stale="2026-12-07T10:05:00Z"><point lat="1" lon="1"/></event>""";
        Assert.Equal(CotRejectReason.Dtd, CotXml.TryRead(internalEntity, 16_384, out _));
    }

    [Theory]
    [InlineData("<event uid=\"x\"", CotRejectReason.Malformed)]
    [InlineData("<notevent/>", CotRejectReason.Malformed)]
    [InlineData("<event type=\"a-f\" time=\"2026-12-07T10:00:00Z\" stale=\"2026-12-07T10:05:00Z\"><point lat=\"1\" lon=\"1\"/></event>", CotRejectReason.MissingField)]
    [InlineData("<event uid=\"x\" type=\"a-f\" time=\"2026-12-07T10:00:00Z\" stale=\"2026-12-07T10:05:00Z\"><detail/></event>", CotRejectReason.MissingField)]
    [InlineData("<event uid=\"x\" type=\"a-f\" time=\"2026-12-07T10:00:00Z\" stale=\"2026-12-07T10:05:00Z\"><point lat=\"91\" lon=\"1\"/></event>", CotRejectReason.OutOfRange)]
    [InlineData("<event uid=\"x\" type=\"a-f\" time=\"2026-12-07T10:00:00Z\" stale=\"2026-12-07T10:05:00Z\"><point lat=\"NaN\" lon=\"1\"/></event>", CotRejectReason.MissingField)]
    [InlineData("<event uid=\"x\" type=\"a-f\" time=\"2026-12-07T10:00:00Z\" stale=\"2026-12-07T10:05:00Z\"><point lat=\"1\" lon=\"1\"/></event><event/>", CotRejectReason.Malformed)]
    public void Bad_events_are_refused_by_reason(string xml, CotRejectReason reason) =>
        Assert.Equal(reason, CotXml.TryRead(xml, 16_384, out _));

    [Fact]
    public void An_event_over_the_size_bound_is_refused_as_oversized()
    {
        var big = Sample() with { Remarks = new string('a', 20_000) };
        Assert.Equal(CotRejectReason.Oversized, CotXml.TryRead(CotXml.Write(big), 16_384, out _));
    }

    [Fact]
    public void The_splitter_finds_the_same_events_however_the_stream_is_cut()
    {
        var rng = new Random(42);
        var events = Enumerable.Range(0, 50).Select(i => CotXml.Write(Sample($"u-{i}", -8 - i * 0.01))).ToList();
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", events) + "\n");
        for (int run = 0; run < 200; run++)
        {
            var splitter = new CotStreamSplitter(4096);
            var got = new List<string>();
            int at = 0;
            while (at < bytes.Length)
            {
                int n = Math.Min(bytes.Length - at, rng.Next(1, 700));
                splitter.Push(bytes.AsSpan(at, n), got.Add);
                at += n;
            }
            Assert.Equal(events, got);
            Assert.Equal(0, splitter.Oversized);
        }
    }

    [Fact]
    public void An_oversized_event_is_skipped_and_counted_and_the_next_one_is_read()
    {
        var rng = new Random(7);
        var small1 = CotXml.Write(Sample("before"));
        var huge = CotXml.Write(Sample("huge") with { Remarks = new string('x', 50_000) });
        var small2 = CotXml.Write(Sample("after"));
        var bytes = Encoding.UTF8.GetBytes(small1 + huge + small2);
        for (int run = 0; run < 100; run++)
        {
            var splitter = new CotStreamSplitter(2048);
            var got = new List<string>();
            int at = 0;
            while (at < bytes.Length)
            {
                int n = Math.Min(bytes.Length - at, rng.Next(1, 3000));
                splitter.Push(bytes.AsSpan(at, n), got.Add);
                at += n;
            }
            Assert.Equal([small1, small2], got);
            Assert.Equal(1, splitter.Oversized);
        }
    }

    [Fact]
    public void A_stream_that_never_closes_an_event_holds_at_most_the_bound()
    {
        var splitter = new CotStreamSplitter(1024);
        var got = new List<string>();
        var junk = Encoding.UTF8.GetBytes(new string('<', 10_000));
        for (int i = 0; i < 100; i++) splitter.Push(junk, got.Add);
        Assert.Empty(got);
        Assert.Equal(1, splitter.Oversized);
    }
}

public sealed class CotPictureAndInboundTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(IncidentPhase.Uncertainty, CotTypes.IncidentUncertainty)]
    [InlineData(IncidentPhase.Alert, CotTypes.IncidentAlert)]
    [InlineData(IncidentPhase.Distress, CotTypes.IncidentDistress)]
    public void An_incidents_type_follows_its_phase_and_its_uid_does_not(IncidentPhase phase, string type)
    {
        var id = Guid.NewGuid();
        var e = CotPicture.Incident(new CotIncident(id, "MC-2026-00001", phase, -8, 114, T, 40, "BASARNAS-IDN"), T, TimeSpan.FromMinutes(5));
        Assert.Equal(type, e.Type);
        Assert.Equal($"mcoord.incident.{id:D}", e.Uid);
        Assert.Equal(T.AddMinutes(5), e.Stale);
        Assert.Equal(CotTypes.HowMachineCalculated, e.How);
    }

    [Fact]
    public void A_withdrawn_marker_is_stale_at_once()
    {
        var e = CotPicture.Asset(new CotAsset("IDN-KN-BWI-1", "KN Banyuwangi", "patrol-boat", -8, 114, T, "MC-1"), T, TimeSpan.FromMinutes(5));
        var w = CotPicture.Withdraw(e, T.AddMinutes(1));
        Assert.Equal(e.Uid, w.Uid);
        Assert.Equal(w.Time, w.Stale);
    }

    private static CotEvent E(string type, string uid = "ANDROID-1", string? callsign = "RESCUE-1") =>
        new(uid, type, "m-g", T, T, T.AddMinutes(1), -8, 114) { Callsign = callsign };

    [Fact]
    public void Inbound_events_are_positions_emergencies_cancels_or_ignored()
    {
        Assert.Equal(CotInboundKind.Position, CotInbound.Classify(E("a-f-G-U-C")));
        Assert.Equal(CotInboundKind.Position, CotInbound.Classify(E("a-f-S")));
        Assert.Equal(CotInboundKind.Emergency, CotInbound.Classify(E("b-a-o-tbl")));
        Assert.Equal(CotInboundKind.Emergency, CotInbound.Classify(E("b-a-o-pan")));
        Assert.Equal(CotInboundKind.EmergencyCancel, CotInbound.Classify(E("b-a-o-can")));
        Assert.Equal(CotInboundKind.EmergencyCancel, CotInbound.Classify(E("b-a-o-tbl") with { EmergencyCancel = true, EmergencyType = "911 Alert" }));
        Assert.Equal(CotInboundKind.Ignored, CotInbound.Classify(E("b-t-f")));
        Assert.Equal(CotInboundKind.Ignored, CotInbound.Classify(E("a-h-G")));
        Assert.Equal(CotInboundKind.Ignored, CotInbound.Classify(E("t-x-c-t")));
        // Our own events echoed back by a TAK Server are never taken as a unit's.
        Assert.Equal(CotInboundKind.Ignored, CotInbound.Classify(E("a-f-S", uid: "mcoord.asset.X")));
    }

    [Fact]
    public void The_unit_of_an_alert_is_the_emergency_text_or_the_callsign_without_the_alert_suffix()
    {
        Assert.Equal("RESCUE-1", CotInbound.UnitCallsign(E("b-a-o-tbl", callsign: "RESCUE-1-Alert")));
        Assert.Equal("RESCUE-2", CotInbound.UnitCallsign(E("b-a-o-tbl", callsign: "RESCUE-1-Alert") with { EmergencyText = " RESCUE-2 " }));
        Assert.Null(CotInbound.UnitCallsign(E("a-f-G", callsign: null)));
    }
}
