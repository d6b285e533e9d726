using System.Globalization;
using System.Text;

namespace MaritimeCoord.Persistence.Replay;

/// <summary>Where a replay looks: around an incident's sightings (a radius) or inside a box. Turned into one SQL predicate.</summary>
public abstract record ReplayArea
{
    /// <summary>A predicate on the column <paramref name="column"/> (geography point), with its parameters named @area_*.</summary>
    internal abstract string Predicate(string column);

    internal abstract void AddParameters(Npgsql.NpgsqlParameterCollection parameters);
}

/// <summary>Within <see cref="RadiusMetres"/> of any of the points (the incident's sightings): ST_DWithin on geography, GiST-indexed.</summary>
public sealed record ReplayCircleArea(IReadOnlyList<(double Latitude, double Longitude)> Centres, double RadiusMetres) : ReplayArea
{
    internal override string Predicate(string column) => $"ST_DWithin({column}, ST_GeogFromText(@area_centres), @area_radius)";

    internal override void AddParameters(Npgsql.NpgsqlParameterCollection parameters)
    {
        if (Centres.Count == 0) throw new InvalidOperationException("A replay circle needs at least one centre.");
        var wkt = new StringBuilder("SRID=4326;MULTIPOINT(");
        for (var i = 0; i < Centres.Count; i++)
        {
            if (i > 0) wkt.Append(',');
            wkt.Append(CultureInfo.InvariantCulture, $"({Centres[i].Longitude:R} {Centres[i].Latitude:R})");
        }
        wkt.Append(')');
        parameters.AddWithValue("area_centres", wkt.ToString());
        parameters.AddWithValue("area_radius", RadiusMetres);
    }
}

/// <summary>
/// A longitude/latitude box, as the map shows it (edges along meridians and parallels, not great circles). Tested on
/// the geometry cast; the time bounds (BRIN on observed_at, daily partitions) keep the rows examined small.
/// </summary>
public sealed record ReplayBoxArea(double West, double South, double East, double North) : ReplayArea
{
    internal override string Predicate(string column) =>
        $"ST_Intersects({column}::geometry, ST_MakeEnvelope(@area_west, @area_south, @area_east, @area_north, 4326))";

    internal override void AddParameters(Npgsql.NpgsqlParameterCollection parameters)
    {
        parameters.AddWithValue("area_west", West);
        parameters.AddWithValue("area_south", South);
        parameters.AddWithValue("area_east", East);
        parameters.AddWithValue("area_north", North);
    }
}
