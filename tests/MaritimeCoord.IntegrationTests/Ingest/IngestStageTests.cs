using System.Text;
using MaritimeCoord.Cli.Feeds;
using MaritimeCoord.Domain.Vessels;
using MaritimeCoord.Server.Ingest.Pipeline;

namespace MaritimeCoord.IntegrationTests.Ingest;

/// <summary>The pure stages, without a host or a server: milliseconds each.</summary>
public sealed class IngestStageTests
{
    private sealed class Lines : ILineSink
    {
        public List<string> All { get; } = [];
        public void OnLine(ReadOnlySpan<byte> line) => All.Add(Encoding.ASCII.GetString(line));
    }

    private static PositionReport At(int mmsi, long ms, ulong hash = 1, double lon = 110, double lat = -8) =>
        new(mmsi, ms, 1, lon, lat, 10f, 90f, 90, 0, hash);

    [Fact]
    public void Framer_joins_lines_split_across_reads_and_strips_CR()
    {
        var framer = new LineFramer();
        var sink = new Lines();
        framer.Push("!AIVDM,1,1,,A,abc,0*00\r\n!AIV"u8, sink, out _);
        framer.Push("DM,1,1,,B,def,0*00\r\n\n"u8, sink, out _);
        Assert.Equal(["!AIVDM,1,1,,A,abc,0*00", "!AIVDM,1,1,,B,def,0*00", ""], sink.All);
    }

    [Fact]
    public void Framer_drops_an_overlong_line_once_and_recovers_at_the_next_newline()
    {
        var framer = new LineFramer(maxLineLength: 16);
        var sink = new Lines();
        framer.Push(Encoding.ASCII.GetBytes(new string('x', 10)), sink, out int a);
        framer.Push(Encoding.ASCII.GetBytes(new string('x', 10)), sink, out int b);
        framer.Push(Encoding.ASCII.GetBytes(new string('x', 50) + "\nok\n"), sink, out int c);
        Assert.Equal(1, a + b + c);
        Assert.Equal(["ok"], sink.All);
    }

    [Fact]
    public void Decode_stage_keeps_valid_positions_and_counts_positions_without_a_fix()
    {
        var stage = new AisDecodeStage { ArrivalMs = 1_700_000_000_000 };
        // Class A at 37.80 N 122.39 W (gpsd sample) with a tag-block time, then a type 1 whose position is "not available".
        stage.OnLine(@"\c:1565218798*53\!BSVDM,1,1,,A,13mb9U0P00PRk8fT5nw>4?wj2006,0*5D"u8);
        stage.OnLine(Encoding.ASCII.GetBytes(Sentence("AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0")));
        var chunk = stage.TakeChunk();
        var p = Assert.Single(chunk.Positions, x => x.ObservedAtMs == 1_565_218_798_000);
        Assert.InRange(p.Latitude, -90, 90);
        Assert.True(stage.TakeChunk().IsEmpty);
    }

    [Fact]
    public void Validation_rejects_missing_fixes_bad_mmsi_and_out_of_range_coordinates()
    {
        Assert.Equal(PositionRejectReason.PositionNotAvailable, PositionRules.Validate(123456789, null, 10));
        Assert.Equal(PositionRejectReason.InvalidMmsi, PositionRules.Validate(0, 10, 10));
        Assert.Equal(PositionRejectReason.PositionOutOfRange, PositionRules.Validate(123456789, 10, 95));
        Assert.Equal(PositionRejectReason.None, PositionRules.Validate(123456789, -180, 90));
    }

    [Fact]
    public void An_implausible_receive_time_falls_back_to_the_arrival_time()
    {
        long arrival = 1_700_000_000_000;
        Assert.Equal(arrival - 5000, PositionRules.ObservedAt(arrival - 5000, arrival, out bool ok));
        Assert.False(ok);
        Assert.Equal(arrival, PositionRules.ObservedAt(0, arrival, out bool old));
        Assert.True(old);
        Assert.Equal(arrival, PositionRules.ObservedAt(arrival + 86_400_000, arrival, out bool future));
        Assert.True(future);
        Assert.Equal(arrival, PositionRules.ObservedAt(-1, arrival, out bool none));
        Assert.False(none);
    }

    [Fact]
    public void The_same_payload_of_the_same_vessel_within_the_window_is_a_duplicate()
    {
        var dedup = new VesselDeduplicator(windowMs: 30_000);
        Assert.False(dedup.IsDuplicate(At(1, 1_000_000, hash: 7)));
        Assert.True(dedup.IsDuplicate(At(1, 1_020_000, hash: 7)));   // heard again by another station
        Assert.False(dedup.IsDuplicate(At(2, 1_020_000, hash: 7)));  // another vessel
        Assert.False(dedup.IsDuplicate(At(1, 1_020_000, hash: 8)));  // another transmission
        Assert.False(dedup.IsDuplicate(At(1, 1_040_000, hash: 7)));  // same bytes, 40 s later: a new report
    }

    [Fact]
    public void A_batch_is_ordered_per_vessel_deduplicated_and_reduced_to_the_newest_per_vessel()
    {
        PositionReport[] batch = [At(2, 300, 1), At(1, 200, 2), At(2, 100, 3), At(1, 100, 4), At(1, 150, 4)];
        BatchOrdering.SortByVesselAndTime(batch);
        Assert.Equal([(1, 100L), (1, 150L), (1, 200L), (2, 100L), (2, 300L)], batch.Select(p => (p.Mmsi, p.ObservedAtMs)));
        int kept = BatchOrdering.RemoveDuplicates(batch, new VesselDeduplicator(30_000));
        Assert.Equal(4, kept);
        var newest = new List<PositionReport>();
        BatchOrdering.NewestPerVessel(batch.AsSpan(0, kept), newest);
        Assert.Equal([(1, 200L), (2, 300L)], newest.Select(p => (p.Mmsi, p.ObservedAtMs)));
    }

    [Fact]
    public void Static_reports_merge_field_by_field_with_the_later_one_winning_and_nulls_never_erasing()
    {
        var partA = new VesselStaticReport(5, 1000, 24) { Name = "OLD NAME" };
        var partB = new VesselStaticReport(5, 2000, 24) { CallSign = "ABCD", ShipType = 30 };
        var late = new VesselStaticReport(5, 500, 5) { Name = "OLDER", Destination = "BENOA" };
        var merged = BatchOrdering.MergePerVessel([partA, partB, late]).Single();
        Assert.Equal(("OLD NAME", "ABCD", (short?)30, "BENOA"), (merged.Name, merged.CallSign, merged.ShipType, merged.Destination));
    }

    [Fact]
    public void The_coalescer_keeps_only_the_newest_position_per_vessel_per_interval()
    {
        var coalescer = new PositionCoalescer();
        coalescer.Add(At(1, 200));
        coalescer.Add(At(1, 100));
        coalescer.Add(At(2, 50));
        Assert.Equal([(1, 200L), (2, 50L)], coalescer.Drain().Select(p => (p.Mmsi, p.ObservedAtMs)).OrderBy(x => x.Mmsi));
        Assert.Empty(coalescer.Drain());
    }

    [Fact]
    public async Task Replay_with_original_timing_waits_as_the_capture_did_and_max_rate_does_not()
    {
        var capture = string.Join("\n",
            @"\c:1700000000*00\!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24",
            @"\c:1700000002*00\!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24",
            "no timestamp: follows the previous line") + "\n";
        var bytes = Encoding.ASCII.GetBytes(capture);
        using var output = new MemoryStream();
        var timed = await NmeaReplay.ReplayAsync(() => new MemoryStream(bytes), output, new ReplayOptions(new ReplayRate(false, true, 0), Speed: 10), default);
        Assert.Equal(3, timed.Lines);
        Assert.InRange(timed.Elapsed, TimeSpan.FromMilliseconds(190), TimeSpan.FromSeconds(5)); // 2 s of capture at 10×
        Assert.Equal(capture, Encoding.ASCII.GetString(output.ToArray()));

        var fast = await NmeaReplay.ReplayAsync(() => new MemoryStream(bytes), Stream.Null, new ReplayOptions(ReplayRate.AsFastAsPossible), default);
        Assert.Equal(3, fast.Lines);
        Assert.True(fast.Elapsed < TimeSpan.FromMilliseconds(190));
    }

    /// <summary>A receiver slower than the pace: the time spent writing must never turn the next wait negative (Task.Delay throws on one).</summary>
    [Fact]
    public async Task A_paced_replay_into_a_slow_receiver_sends_every_line()
    {
        var capture = string.Concat(Enumerable.Range(0, 400).Select(i => $"!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24\n"));
        var bytes = Encoding.ASCII.GetBytes(capture);
        await using var slow = new SlowStream(TimeSpan.FromMilliseconds(15));
        var result = await NmeaReplay.ReplayAsync(() => new MemoryStream(bytes), slow, new ReplayOptions(new ReplayRate(false, false, 2_000)), default);
        Assert.Equal(400, result.Lines);
        Assert.Equal(bytes.Length, slow.Written);
    }

    private sealed class SlowStream(TimeSpan perWrite) : Stream
    {
        public long Written { get; private set; }
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(perWrite, cancellationToken);
            Written += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Written;
        public override long Position { get => Written; set => throw new NotSupportedException(); }
    }

    private static string Sentence(string body)
    {
        int c = 0;
        foreach (char ch in body) c ^= ch;
        return $"!{body}*{c:X2}";
    }
}
