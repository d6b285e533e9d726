using MaritimeCoord.Server.Ingest.Feeds;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Ingest;

/// <summary>
/// Runs the configured feeds and the pipeline on nodes with <c>Server:Ingest</c>. Stop order: feeds stop reading,
/// then the pipeline commits everything already queued (bounded by the host's shutdown timeout).
/// </summary>
public sealed class AisIngestService(
    IOptions<IngestOptions> options, IngestPipeline pipeline, IngestCounters counters, TimeProvider clock, ILoggerFactory logs)
    : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopReading = new();
    private readonly List<IngestFeed> _feeds = [];

    public IReadOnlyList<IngestFeed> Feeds => _feeds;

    public IngestFeed Feed(string name) => _feeds.Single(f => string.Equals(f.Options.Name, name, StringComparison.Ordinal));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        pipeline.Start();
        foreach (var feed in options.Value.Feeds)
        {
            var log = logs.CreateLogger($"MaritimeCoord.Ingest.Feed.{feed.Name}");
            var throttle = new FeedThrottle(feed, options.Value, counters, clock, log);
            IngestFeed instance = feed.Kind switch
            {
                FeedKind.TcpServer => new TcpServerFeed(feed, throttle, pipeline, counters, clock, log),
                FeedKind.TcpClient => new TcpClientFeed(feed, throttle, pipeline, counters, clock, log),
                FeedKind.Udp => new UdpFeed(feed, throttle, pipeline, counters, clock, log),
                _ => throw new InvalidOperationException($"Unknown feed kind {feed.Kind}"),
            };
            instance.Start(_stopReading.Token);
            _feeds.Add(instance);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopReading.CancelAsync();
        await Task.WhenAll(_feeds.Select(f => f.Completion)).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        await pipeline.StopAsync(cancellationToken);
    }

    public void Dispose()
    {
        _stopReading.Dispose();
        foreach (var feed in _feeds) feed.Dispose();
    }
}
