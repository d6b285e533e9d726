using System.Runtime.Serialization;

namespace MaritimeCoord.Contracts.Realtime;

/// <summary>
/// One vessel's position as pushed to a hub client. The same camelCase member names over JSON and MessagePack
/// (MessagePack honours <see cref="DataMemberAttribute.Name"/>), so the console reads both alike.
/// </summary>
[DataContract]
public sealed class LiveVesselPosition
{
    /// <summary>Vessel identity (MMSI).</summary>
    [DataMember(Name = "mmsi")] public int Mmsi { get; set; }

    /// <summary>Receive time of the report (UTC).</summary>
    [DataMember(Name = "observedAt")] public DateTime ObservedAt { get; set; }

    /// <summary>WGS84 degrees.</summary>
    [DataMember(Name = "latitude")] public double Latitude { get; set; }

    /// <summary>WGS84 degrees.</summary>
    [DataMember(Name = "longitude")] public double Longitude { get; set; }

    /// <summary>Knots, null when not available.</summary>
    [DataMember(Name = "speedKnots")] public double? SpeedKnots { get; set; }

    /// <summary>Degrees, null when not available.</summary>
    [DataMember(Name = "courseDegrees")] public double? CourseDegrees { get; set; }

    /// <summary>True heading in degrees, null when not available.</summary>
    [DataMember(Name = "heading")] public int? Heading { get; set; }

    /// <summary>ITU navigational status, null for class B.</summary>
    [DataMember(Name = "navigationalStatus")] public int? NavigationalStatus { get; set; }

    /// <summary>AIS message type of the report.</summary>
    [DataMember(Name = "messageType")] public int MessageType { get; set; }
}
