using System.Runtime.Serialization;

namespace MaritimeCoord.Contracts.Realtime;

/// <summary>
/// A numbered situation stream the client receives (<c>centre:CODE</c>, <c>all-centres</c>, <c>incident:ID</c>) and the
/// number of its newest event. Numbers run 1, 2, 3 … without holes (docs/realtime.md).
/// </summary>
[DataContract]
public sealed class StreamPosition
{
    /// <summary>Stream name, also the SignalR group its live events go to.</summary>
    [DataMember(Name = "stream")] public string Stream { get; set; } = "";

    /// <summary>Number of the stream's newest event (0: none yet).</summary>
    [DataMember(Name = "lastSeq")] public long LastSeq { get; set; }
}
