using System.Globalization;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Cot;

/// <summary>The configured centres' feeds and listeners, and the counters; runs the outbound links while the host runs.</summary>
public sealed class CotRuntime : BackgroundService
{
    private readonly List<CotListener> _listeners = [];

    public CotRuntime(IOptions<CotOptions> options, CotCounters counters, CotUnitPositions positions, CotEmergencies emergencies,
        TimeProvider clock, ILoggerFactory logs)
    {
        Counters = counters;
        var log = logs.CreateLogger("MaritimeCoord.Server.Cot");
        Feeds = [.. options.Value.Centres.Select(c => new CotCentreFeed(c, options.Value, counters, clock, log))];
        foreach (var feed in Feeds)
            if (feed.Options.Listener is { } listener)
                _listeners.Add(new CotListener(feed, listener, LoadUnits(feed.Options), options.Value, counters, positions, emergencies, clock,
                    logs.CreateLogger<CotListener>()));
    }

    public CotCounters Counters { get; }
    internal IReadOnlyList<CotCentreFeed> Feeds { get; }
    internal IReadOnlyList<CotListener> Listeners => _listeners;

    /// <summary>Where a centre's listener listens (null: it has none).</summary>
    public System.Net.EndPoint? ListenerEndPoint(string centre) => _listeners.FirstOrDefault(l => l.Centre == centre)?.EndPoint;

    internal CotCentreFeed? Feed(string centre) => Feeds.FirstOrDefault(f => f.Centre == centre);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Listeners bind before the host reports started, so their ports are known (tests configure port 0).
        foreach (var listener in _listeners) listener.Start();
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll([.. Feeds.SelectMany(f => f.Links).Select(l => l.RunAsync(stoppingToken)), .. _listeners.Select(l => l.RunAsync(stoppingToken))]);

    public override void Dispose()
    {
        foreach (var listener in _listeners) listener.Dispose();
        base.Dispose();
    }

    /// <summary>Callsign → asset code, from configuration and the optional CSV file (callsign,assetCode per line).</summary>
    internal static Dictionary<string, string> LoadUnits(CotCentreOptions centre)
    {
        var units = new Dictionary<string, string>(centre.Units, StringComparer.Ordinal);
        if (centre.UnitsFile is { Length: > 0 } file)
        {
            foreach (var line in File.ReadLines(file))
            {
                var t = line.Trim();
                if (t.Length == 0 || t.StartsWith('#')) continue;
                var comma = t.IndexOf(',', StringComparison.Ordinal);
                if (comma <= 0 || comma == t.Length - 1)
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Cot units file {file}: a line is not \"callsign,assetCode\"."));
                units[t[..comma].Trim()] = t[(comma + 1)..].Trim();
            }
        }
        return units;
    }
}
