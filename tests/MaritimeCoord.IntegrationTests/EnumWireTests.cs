using MaritimeCoord.Domain.Responders;
using MaritimeCoord.Persistence.Spatial;

namespace MaritimeCoord.IntegrationTests;

/// <summary>kebab-case wire names of the enums stored as text: the fast canonical lookup and the tolerant fallback agree.</summary>
public sealed class EnumWireTests
{
    [Fact]
    public void Every_value_round_trips_through_its_wire_name()
    {
        foreach (var type in Enum.GetValues<AssetType>()) Assert.Equal(type, EnumWire.Parse<AssetType>(EnumWire.Name(type)));
        foreach (var availability in Enum.GetValues<AssetAvailability>())
            Assert.Equal(availability, EnumWire.Parse<AssetAvailability>(EnumWire.Name(availability)));
        Assert.Equal("fixed-wing-aircraft", EnumWire.Name(AssetType.FixedWingAircraft));
    }

    [Fact]
    public void Other_spellings_still_parse_and_unknown_names_are_refused()
    {
        Assert.Equal(AssetType.PatrolBoat, EnumWire.Parse<AssetType>("Patrol-Boat"));
        Assert.Equal(AssetType.PatrolBoat, EnumWire.Parse<AssetType>("patrolboat"));
        Assert.Equal(AssetAvailability.OffDuty, EnumWire.Parse<AssetAvailability>("OFF-DUTY"));
        Assert.Throws<FormatException>(() => EnumWire.Parse<AssetType>("submarine"));
    }
}
