namespace MaritimeCoord.Server.Cot;

/// <summary>Cursor-on-Target: what each centre shares with TAK and where, and its listener for its own units (docs/tak.md).</summary>
public sealed class CotOptions
{
    public const string Section = "Cot";

    /// <summary>Off unless set: a node runs the CoT links only when asked to (run them on one node).</summary>
    public bool Enabled { get; set; }

    public List<CotCentreOptions> Centres { get; set; } = [];

    /// <summary>How often each centre's picture is read from PostgreSQL and changes are sent.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Every marker is sent again this often even when nothing changed (receivers that joined late, a TAK Server restart).</summary>
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Stale time of incidents, sightings and assets: a receiver greys them out this long after the last send.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Stale time of a unit's relayed live position.</summary>
    public TimeSpan TrackStaleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Sightings older than this are not in the picture.</summary>
    public TimeSpan SightingsWithin { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Distinct markers that may wait per outbound connection (one pending event per uid: a newer one replaces it); more
    /// than this means the reader is not keeping up and it is dropped. Must exceed the picture (incidents, sightings,
    /// assets, search areas and the units' tracks).
    /// </summary>
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>A reader whose oldest pending marker has waited longer than this is slow and is dropped.</summary>
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A write that does not finish in this long counts the reader as stuck: the connection is dropped.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Unit positions are written to response_assets at most this often (newest per asset).</summary>
    public TimeSpan PositionFlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}

public sealed class CotCentreOptions
{
    /// <summary>The rescue centre code (e.g. JRCC-AUS). Its TAK sees the incidents it coordinates and those shared with it by handover.</summary>
    public string Centre { get; set; } = "";

    public bool ShareIncidents { get; set; } = true;
    public bool ShareSightings { get; set; } = true;
    public bool ShareTaskedAssets { get; set; } = true;

    /// <summary>Send the areas of issued search plans of the incidents shared with this centre, each with its assigned asset.</summary>
    public bool ShareSearchPlans { get; set; } = true;

    /// <summary>Relay the live positions of this centre's own units (from its listener) to its endpoints.</summary>
    public bool ShareUnitTracks { get; set; } = true;

    public List<CotEndpointOptions> Endpoints { get; set; } = [];

    public CotListenerOptions? Listener { get; set; }

    /// <summary>TAK callsign → asset code (response_assets.code, owned by this centre).</summary>
    public Dictionary<string, string> Units { get; set; } = [];

    /// <summary>Optional CSV file of "callsign,assetCode" lines, added to <see cref="Units"/> (large fleets).</summary>
    public string? UnitsFile { get; set; }
}

public enum CotTransport
{
    /// <summary>TAK Server streaming input, plain TCP (port 8088 by convention).</summary>
    Tcp,

    /// <summary>TAK Server streaming input over TLS with a client certificate (port 8089 by convention).</summary>
    Tls,

    /// <summary>The UDP mesh (SA multicast 239.2.3.1:6969 by convention) or a unicast address.</summary>
    Udp,
}

public sealed class CotEndpointOptions
{
    public string Name { get; set; } = "";

    /// <summary>This link's queue, when it should differ from <see cref="CotOptions.QueueCapacity"/>.</summary>
    public int? QueueCapacity { get; set; }

    /// <summary>This link's write timeout, when it should differ from <see cref="CotOptions.WriteTimeout"/>.</summary>
    public TimeSpan? WriteTimeout { get; set; }

    public CotTransport Transport { get; set; } = CotTransport.Tcp;
    public string Host { get; set; } = "";
    public int Port { get; set; } = 8088;

    /// <summary>TLS: the client certificate (PKCS#12 file) and its password.</summary>
    public string? ClientCertificate { get; set; }
    public string? ClientCertificatePassword { get; set; }

    /// <summary>TLS: the CA (PEM) the TAK Server's certificate must chain to; unset = the system's trust store.</summary>
    public string? TrustedCa { get; set; }

    /// <summary>TLS: the name the server certificate must carry (default: <see cref="Host"/>).</summary>
    public string? ServerName { get; set; }

    /// <summary>UDP: the local address of the interface to send multicast from; TTL of multicast datagrams.</summary>
    public string? Interface { get; set; }
    public int MulticastTtl { get; set; } = 1;
}

public sealed class CotListenerOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 8087;

    /// <summary>TLS: the server certificate (PKCS#12) and password; unset = plain TCP.</summary>
    public string? Certificate { get; set; }
    public string? CertificatePassword { get; set; }

    /// <summary>TLS: require a client certificate chaining to this CA (PEM).</summary>
    public string? ClientCa { get; set; }

    public int MaxConnections { get; set; } = 64;
    public int MaxConnectionsPerAddress { get; set; } = 8;
    public List<string> AllowedSenders { get; set; } = [];
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan RefusalLogInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An event larger than this is skipped and counted.</summary>
    public int MaxEventBytes { get; set; } = 16 * 1024;

    /// <summary>Token buckets, as for AIS feeds: the listener's and each connection's (events per second).</summary>
    public int MaxEventsPerSecond { get; set; } = 20_000;
    public int MaxEventsPerSecondPerConnection { get; set; } = 200;
}
