using System.Data.Common;
using System.Security.Claims;
using System.Text.Json;
using MaritimeCoord.Server.Outbox;
using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Contracts.Realtime;
using MaritimeCoord.Persistence;
using MaritimeCoord.Server.Features.Incidents;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace MaritimeCoord.Server.Realtime;

/// <summary>
/// The numbered situation streams (table <c>situation_events</c>, numbered at commit by a trigger: migration
/// SituationEventStreams). A stream's name is also the SignalR group its live events are pushed to.
/// </summary>
public static class SituationStreams
{
    /// <summary>Bus header carrying the (stream, seq) pairs of an outbox message, set by the dispatcher.</summary>
    public const string SequenceHeader = "MaritimeCoord-Streams";

    public const string AllCentres = "all-centres";
    private const string CentrePrefix = "centre:";
    private const string IncidentPrefix = "incident:";

    public static string Centre(string centreCode) => CentrePrefix + centreCode;

    /// <summary>A centre's supervisors (not a numbered stream: escalations are also on the centre's own stream).</summary>
    public static string Supervisors(string centreCode) => "supervisors:" + centreCode;

    public static string Incident(Guid incidentId) => IncidentPrefix + incidentId.ToString("D");

    /// <summary>The stream a user receives by default: an administrator's is every centre's, an operator's their centre's.</summary>
    public static string? DefaultFor(ClaimsPrincipal user) =>
        user.IsInRole(MaritimeRoles.Admin) ? AllCentres : user.CentreCode() is { } centre ? Centre(centre) : null;

    /// <summary>
    /// Whether the user may read a stream: their own centre's, every centre's (administrators), or an incident's that
    /// IncidentAccess lets them see (coordinating centre, handover partners; administrators all).
    /// </summary>
    public static async Task<bool> MayReadAsync(ClaimsPrincipal user, string stream, MaritimeDbContext db, CancellationToken ct)
    {
        var admin = user.IsInRole(MaritimeRoles.Admin);
        if (stream == AllCentres) return admin;
        if (stream.StartsWith(CentrePrefix, StringComparison.Ordinal))
            return admin || string.Equals(Centre(user.CentreCode() ?? "\0"), stream, StringComparison.Ordinal);
        if (stream.StartsWith(IncidentPrefix, StringComparison.Ordinal) && Guid.TryParseExact(stream[IncidentPrefix.Length..], "D", out var id))
            return await db.Incidents.VisibleTo(user, db).AnyAsync(i => i.Id == id, ct);
        return false;
    }

    public static async Task<long> HeadAsync(MaritimeDbContext db, string stream, CancellationToken ct)
    {
        await using var cmd = await CommandAsync(db, "SELECT last_seq FROM situation_streams WHERE stream = @stream", ct);
        Add(cmd, "stream", stream);
        return await cmd.ExecuteScalarAsync(ct) is long seq ? seq : 0;
    }

    /// <summary>Events after <paramref name="afterSeq"/>, ascending; <paramref name="pageSize"/> at most.</summary>
    public static async Task<CatchUpPage> ReadAfterAsync(MaritimeDbContext db, string stream, long afterSeq, int pageSize, CancellationToken ct)
    {
        await using var cmd = await CommandAsync(db,
            "SELECT seq, event_name, payload::text FROM situation_events WHERE stream = @stream AND seq > @after ORDER BY seq LIMIT @limit", ct);
        Add(cmd, "stream", stream);
        Add(cmd, "after", afterSeq);
        Add(cmd, "limit", pageSize + 1);
        var events = new List<SequencedEvent>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var seq = reader.GetInt64(0);
                using var payload = JsonDocument.Parse(reader.GetString(2));
                events.Add(new SequencedEvent { Stream = stream, Seq = seq, Name = reader.GetString(1), Payload = Stamp(payload.RootElement, stream, seq) });
            }
        }

        var more = events.Count > pageSize;
        if (more) events.RemoveAt(events.Count - 1);
        return new CatchUpPage { Stream = stream, Events = events, More = more };
    }

    /// <summary>(outbox id → its (stream, seq) pairs) for a batch of outbox rows.</summary>
    public static async Task<Dictionary<long, List<StreamPosition>>> PositionsOfOutboxAsync(MaritimeDbContext db, IReadOnlyCollection<long> outboxIds, CancellationToken ct)
    {
        var result = new Dictionary<long, List<StreamPosition>>();
        if (outboxIds.Count == 0) return result;
        await using var cmd = await CommandAsync(db, "SELECT outbox_id, stream, seq FROM situation_events WHERE outbox_id = ANY(@ids) ORDER BY outbox_id, stream", ct);
        Add(cmd, "ids", outboxIds.ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetInt64(0);
            if (!result.TryGetValue(id, out var list)) result[id] = list = [];
            list.Add(new StreamPosition { Stream = reader.GetString(1), LastSeq = reader.GetInt64(2) });
        }

        return result;
    }

    /// <summary>The event's fields as a camelCase dictionary (so JSON and MessagePack clients read the same names) plus stream and seq.</summary>
    public static Dictionary<string, object?> Stamp(JsonElement payload, string stream, long seq)
    {
        var fields = payload.ValueKind == JsonValueKind.Object ? (Dictionary<string, object?>)ToPlain(payload)! : [];
        fields["stream"] = stream;
        fields["seq"] = seq;
        return fields;
    }

    /// <summary>
    /// An unnumbered event (published outside the outbox) as the same camelCase dictionary: a record handed to SignalR
    /// as it is would reach MessagePack clients with PascalCase member names (its contractless resolver ignores the
    /// JSON naming policy), and the console reads camelCase.
    /// </summary>
    public static object? Plain<T>(T message) where T : class => ToPlain(JsonSerializer.SerializeToElement(message, OutboxWriter.Json));

    /// <summary>JSON → plain objects (dictionaries, lists, strings, numbers, booleans) that both hub protocols serialise.</summary>
    public static object? ToPlain(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => e.EnumerateArray().Select(ToPlain).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static async Task<DbCommand> CommandAsync(MaritimeDbContext db, string sql, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return cmd;
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
