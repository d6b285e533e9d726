using System.Security.Cryptography;
using System.Text.Json;
using MaritimeCoord.Domain.Drift;
using MaritimeCoord.Forcing;
using Npgsql;
using NpgsqlTypes;

namespace MaritimeCoord.Server.Features.Drift;

public sealed record ForcingVariableDto(string Kind, string Field, DateTimeOffset From, DateTimeOffset To, double West, double South, double East, double North,
    int Times, int Latitudes, int Longitudes);

public sealed record ForcingFileDto(Guid Id, string Name, string Sha256, long SizeBytes, bool HasWind, bool HasCurrent, DateTimeOffset TimeStart,
    DateTimeOffset TimeEnd, double West, double South, double East, double North, IReadOnlyList<ForcingVariableDto> Variables, string LoadedBy,
    DateTimeOffset LoadedAt, bool AlreadyLoaded);

/// <summary>
/// Forcing files in PostgreSQL (<c>forcing_files</c>: the file whole as bytea, plus what it covers), so every node and
/// every job reads the same bytes without a shared directory. A file is read (and so validated) before it is stored;
/// the same bytes loaded twice are one file (by SHA-256). Parsed grids are cached per file: a run reads its forcing
/// from memory after the first.
/// </summary>
public sealed class ForcingFiles([FromKeyedServices(DriftRunsSetup.DataSourceKey)] NpgsqlDataSource dataSource)
{
    private const int CachedFiles = 4;
    private readonly Lock _gate = new();
    private readonly LinkedList<(Guid Id, ForcingFile File)> _cache = new();

    /// <summary>Reads and stores a file; a <see cref="ForcingFileException"/> says what is wrong with it (→ 422).</summary>
    public async Task<ForcingFileDto> LoadAsync(byte[] content, string name, string loadedBy, DateTimeOffset now, CancellationToken ct)
    {
        var sha = Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();
        if (await FindByShaAsync(sha, ct) is { } existing) return existing with { AlreadyLoaded = true };
        // PureHDF parsing is CPU-bound and synchronous.
        var file = await Task.Run(() => NetCdfForcingReader.Read(new MemoryStream(content, writable: false), name), ct);
        var variables = Variables(file);
        var id = Guid.CreateVersion7(now);
        var from = variables.Min(v => v.From);
        var to = variables.Max(v => v.To);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO forcing_files (id, name, sha256, size_bytes, content, variables, has_wind, has_current, time_start, time_end,
                                       west, south, east, north, loaded_by, loaded_at)
            VALUES (@id, @name, @sha, @size, @content, @variables::jsonb, @wind, @current, @from, @to, @west, @south, @east, @north, @by, @at)
            ON CONFLICT (sha256) DO NOTHING
            """, conn);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("name", name);
        cmd.Parameters.AddWithValue("sha", sha);
        cmd.Parameters.AddWithValue("size", (long)content.Length);
        cmd.Parameters.Add(new NpgsqlParameter("content", NpgsqlDbType.Bytea) { Value = content });
        cmd.Parameters.AddWithValue("variables", JsonSerializer.Serialize(variables, JsonSerializerOptions.Web));
        cmd.Parameters.AddWithValue("wind", file.Wind is not null);
        cmd.Parameters.AddWithValue("current", file.Current is not null);
        cmd.Parameters.AddWithValue("from", from);
        cmd.Parameters.AddWithValue("to", to);
        cmd.Parameters.AddWithValue("west", variables.Min(v => v.West));
        cmd.Parameters.AddWithValue("south", variables.Min(v => v.South));
        cmd.Parameters.AddWithValue("east", variables.Max(v => v.East));
        cmd.Parameters.AddWithValue("north", variables.Max(v => v.North));
        cmd.Parameters.AddWithValue("by", loadedBy);
        cmd.Parameters.AddWithValue("at", now);
        if (await cmd.ExecuteNonQueryAsync(ct) == 0)
            return (await FindByShaAsync(sha, ct))! with { AlreadyLoaded = true }; // a concurrent load of the same file won
        Remember(id, file);
        return (await ListAsync(id, ct)).Single();
    }

    public Task<List<ForcingFileDto>> ListAsync(CancellationToken ct) => ListAsync(null, ct);

    private async Task<ForcingFileDto?> FindByShaAsync(string sha, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT id FROM forcing_files WHERE sha256 = @sha", conn);
        cmd.Parameters.AddWithValue("sha", sha);
        return await cmd.ExecuteScalarAsync(ct) is Guid id ? (await ListAsync(id, ct)).SingleOrDefault() : null;
    }

    private async Task<List<ForcingFileDto>> ListAsync(Guid? id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            SELECT id, name, sha256, size_bytes, has_wind, has_current, time_start, time_end, west, south, east, north, variables::text, loaded_by, loaded_at
            FROM forcing_files WHERE @id::uuid IS NULL OR id = @id ORDER BY loaded_at DESC LIMIT 500
            """, conn);
        cmd.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = (object?)id ?? DBNull.Value });
        var list = new List<ForcingFileDto>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new ForcingFileDto(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetBoolean(4), r.GetBoolean(5),
                r.GetFieldValue<DateTimeOffset>(6), r.GetFieldValue<DateTimeOffset>(7), r.GetDouble(8), r.GetDouble(9), r.GetDouble(10), r.GetDouble(11),
                JsonSerializer.Deserialize<List<ForcingVariableDto>>(r.GetString(12), JsonSerializerOptions.Web) ?? [], r.GetString(13),
                r.GetFieldValue<DateTimeOffset>(14), false));
        return list;
    }

    /// <summary>The stored coverage of a file (null: no such file), to refuse a run it cannot force before queueing it.</summary>
    public async Task<ForcingFileDto?> FindAsync(Guid id, CancellationToken ct) => (await ListAsync(id, ct)).SingleOrDefault();

    /// <summary>The file's grids (parsed once per node and kept for the next runs).</summary>
    public async Task<ForcingFile> LoadFieldsAsync(Guid id, CancellationToken ct)
    {
        lock (_gate)
        {
            for (var node = _cache.First; node is not null; node = node.Next)
                if (node.Value.Id == id)
                {
                    _cache.Remove(node);
                    _cache.AddFirst(node);
                    return node.Value.File;
                }
        }
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT name, content FROM forcing_files WHERE id = @id", conn);
        cmd.Parameters.AddWithValue("id", id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) throw new ForcingFileException(ForcingFileProblem.Unreadable, $"Forcing file {id} does not exist.");
        var name = r.GetString(0);
        var content = await r.GetFieldValueAsync<byte[]>(1, ct);
        var file = NetCdfForcingReader.Read(new MemoryStream(content, writable: false), name);
        Remember(id, file);
        return file;
    }

    private void Remember(Guid id, ForcingFile file)
    {
        lock (_gate)
        {
            _cache.AddFirst((id, file));
            while (_cache.Count > CachedFiles) _cache.RemoveLast();
        }
    }

    private static List<ForcingVariableDto> Variables(ForcingFile file)
    {
        var list = new List<ForcingVariableDto>();
        foreach (var (kind, field) in new[] { ("wind", file.Wind), ("current", file.Current) })
            if (field is not null)
                list.Add(new ForcingVariableDto(kind, field.Name, field.FirstTime, field.LastTime, field.WestLongitude, field.SouthLatitude,
                    field.EastLongitude, field.NorthLatitude, field.TimeCount, field.LatitudeCount, field.LongitudeCount));
        return list;
    }

    /// <summary>Why a stored file cannot force a run over this area and time (null: it overlaps).</summary>
    public static string? CoverageProblem(ForcingFileDto file, DriftRequest request, double maxSpeed)
    {
        var (south, west, north, east) = DriftRegion.Reachable(request, maxSpeed);
        var from = request.StartTime < request.EndTime ? request.StartTime : request.EndTime;
        var to = request.StartTime < request.EndTime ? request.EndTime : request.StartTime;
        foreach (var v in file.Variables)
        {
            if (v.To < from || v.From > to)
                return $"The {v.Kind} of {file.Name} covers {v.From:O} to {v.To:O}, which does not overlap the run ({from:O} to {to:O}).";
            if (!OverlapsLongitude(v.West, v.East, west, east) || v.North < south || v.South > north)
                return $"The {v.Kind} of {file.Name} covers latitudes {v.South:0.###}..{v.North:0.###}, longitudes {v.West:0.###}..{v.East:0.###}, " +
                       $"which does not overlap the area the run can reach ({south:0.##}..{north:0.##}, {west:0.##}..{east:0.##}).";
        }
        return null;
    }

    private static bool OverlapsLongitude(double gridWest, double gridEast, double west, double east)
    {
        if (gridEast - gridWest >= 359) return true;
        for (var shift = -360.0; shift <= 360; shift += 360)
            if (gridWest + shift <= east && gridEast + shift >= west) return true;
        return false;
    }
}
