using System.Net;

namespace MaritimeCoord.Server.Ingest.Feeds;

/// <summary>The senders a TCP server feed accepts (<see cref="FeedOptions.AllowedSenders"/>): empty allows every address.</summary>
internal sealed class SenderAllowList
{
    private readonly IPNetwork[] _networks;

    public SenderAllowList(IEnumerable<string> entries) =>
        _networks = [.. entries.Select(e => TryParse(e, out var n) ? n : throw new ArgumentException($"Not an IP address or CIDR network: '{e}'", nameof(entries)))];

    public bool Allows(IPAddress address) => _networks.Length == 0 || _networks.Any(n => n.Contains(address));

    /// <summary>An address (a network of one) or a CIDR network; IPv4-mapped IPv6 senders are compared as IPv4.</summary>
    public static bool TryParse(string text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        if (IPAddress.TryParse(text, out var address))
        {
            network = new IPNetwork(address, address.GetAddressBytes().Length * 8);
            return true;
        }
        return IPNetwork.TryParse(text, out network);
    }

    public static IPAddress Normalise(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

/// <summary>Why a TCP server feed refused a connection.</summary>
internal enum RefusalReason
{
    FeedFull,
    AddressFull,
    NotAllowed,
}

/// <summary>
/// Refused connections, logged as a summary at most once per interval: a flood of connection attempts must not become a
/// flood of log lines (each a disk write and an alert). The first refusal is logged at once; later ones are counted
/// and told with the next refusal after the interval.
/// </summary>
internal sealed class RefusalLog(string feed, TimeSpan interval, TimeProvider clock, ILogger log)
{
    private readonly Lock _gate = new();
    private readonly long[] _pending = new long[Enum.GetValues<RefusalReason>().Length];
    private readonly long[] _total = new long[Enum.GetValues<RefusalReason>().Length];
    private DateTimeOffset _nextLogAt = DateTimeOffset.MinValue;

    /// <summary>Refusals since the feed started, by reason.</summary>
    public long Total(RefusalReason reason)
    {
        lock (_gate) return _total[(int)reason];
    }

    public void Refused(RefusalReason reason, EndPoint? remote)
    {
        long full, address, notAllowed;
        lock (_gate)
        {
            _pending[(int)reason]++;
            _total[(int)reason]++;
            var now = clock.GetUtcNow();
            if (now < _nextLogAt) return;
            _nextLogAt = now + interval;
            (full, address, notAllowed) = (_pending[(int)RefusalReason.FeedFull], _pending[(int)RefusalReason.AddressFull], _pending[(int)RefusalReason.NotAllowed]);
            Array.Clear(_pending);
        }
        log.LogWarning(
            "AIS feed {Feed}: refused {Refused} connection(s) since the last report ({Full} feed full, {AddressFull} over the per-address cap, {NotAllowed} not on the allow-list), the last from {Remote}; next report at most in {Interval}",
            feed, full + address + notAllowed, full, address, notAllowed, remote, interval);
    }
}
