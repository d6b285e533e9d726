using MaritimeCoord.Domain.Drift;

namespace MaritimeCoord.Forcing.Tests;

/// <summary>NetCDF-4 files written by ncgen (netcdf-bin) and cdo from CDL/GRIB, read back and interpolated.</summary>
public sealed class NetCdfForcingReaderTests : IDisposable
{
    private readonly ScratchDirectory _dir = new();
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public void Dispose() => _dir.Dispose();

    private static ForcingSample At(GriddedForcing f, DateTimeOffset t, double lat, double lon)
    {
        var s = new ForcingSample[1];
        f.Sample(t, [lat], [lon], s);
        return s[0];
    }

    // GFS-like wind: lat descending, lon 0..360, packed shorts with scale/offset and a fill value.
    private const string GfsWind = """
        netcdf gfs {
        dimensions:
          time = 2 ; lat = 3 ; lon = 4 ;
        variables:
          double time(time) ; time:standard_name = "time" ; time:units = "hours since 2026-01-01 00:00:00" ; time:calendar = "gregorian" ;
          float lat(lat) ; lat:standard_name = "latitude" ; lat:units = "degrees_north" ;
          float lon(lon) ; lon:standard_name = "longitude" ; lon:units = "degrees_east" ;
          short u10(time, lat, lon) ; u10:standard_name = "eastward_wind" ; u10:units = "m s-1" ;
            u10:scale_factor = 0.01f ; u10:add_offset = 1.f ; u10:_FillValue = -32767s ;
          short v10(time, lat, lon) ; v10:standard_name = "northward_wind" ; v10:units = "m s-1" ;
            v10:scale_factor = 0.01f ; v10:add_offset = 0.f ; v10:_FillValue = -32767s ;
        data:
          time = 0, 6 ;
          lat = 12, 11, 10 ;
          lon = 350, 351, 352, 353 ;
          u10 = 0, 100, 200, 300,
                400, 500, 600, 700,
                800, 900, 1000, -32767,
                1200, 1300, 1400, 1500,
                1600, 1700, 1800, 1900,
                2000, 2100, 2200, 2300 ;
          v10 = -100, -100, -100, -100,
                -100, -100, -100, -100,
                -100, -100, -100, -32767,
                 200, 200, 200, 200,
                 200, 200, 200, 200,
                 200, 200, 200, 200 ;
        }
        """;

    [Fact]
    public void Reads_packed_GFS_style_wind_and_interpolates_as_computed_by_hand()
    {
        var file = NetCdfForcingReader.Read(_dir.NcGen("gfs", GfsWind));
        Assert.NotNull(file.Wind);
        Assert.Null(file.Current);
        Assert.Equal(T0, file.Wind!.FirstTime);
        Assert.Equal(T0.AddHours(6), file.Wind.LastTime);
        var f = file.ToForcing();
        // lat 11.5 (between rows lat 11 and 12), lon −8.5 = 351.5, t + 3 h.
        // t0: lat11 row (400,500,600,700) lat12 row (0,100,200,300) → packed at lon 351.5: 550 and 150, at 11.5: 350 → 1 + 3.5 = 4.5 m/s
        // t1: +1200 → 1 + 15.5 = 16.5; mean at 3 h: 10.5. v: t0 −1, t1 +2 → 0.5.
        var s = At(f, T0.AddHours(3), 11.5, -8.5);
        Assert.Equal(ForcingFallback.None, s.Fallback);
        Assert.Equal(10.5, s.WindEast, 1e-4);
        Assert.Equal(0.5, s.WindNorth, 1e-4);
        // Next to the fill value at (t0, lat 10, lon 353): the three other corners only.
        // lat 10.5, lon 352.5, t0: corners (lat10,352)=1000, (lat11,352)=600, (lat11,353)=700 → mean 766.67 → 1 + 7.6667.
        var nearFill = At(f, T0, 10.5, 352.5);
        Assert.Equal(1 + 7.666667, nearFill.WindEast, 1e-4);
        Assert.Equal(-1, nearFill.WindNorth, 1e-4);
    }

    [Fact]
    public void Outside_the_file_in_time_or_space_falls_back_and_a_run_without_overlap_is_refused()
    {
        var file = NetCdfForcingReader.Read(_dir.NcGen("gfs", GfsWind));
        var f = file.ToForcing(OnSceneForcing.Constant(7, 270, null, 0));
        Assert.Equal(ForcingFallback.WindOnScene, At(f, T0.AddHours(7), 11, 351).Fallback);
        Assert.Equal(7, At(f, T0.AddHours(7), 11, 351).WindEast, 1e-9);
        Assert.Equal(ForcingFallback.WindOnScene, At(f, T0, 13, 351).Fallback);
        Assert.Contains("does not overlap the run", f.CoverageProblem(10, -9, 12, -7, T0.AddDays(1), T0.AddDays(2)));
        Assert.Contains("run's area", f.CoverageProblem(20, -9, 22, -7, T0, T0.AddDays(1)));
        Assert.Null(f.CoverageProblem(10, -9, 12, -7, T0, T0.AddDays(1)));
    }

    [Fact]
    public void Reads_CMEMS_style_current_with_a_depth_level_and_land_cells()
    {
        var nc = _dir.NcGen("cmems", """
            netcdf cmems {
            dimensions:
              time = 1 ; depth = 2 ; latitude = 2 ; longitude = 3 ;
            variables:
              float time(time) ; time:units = "seconds since 1970-01-01T00:00:00Z" ; time:axis = "T" ;
              float depth(depth) ; depth:units = "m" ;
              double latitude(latitude) ; latitude:units = "degrees_north" ;
              double longitude(longitude) ; longitude:units = "degrees_east" ;
              float uo(time, depth, latitude, longitude) ; uo:standard_name = "eastward_sea_water_velocity" ; uo:_FillValue = 1.e+20f ;
              float vo(time, depth, latitude, longitude) ; vo:standard_name = "northward_sea_water_velocity" ; vo:missing_value = 1.e+20f ;
            data:
              time = 1767225600 ;
              depth = 0.5, 10 ;
              latitude = -10, -9.5 ;
              longitude = -179.5, -179, -178.5 ;
              uo = 0.1, 0.2, 1e20,  0.3, 0.4, 1e20,   9, 9, 9, 9, 9, 9 ;
              vo = 0.0, 0.0, 1e20,  0.1, 0.1, 1e20,   9, 9, 9, 9, 9, 9 ;
            }
            """);
        var file = NetCdfForcingReader.Read(nc);
        Assert.Null(file.Wind);
        Assert.Equal(T0, file.Current!.FirstTime);
        var f = file.ToForcing();
        // Surface level only: (−9.75, −179.25) → mean of 0.1, 0.2, 0.3, 0.4.
        var s = At(f, T0, -9.75, -179.25);
        Assert.Equal(0.25, s.CurrentEast, 1e-6);
        Assert.Equal(0.05, s.CurrentNorth, 1e-6);
        // Half-way into the land column: only the sea corners count.
        Assert.Equal(0.3, At(f, T0, -9.75, -178.75).CurrentEast, 1e-6);
        // On the land column itself: zero current, flagged.
        var land = At(f, T0, -9.75, -178.5);
        Assert.Equal(ForcingFallback.CurrentZero, land.Fallback);
        Assert.Equal(0, land.CurrentEast);
        // A query at +180.4 (= −179.6) is outside this regional grid.
        Assert.Equal(ForcingFallback.CurrentZero, At(f, T0, -9.75, 179.6).Fallback);
    }

    [Fact]
    public void A_GRIB2_file_written_by_cdo_and_converted_with_cdo_reads_as_a_global_wind()
    {
        _dir.Run("cdo", "-f", "grb2", "-settaxis,2026-01-01,00:00:00,6hour", "-duplicate,2", "-const,5,r36x18", "u.grb");
        _dir.Run("cdo", "-f", "grb2", "-settaxis,2026-01-01,00:00:00,6hour", "-duplicate,2", "-const,3,r36x18", "v.grb");
        // GRIB holds parameter codes, not names: name them while converting (docs/drift.md, GRIB).
        _dir.Run("cdo", "-f", "nc4", "copy", "u.grb", "u.nc");
        _dir.Run("cdo", "-f", "nc4", "merge", "-setname,u10", "u.nc", "-setname,v10", "v.grb", "wind.nc");
        var file = NetCdfForcingReader.Read(_dir.File("wind.nc"));
        Assert.True(file.Wind!.IsGlobalInLongitude);
        Assert.Equal(2, file.Wind.TimeCount);
        var f = file.ToForcing();
        foreach (var (lat, lon) in new[] { (0.0, 0.0), (60.0, 4.6), (-33.9, 151.2), (12, -179.99), (12, 179.99), (12, 355) })
        {
            var s = At(f, T0.AddHours(2), lat, lon);
            Assert.Equal(ForcingFallback.None, s.Fallback);
            Assert.Equal(5, s.WindEast, 1e-5);
            Assert.Equal(3, s.WindNorth, 1e-5);
        }
        // The plain conversion keeps GRIB's parameter code as the name: refused, naming what it found.
        var e = Assert.Throws<ForcingFileException>(() => NetCdfForcingReader.Read(_dir.File("u.nc")));
        Assert.Equal(ForcingFileProblem.MissingVariables, e.Problem);
        Assert.Contains("code1", e.Message);
    }

    [Fact]
    public void A_file_without_wind_or_current_is_refused_saying_which()
    {
        var nc = _dir.NcGen("sst", """
            netcdf sst {
            dimensions: time = 1 ; lat = 2 ; lon = 2 ;
            variables:
              double time(time) ; time:units = "days since 2026-01-01" ;
              float lat(lat) ; float lon(lon) ;
              float sst(time, lat, lon) ;
            data: time = 0 ; lat = 0, 1 ; lon = 0, 1 ; sst = 1, 2, 3, 4 ;
            }
            """);
        var e = Assert.Throws<ForcingFileException>(() => NetCdfForcingReader.Read(nc));
        Assert.Equal(ForcingFileProblem.MissingVariables, e.Problem);
        Assert.Contains("no 10 m wind", e.Message);
        Assert.Contains("sst", e.Message);

        var half = _dir.NcGen("half", """
            netcdf half {
            dimensions: time = 1 ; lat = 2 ; lon = 2 ;
            variables:
              double time(time) ; time:units = "days since 2026-01-01" ;
              float lat(lat) ; float lon(lon) ;
              float u10(time, lat, lon) ;
            data: time = 0 ; lat = 0, 1 ; lon = 0, 1 ; u10 = 1, 2, 3, 4 ;
            }
            """);
        Assert.Contains("only one wind component", Assert.Throws<ForcingFileException>(() => NetCdfForcingReader.Read(half)).Message);
    }

    [Fact]
    public void Corrupt_truncated_classic_and_non_HDF5_files_are_clear_errors()
    {
        var good = _dir.NcGen("gfs", GfsWind);
        var bytes = File.ReadAllBytes(good);
        foreach (var cut in new[] { bytes.Length / 2, bytes.Length * 3 / 4, 700, 100, 8 })
        {
            var truncated = _dir.File($"cut{cut}.nc");
            File.WriteAllBytes(truncated, bytes[..cut]);
            var e = Assert.Throws<ForcingFileException>(() => NetCdfForcingReader.Read(truncated));
            Assert.Equal(ForcingFileProblem.Unreadable, e.Problem);
        }
        // Garbage after a valid signature, and bytes flipped in the middle.
        var random = new Random(3);
        for (var k = 0; k < 20; k++)
        {
            var corrupt = (byte[])bytes.Clone();
            for (var j = 0; j < 50; j++) corrupt[random.Next(8, corrupt.Length)] = (byte)random.Next(256);
            var path = _dir.File($"corrupt{k}.nc");
            File.WriteAllBytes(path, corrupt);
            try
            {
                NetCdfForcingReader.Read(path); // some flips only touch values: a file that still reads is fine
            }
            catch (ForcingFileException)
            {
            }
        }
        var classic = _dir.NcGen("classic", GfsWind, kind: "classic");
        Assert.Contains("NetCDF-3", Assert.Throws<ForcingFileException>(() => NetCdfForcingReader.Read(classic)).Message);
        var text = _dir.File("text.nc");
        File.WriteAllText(text, "GRIB this is not");
        Assert.Equal(ForcingFileProblem.Unreadable, Assert.Throws<ForcingFileException>(() => NetCdfForcingReader.Read(text)).Problem);
    }

    [Theory]
    [InlineData("hours since 2015-01-01 00:00:00", 3600, "2015-01-01T00:00:00Z")]
    [InlineData("seconds since 1970-01-01T00:00:00Z", 1, "1970-01-01T00:00:00Z")]
    [InlineData("days since 1950-01-01", 86400, "1950-01-01T00:00:00Z")]
    [InlineData("minutes since 2026-03-04 05:06:07.5", 60, "2026-03-04T05:06:07.5Z")]
    [InlineData("hours since 1-1-1 00:00:00", 3600, "0001-01-01T00:00:00Z")]
    public void Parses_CF_time_units(string units, double seconds, string epoch)
    {
        var (unit, start) = NetCdfForcingReader.ParseTimeUnits(units)!.Value;
        Assert.Equal(seconds, unit.TotalSeconds);
        Assert.Equal(DateTimeOffset.Parse(epoch, System.Globalization.CultureInfo.InvariantCulture), start);
        Assert.Null(NetCdfForcingReader.ParseTimeUnits("fortnights since 2015-01-01"));
        Assert.Null(NetCdfForcingReader.ParseTimeUnits("hours after 2015-01-01"));
    }
}
