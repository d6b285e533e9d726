using System.Net;
using System.Net.Sockets;

namespace MaritimeCoord.Server.Ingest.Feeds;

/// <summary>One configured feed: started with the ingest service, stopped before the pipeline drains.</summary>
public abstract class IngestFeed(FeedOptions options, FeedThrottle throttle) : IDisposable
{
    public FeedOptions Options { get; } = options;

    /// <summary>The feed's sentence cap and its counts (delayed, dropped).</summary>
    public FeedThrottle Throttle { get; } = throttle;

    /// <summary>Bound address (server and UDP feeds; port 0 resolved) or the remote one (client feeds).</summary>
    public EndPoint? EndPoint { get; protected set; }

    public int OpenConnections => Volatile.Read(ref OpenConnectionCount);

    private protected int OpenConnectionCount;

    /// <summary>Connections refused since the feed started (TCP server feeds: allow-list and connection caps).</summary>
    public virtual long RefusedConnections => 0;

    /// <summary>Binds (so the port is known when the host has started) and starts the background loop.</summary>
    public abstract void Start(CancellationToken stopReading);

    /// <summary>Completes when the loops have ended (after <c>stopReading</c> was cancelled).</summary>
    public abstract Task Completion { get; }

    /// <summary>Call after <see cref="Completion"/>: no loop uses the cap any more.</summary>
    public void Dispose()
    {
        Throttle.Dispose();
        GC.SuppressFinalize(this);
    }

    internal static async Task<IPAddress> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var address)) return address;
        var addresses = await Dns.GetHostAddressesAsync(host, ct);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
    }
}
