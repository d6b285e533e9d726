using System.Globalization;
using MaritimeCoord.Domain.Drift;
using PureHDF;

namespace MaritimeCoord.Forcing;

/// <summary>A forcing file read into the drift model's grids.</summary>
public sealed record ForcingFile(string Name, GriddedField? Wind, GriddedField? Current)
{
    /// <summary>The forcing for a run, falling back to <paramref name="onScene"/> where the grids have no value.</summary>
    public GriddedForcing ToForcing(OnSceneForcing? onScene = null) => new(Wind, Current, onScene);

    /// <summary>What the file holds, for listings and run reports.</summary>
    public string Describe()
    {
        static string D(GriddedField f) =>
            $"{f.Name}: {f.LatitudeCount}×{f.LongitudeCount} cells, lat {f.SouthLatitude:0.###}..{f.NorthLatitude:0.###}, lon {f.WestLongitude:0.###}..{f.EastLongitude:0.###}, " +
            $"{f.TimeCount} times {f.FirstTime:yyyy-MM-dd'T'HH:mm'Z'}..{f.LastTime:yyyy-MM-dd'T'HH:mm'Z'}";
        return string.Join("; ", new[] { Wind, Current }.Where(f => f is not null).Select(f => D(f!)));
    }
}

/// <summary>
/// Reads 10 m wind and surface current from a NetCDF-4 / CF file (HDF5 underneath) with PureHDF: variables found by
/// CF standard name or the names CMEMS and converted GFS files use; dimensions in CF order (time, [level,] lat, lon),
/// the first level taken (the surface); scale_factor/add_offset applied; _FillValue, missing_value, valid_min/max and
/// NaN become "no value" (the model falls back there). GRIB: convert first with <c>cdo -f nc4 copy in.grb out.nc</c>.
/// </summary>
public static class NetCdfForcingReader
{
    /// <summary>Most values per variable read into memory (200 M: 0.8 GB as float, far beyond an incident's area and days).</summary>
    public const long MaxValues = 200_000_000;

    private static readonly string[] WindEastNames = ["u10", "10u", "uas", "u10m", "eastward_wind"];
    private static readonly string[] WindNorthNames = ["v10", "10v", "vas", "v10m", "northward_wind"];
    private static readonly string[] CurrentEastNames = ["uo", "utotal", "eastward_sea_water_velocity", "surface_eastward_sea_water_velocity"];
    private static readonly string[] CurrentNorthNames = ["vo", "vtotal", "northward_sea_water_velocity", "surface_northward_sea_water_velocity"];

    /// <summary>Reads the file; every failure is a <see cref="ForcingFileException"/>, never another exception.</summary>
    public static ForcingFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new ForcingFileException(ForcingFileProblem.Unreadable, $"Forcing file '{path}' does not exist.");
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path));
    }

    public static ForcingFile Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // PureHDF reads lazily from the stream; a seekable copy in memory keeps a truncated upload from being read past.
        var header = new byte[8];
        var start = stream.CanSeek ? stream.Position : 0;
        var got = stream.ReadAtLeast(header, 8, throwOnEndOfStream: false);
        if (stream.CanSeek) stream.Position = start;
        if (got < 8)
            throw new ForcingFileException(ForcingFileProblem.Unreadable, $"{name} is empty or truncated ({got} bytes).");
        if (header[0] == 'C' && header[1] == 'D' && header[2] == 'F')
            throw new ForcingFileException(ForcingFileProblem.Unreadable,
                $"{name} is a NetCDF-3 classic file; convert it to NetCDF-4 (`nccopy -k nc4 {name} out.nc` or `cdo -f nc4 copy {name} out.nc`).");
        if (header[0] == 'G' && header[1] == 'R' && header[2] == 'I' && header[3] == 'B')
            throw new ForcingFileException(ForcingFileProblem.Unreadable, $"{name} is a GRIB file; convert it first: `cdo -f nc4 copy {name} out.nc`.");
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            copy.Write(header, 0, got);
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        if (DeclaredLength(stream) is { } declared && declared > stream.Length)
            throw new ForcingFileException(ForcingFileProblem.Unreadable, $"{name} is truncated: {stream.Length:N0} of {declared:N0} bytes.");
        try
        {
            using var file = H5File.Open(stream, leaveOpen: true);
            return ReadFile(file, name);
        }
        catch (ForcingFileException) { throw; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ForcingFileException(ForcingFileProblem.Unreadable, $"{name} could not be read as NetCDF-4 (corrupt or truncated?): {e.Message}", e);
        }
    }

    /// <summary>
    /// The file length the HDF5 superblock declares (base address + end-of-file address), so a truncated upload is
    /// named as such; PureHDF may otherwise read what is left and see fewer variables. Null if the superblock is not at 0.
    /// </summary>
    private static long? DeclaredLength(Stream stream)
    {
        var start = stream.Position;
        try
        {
            var head = new byte[64];
            var got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            ReadOnlySpan<byte> signature = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
            if (got < 16 || !head.AsSpan(0, 8).SequenceEqual(signature)) return null;
            var version = head[8];
            int offsetSize, baseAt, eofAt;
            switch (version)
            {
                case 0 or 1:
                    offsetSize = head[13];
                    baseAt = version == 0 ? 24 : 28;
                    eofAt = baseAt + 2 * offsetSize;
                    break;
                case 2 or 3:
                    offsetSize = head[9];
                    baseAt = 12;
                    eofAt = baseAt + 2 * offsetSize;
                    break;
                default:
                    return null;
            }
            if (offsetSize is not (4 or 8) || eofAt + offsetSize > got) return null;
            long Read(int at) => offsetSize == 8 ? BitConverter.ToInt64(head, at) : BitConverter.ToUInt32(head, at);
            var baseAddress = Read(baseAt);
            var eof = Read(eofAt);
            return baseAddress >= 0 && eof > 0 ? baseAddress + eof : null;
        }
        finally
        {
            stream.Position = start;
        }
    }

    private static ForcingFile ReadFile(PureHDF.VOL.Native.NativeFile file, string name)
    {
        var datasets = new Dictionary<string, IH5Dataset>(StringComparer.Ordinal);
        foreach (var child in file.Children())
            if (child is IH5Dataset d) datasets[child.Name] = d;

        IH5Dataset? Find(string[] names)
        {
            foreach (var n in names) if (datasets.TryGetValue(n, out var d) && d.Space.Rank >= 3) return d;
            foreach (var d in datasets.Values)
                if (d.Space.Rank >= 3 && StringAttribute(d, "standard_name") is { } sn && names.Contains(sn, StringComparer.Ordinal)) return d;
            return null;
        }

        var windE = Find(WindEastNames);
        var windN = Find(WindNorthNames);
        var curE = Find(CurrentEastNames);
        var curN = Find(CurrentNorthNames);
        if ((windE is null) != (windN is null))
            throw new ForcingFileException(ForcingFileProblem.MissingVariables, $"{name} has only one wind component ({(windE ?? windN)!.Name}); both u10 and v10 (eastward_wind, northward_wind) are needed.");
        if ((curE is null) != (curN is null))
            throw new ForcingFileException(ForcingFileProblem.MissingVariables, $"{name} has only one current component ({(curE ?? curN)!.Name}); both uo and vo (eastward_/northward_sea_water_velocity) are needed.");
        if (windE is null && curE is null)
            throw new ForcingFileException(ForcingFileProblem.MissingVariables,
                $"{name} has no 10 m wind (u10/v10 or standard_name eastward_wind/northward_wind) and no surface current (uo/vo or eastward_/northward_sea_water_velocity). Variables found: {string.Join(", ", datasets.Keys.Order(StringComparer.Ordinal))}.");

        var wind = windE is null ? null : Field($"wind ({windE.Name}/{windN!.Name}) from {name}", windE, windN, datasets, name);
        var current = curE is null ? null : Field($"current ({curE.Name}/{curN!.Name}) from {name}", curE, curN, datasets, name);
        return new ForcingFile(name, wind, current);
    }

    private static GriddedField Field(string fieldName, IH5Dataset east, IH5Dataset north, Dictionary<string, IH5Dataset> datasets, string file)
    {
        var dims = east.Space.Dimensions;
        if (!dims.SequenceEqual(north.Space.Dimensions))
            throw new ForcingFileException(ForcingFileProblem.UnsupportedLayout, $"{file}: {east.Name} and {north.Name} have different shapes.");
        var rank = dims.Length;
        var nTime = (int)dims[0];
        var nLat = (int)dims[rank - 2];
        var nLon = (int)dims[rank - 1];
        long total = 1;
        foreach (var d in dims) total = checked(total * (long)Math.Min(d, int.MaxValue));
        if (total > MaxValues)
            throw new ForcingFileException(ForcingFileProblem.UnsupportedLayout, $"{file}: {east.Name} has {total:N0} values; cut the file to the area and days of the incident first (e.g. `cdo sellonlatbox,W,E,S,N -seldate,FROM,TO in.nc out.nc`).");
        var lat = Coordinate(datasets, ["lat", "latitude", "nav_lat", "y"], "latitude", "degrees_north", nLat, file, east.Name);
        var lon = Coordinate(datasets, ["lon", "longitude", "nav_lon", "x"], "longitude", "degrees_east", nLon, file, east.Name);
        var times = Times(datasets, nTime, file, east.Name);
        var levelStride = 1L;
        for (var i = 1; i < rank - 2; i++) levelStride *= (long)dims[i];
        var e = Values(east, nTime, levelStride, nLat * (long)nLon, file);
        var n = Values(north, nTime, levelStride, nLat * (long)nLon, file);
        try
        {
            return new GriddedField(fieldName, lat, lon, times, e, n);
        }
        catch (ArgumentException ex)
        {
            throw new ForcingFileException(ForcingFileProblem.UnsupportedLayout, $"{file}: {ex.Message}", ex);
        }
    }

    private static double[] Coordinate(Dictionary<string, IH5Dataset> datasets, string[] names, string standardName, string units, int length, string file, string variable)
    {
        IH5Dataset? found = null;
        foreach (var d in datasets.Values)
        {
            if (d.Space.Rank != 1 || (long)d.Space.Dimensions[0] != length) continue;
            if (StringAttribute(d, "standard_name") == standardName || StringAttribute(d, "units") == units) { found = d; break; }
        }
        if (found is null)
            foreach (var n in names)
                if (datasets.TryGetValue(n, out var d) && d.Space.Rank == 1 && (long)d.Space.Dimensions[0] == length) { found = d; break; }
        if (found is null)
            throw new ForcingFileException(ForcingFileProblem.UnsupportedLayout,
                $"{file}: no {standardName} coordinate of length {length} for {variable} (dimensions must be in CF order: time, [level,] lat, lon).");
        return ReadDoubles(found, applyPacking: true);
    }

    private static DateTimeOffset[] Times(Dictionary<string, IH5Dataset> datasets, int length, string file, string variable)
    {
        IH5Dataset? found = null;
        foreach (var d in datasets.Values)
        {
            if (d.Space.Rank != 1 || (long)d.Space.Dimensions[0] != length) continue;
            if (StringAttribute(d, "standard_name") == "time" || StringAttribute(d, "axis") == "T" || d.Name is "time" or "valid_time") { found = d; break; }
        }
        if (found is null)
            throw new ForcingFileException(ForcingFileProblem.UnsupportedLayout, $"{file}: no time coordinate of length {length} for {variable}.");
        var units = StringAttribute(found, "units") ?? "";
        var calendar = StringAttribute(found, "calendar");
        if (calendar is not null && calendar is not ("standard" or "gregorian" or "proleptic_gregorian"))
            throw new ForcingFileException(ForcingFileProblem.UnsupportedLayout, $"{file}: time calendar '{calendar}' is not supported (standard/gregorian only).");
        var (unit, epoch) = ParseTimeUnits(units) ??
            throw new ForcingFileException(ForcingFileProblem.UnsupportedLayout, $"{file}: time units '{units}' are not of the form '<seconds|minutes|hours|days> since <date>'.");
        var values = ReadDoubles(found, applyPacking: false);
        var times = new DateTimeOffset[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var ticks = values[i] * unit.Ticks;
            if (!double.IsFinite(ticks) || Math.Abs(ticks) > 3e18)
                throw new ForcingFileException(ForcingFileProblem.UnsupportedLayout, $"{file}: time value {values[i]} is out of range.");
            times[i] = epoch.AddTicks((long)Math.Round(ticks));
        }
        return times;
    }

    /// <summary>CF time units, e.g. "hours since 2015-01-01 00:00:00", "seconds since 1970-01-01T00:00:00Z", "days since 1-1-1".</summary>
    public static (TimeSpan Unit, DateTimeOffset Epoch)? ParseTimeUnits(string units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var parts = units.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2) return null;
        var unit = parts[0].ToLowerInvariant() switch
        {
            "second" or "seconds" or "sec" or "secs" or "s" => TimeSpan.FromSeconds(1),
            "minute" or "minutes" or "min" or "mins" => TimeSpan.FromMinutes(1),
            "hour" or "hours" or "hr" or "hrs" or "h" => TimeSpan.FromHours(1),
            "day" or "days" or "d" => TimeSpan.FromDays(1),
            _ => (TimeSpan?)null,
        };
        if (unit is null) return null;
        var rest = parts[1].Trim();
        if (!rest.StartsWith("since ", StringComparison.OrdinalIgnoreCase)) return null;
        var reference = rest[6..].Trim().Replace('T', ' ');
        if (reference.EndsWith('Z')) reference = reference[..^1];
        if (reference.EndsWith(" UTC", StringComparison.OrdinalIgnoreCase)) reference = reference[..^4];
        var dateTime = reference.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (dateTime.Length == 0) return null;
        var ymd = dateTime[0].Split('-');
        if (ymd.Length != 3 || !int.TryParse(ymd[0], CultureInfo.InvariantCulture, out var y) || !int.TryParse(ymd[1], CultureInfo.InvariantCulture, out var mo) ||
            !int.TryParse(ymd[2], CultureInfo.InvariantCulture, out var d)) return null;
        var time = TimeSpan.Zero;
        if (dateTime.Length == 2)
        {
            var clock = dateTime[1].Trim();
            var offset = clock.IndexOfAny(['+']);
            if (offset > 0) clock = clock[..offset]; // "+00:00": the CF default is UTC and CMEMS/GFS use it
            var hms = clock.Split(':');
            if (hms.Length < 2 || !int.TryParse(hms[0], CultureInfo.InvariantCulture, out var h) || !int.TryParse(hms[1], CultureInfo.InvariantCulture, out var mi)) return null;
            double s = 0;
            if (hms.Length > 2 && !double.TryParse(hms[2], NumberStyles.Float, CultureInfo.InvariantCulture, out s)) return null;
            time = new TimeSpan(0, h, mi, 0) + TimeSpan.FromSeconds(s);
        }
        try
        {
            return (unit.Value, new DateTimeOffset(new DateTime(y, mo, d, 0, 0, 0, DateTimeKind.Utc) + time, TimeSpan.Zero));
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The surface level of a (time, [level,] lat, lon) variable as float, decoded; no value → NaN.</summary>
    private static float[] Values(IH5Dataset dataset, int nTime, long levelStride, long plane, string file)
    {
        var all = ReadRaw(dataset);
        var expected = nTime * levelStride * plane;
        if (all.Length != expected)
            throw new ForcingFileException(ForcingFileProblem.Unreadable, $"{file}: {dataset.Name} holds {all.Length} values, its shape says {expected}.");
        var scale = NumberAttribute(dataset, "scale_factor") ?? 1;
        var offset = NumberAttribute(dataset, "add_offset") ?? 0;
        var fill = NumberAttribute(dataset, "_FillValue");
        var missing = NumberAttribute(dataset, "missing_value");
        var validMin = NumberAttribute(dataset, "valid_min");
        var validMax = NumberAttribute(dataset, "valid_max");
        var result = new float[nTime * plane];
        for (var t = 0; t < nTime; t++)
        {
            var from = t * levelStride * plane;
            for (long k = 0; k < plane; k++)
            {
                var raw = all[from + k];
                // Fill and missing values compare on the stored (packed) value, as CF says.
                var noValue = double.IsNaN(raw) || (fill is { } f && Same(raw, f)) || (missing is { } m && Same(raw, m)) ||
                              (validMin is { } lo && raw < lo) || (validMax is { } hi && raw > hi);
                var value = raw * scale + offset;
                result[t * plane + k] = noValue || !double.IsFinite(value) || Math.Abs(value) > 1000 ? float.NaN : (float)value;
            }
        }
        return result;
    }

    private static bool Same(double raw, double marker) => raw == marker || Math.Abs(raw - marker) <= 1e-6 * Math.Abs(marker);

    private static double[] ReadDoubles(IH5Dataset dataset, bool applyPacking)
    {
        var raw = ReadRaw(dataset);
        if (!applyPacking) return raw;
        var scale = NumberAttribute(dataset, "scale_factor") ?? 1;
        var offset = NumberAttribute(dataset, "add_offset") ?? 0;
        for (var i = 0; i < raw.Length; i++) raw[i] = raw[i] * scale + offset;
        return raw;
    }

    private static double[] ReadRaw(IH5Dataset dataset)
    {
        var type = dataset.Type;
        return (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => Array.ConvertAll(dataset.Read<float[]>(), v => (double)v),
            (H5DataTypeClass.FloatingPoint, 8) => dataset.Read<double[]>(),
            (H5DataTypeClass.FixedPoint, 1) => type.FixedPoint.IsSigned ? Array.ConvertAll(dataset.Read<sbyte[]>(), v => (double)v) : Array.ConvertAll(dataset.Read<byte[]>(), v => (double)v),
            (H5DataTypeClass.FixedPoint, 2) => type.FixedPoint.IsSigned ? Array.ConvertAll(dataset.Read<short[]>(), v => (double)v) : Array.ConvertAll(dataset.Read<ushort[]>(), v => (double)v),
            (H5DataTypeClass.FixedPoint, 4) => type.FixedPoint.IsSigned ? Array.ConvertAll(dataset.Read<int[]>(), v => (double)v) : Array.ConvertAll(dataset.Read<uint[]>(), v => (double)v),
            (H5DataTypeClass.FixedPoint, 8) => type.FixedPoint.IsSigned ? Array.ConvertAll(dataset.Read<long[]>(), v => (double)v) : Array.ConvertAll(dataset.Read<ulong[]>(), v => (double)v),
            _ => throw new ForcingFileException(ForcingFileProblem.UnsupportedLayout, $"{dataset.Name}: data type {type.Class} of {type.Size} bytes is not supported."),
        };
    }

    private static double? NumberAttribute(IH5Object o, string name)
    {
        if (!o.AttributeExists(name)) return null;
        var a = o.Attribute(name);
        var type = a.Type;
        double[] v = (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => Array.ConvertAll(a.Read<float[]>(), x => (double)x),
            (H5DataTypeClass.FloatingPoint, 8) => a.Read<double[]>(),
            (H5DataTypeClass.FixedPoint, 1) => type.FixedPoint.IsSigned ? Array.ConvertAll(a.Read<sbyte[]>(), x => (double)x) : Array.ConvertAll(a.Read<byte[]>(), x => (double)x),
            (H5DataTypeClass.FixedPoint, 2) => type.FixedPoint.IsSigned ? Array.ConvertAll(a.Read<short[]>(), x => (double)x) : Array.ConvertAll(a.Read<ushort[]>(), x => (double)x),
            (H5DataTypeClass.FixedPoint, 4) => type.FixedPoint.IsSigned ? Array.ConvertAll(a.Read<int[]>(), x => (double)x) : Array.ConvertAll(a.Read<uint[]>(), x => (double)x),
            (H5DataTypeClass.FixedPoint, 8) => type.FixedPoint.IsSigned ? Array.ConvertAll(a.Read<long[]>(), x => (double)x) : Array.ConvertAll(a.Read<ulong[]>(), x => (double)x),
            _ => [],
        };
        return v.Length > 0 ? v[0] : null;
    }

    private static string? StringAttribute(IH5Object o, string name)
    {
        if (!o.AttributeExists(name)) return null;
        var a = o.Attribute(name);
        if (a.Type.Class != H5DataTypeClass.String) return null;
        try
        {
            return a.Read<string>()?.TrimEnd('\0');
        }
        catch (Exception)
        {
            var many = a.Read<string[]>();
            return many.Length > 0 ? many[0].TrimEnd('\0') : null;
        }
    }
}
