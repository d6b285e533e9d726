using System.Runtime.Serialization;

namespace MaritimeCoord.Contracts.Realtime;

/// <summary>The answer to the hub's <c>CatchUp(stream, afterSeq)</c>: the events after a number, in order.</summary>
[DataContract]
public sealed class CatchUpPage
{
    /// <summary>The stream read.</summary>
    [DataMember(Name = "stream")] public string Stream { get; set; } = "";

    /// <summary>Events after the asked number, ascending, at most one page.</summary>
    [DataMember(Name = "events")] public IReadOnlyList<SequencedEvent> Events { get; set; } = [];

    /// <summary>True when more follow: ask again after the last one returned.</summary>
    [DataMember(Name = "more")] public bool More { get; set; }
}

/// <summary>One numbered event: the client method name it is pushed as and its payload (the bus contract's fields).</summary>
[DataContract]
public sealed class SequencedEvent
{
    /// <summary>The stream the number belongs to.</summary>
    [DataMember(Name = "stream")] public string Stream { get; set; } = "";

    /// <summary>The event's number in its stream.</summary>
    [DataMember(Name = "seq")] public long Seq { get; set; }

    /// <summary>Client method name, e.g. incidentPhaseChanged.</summary>
    [DataMember(Name = "name")] public string Name { get; set; } = "";

    /// <summary>The event as pushed live: the contract's camelCase fields plus <c>stream</c> and <c>seq</c>.</summary>
    [DataMember(Name = "payload")] public IReadOnlyDictionary<string, object?> Payload { get; set; } = new Dictionary<string, object?>();
}
