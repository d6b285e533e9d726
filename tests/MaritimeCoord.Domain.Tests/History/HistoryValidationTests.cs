using MaritimeCoord.Domain.History;

namespace MaritimeCoord.Domain.Tests.History;

public sealed class HistoryValidationTests
{
    private static readonly HistoryLimits Limits = new() { MaxWindow = TimeSpan.FromDays(2), MaxPolygonVertices = 10, MaxAreaSquareKilometres = 1_000_000 };
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Window_is_half_open_utc_and_bounded()
    {
        var errors = new FieldErrors();
        var window = HistoryWindow.Validate(T0.ToOffset(TimeSpan.FromHours(8)), T0.AddHours(1), Limits.MaxWindow, errors);
        Assert.False(errors.Any);
        Assert.Equal(TimeSpan.Zero, window!.Value.From.Offset);
        Assert.Equal(TimeSpan.FromHours(1), window.Value.Length);
    }

    [Theory]
    [InlineData(1, 0, "to")] // inverted
    [InlineData(0, 0, "to")] // empty
    [InlineData(0, 49, "to")] // longer than 2 days
    public void Rejects_bad_windows_naming_the_field(int fromHours, int toHours, string field)
    {
        var errors = new FieldErrors();
        Assert.Null(HistoryWindow.Validate(T0.AddHours(fromHours), T0.AddHours(toHours), Limits.MaxWindow, errors));
        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    [Fact]
    public void Rejects_a_missing_end()
    {
        var errors = new FieldErrors();
        Assert.Null(HistoryWindow.Validate(T0, null, Limits.MaxWindow, errors));
        Assert.Equal(["to"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Bounding_box_across_the_antimeridian_splits_in_two_and_contains_both_sides()
    {
        var box = HistoryArea.ParseBoundingBox("170,-20,-170,-10", Limits with { MaxAreaSquareKilometres = 10_000_000 }, new FieldErrors())!;
        Assert.True(box.CrossesAntimeridian);
        Assert.Equal(20, box.WidthDegrees, 9);
        Assert.Equal([new BoundingBox(170, -20, 180, -10), new BoundingBox(-180, -20, -170, -10)], box.SplitAtAntimeridian());
        Assert.True(box.Contains(179.9, -15));
        Assert.True(box.Contains(-179.9, -15));
        Assert.False(box.Contains(0, -15));
    }

    [Theory]
    [InlineData("1,2,3", "four decimal numbers")]
    [InlineData("a,b,c,d", "four decimal numbers")]
    [InlineData("100,-10,181,0", "Longitudes")]
    [InlineData("100,-10,101,-91", "Latitudes")]
    [InlineData("100,0,101,-1", "south must be less")]
    [InlineData("100,0,100,1", "must differ")]
    [InlineData("100,-40,140,40", "limit")] // ~43 million km² > 1 million
    public void Rejects_bad_boxes(string text, string message)
    {
        var errors = new FieldErrors();
        Assert.Null(HistoryArea.ParseBoundingBox(text, Limits, errors));
        Assert.Contains(message, errors.ToDictionary()["bbox"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Box_of_500_km_around_a_position_is_about_250000_square_kilometres()
    {
        var box = BoundingBox.Around(105, -8, 500, 500);
        Assert.InRange(box.AreaSquareKilometres, 245_000, 255_000);
        var across = BoundingBox.Around(179.5, -17, 500, 500);
        Assert.True(across.CrossesAntimeridian);
    }

    [Fact]
    public void Polygon_across_the_antimeridian_is_valid_and_its_area_is_spherical()
    {
        var errors = new FieldErrors();
        var polygon = HistoryArea.ParsePolygon("""{"type":"Polygon","coordinates":[[[179,-1],[-179,-1],[-179,1],[179,1],[179,-1]]]}""", Limits, errors);
        Assert.False(errors.Any, string.Join(";", errors.ToDictionary().SelectMany(e => e.Value)));
        // 2° × 2° at the equator: (2 × 111.2 km)² ≈ 49,400 km².
        Assert.InRange(polygon!.AreaSquareKilometres, 49_000, 49_800);
        Assert.StartsWith("POLYGON((179 -1,-179 -1", polygon.ToWkt(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}""", "not a valid geometry")] // bow tie
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0.5]]]}""", "closed")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}""", "closed")]
    [InlineData("""{"type":"Point","coordinates":[0,0]}""", "GeoJSON Polygon")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,"x"],[0,0]]]}""", "not well-formed")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[200,0],[1,1],[0,0]]]}""", "longitude -180..180")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[2,0],[3,0],[4,0],[5,1],[4,2],[3,2],[2,2],[1,2],[0,0]]]}""", "more than 10 vertices")]
    [InlineData("""{"type":"Polygon","coordinates":[[[100,-40],[140,-40],[140,40],[100,40],[100,-40]]]}""", "limit")]
    [InlineData("""{"type":"Polygon","coordinates":[]}""", "no rings")]
    [InlineData("""not json""", "not well-formed")]
    public void Rejects_bad_polygons(string geoJson, string message)
    {
        var errors = new FieldErrors();
        Assert.Null(HistoryArea.ParsePolygon(geoJson, Limits, errors));
        Assert.Contains(message, errors.ToDictionary()["polygon"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("csv", new string[0], HistoryFormat.Csv)]
    [InlineData("GPX", new string[0], HistoryFormat.Gpx)]
    [InlineData(null, new string[0], HistoryFormat.Json)]
    [InlineData(null, new[] { "application/vnd.google-earth.kml+xml" }, HistoryFormat.Kml)]
    [InlineData(null, new[] { "text/html", "application/x-ndjson;q=0.9" }, HistoryFormat.Ndjson)]
    [InlineData(null, new[] { "*/*" }, HistoryFormat.Json)]
    [InlineData("geojson", new[] { "text/csv" }, HistoryFormat.GeoJson)] // format= wins
    public void Format_comes_from_the_query_then_accept(string? format, string[] accept, HistoryFormat expected)
    {
        var errors = new FieldErrors();
        Assert.Equal(expected, HistoryFormats.Resolve(format, accept, errors));
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData("shp", new string[0])]
    [InlineData(null, new[] { "image/png" })]
    public void Unsupported_formats_name_the_format_field(string? format, string[] accept)
    {
        var errors = new FieldErrors();
        Assert.Null(HistoryFormats.Resolve(format, accept, errors));
        Assert.Equal(["format"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Export_file_name_is_safe_and_says_what_it_holds()
    {
        var window = new HistoryWindow(T0, T0.AddHours(1));
        Assert.Equal("history-bbox-104-5--9-111--7-positions-20261101T000000Z-20261101T010000Z.geojson",
            HistoryFormats.ExportFileName("bbox-104.5,-9,111,-7", window, HistoryFormat.GeoJson, HistoryShape.Points));
        var hostile = HistoryFormats.ExportFileName("incident-MC-2026-00001\"; evil", window, HistoryFormat.Kml, HistoryShape.Tracks);
        Assert.Equal("history-incident-mc-2026-00001---evil-tracks-20261101T000000Z-20261101T010000Z.kml", hostile);
    }
}
