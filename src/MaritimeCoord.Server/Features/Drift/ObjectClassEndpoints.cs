using MaritimeCoord.Domain.Drift;

namespace MaritimeCoord.Server.Features.Drift;

/// <summary>One leeway object class as the console's picker shows it.</summary>
/// <param name="Group">The family the key names (PIW, LIFE-RAFT, SKIFF, FISHING-VESSEL …), for grouping the rest of the list.</param>
/// <param name="Depth">How far the published table indents the description (its leading '&gt;' marks): a sub-class of the row above.</param>
/// <param name="Regional">Rank among the classes a rescue centre of this region meets most (people in the water, migrant and
/// refugee boats, skiffs, fishing vessels, life rafts), or null.</param>
/// <param name="DescriptionKey">The description's key in the console's language files ("leeway." + key); the English
/// description is the fallback.</param>
public sealed record ObjectClassDto(int Id, string Key, string Description, string Group, int Depth, int? Regional,
    double DownwindSlopePercent, double DownwindOffsetCms, string? DescriptionKey = null);

/// <summary>GET /api/drift/object-classes: the 85 leeway classes a drift run accepts (the table is the Domain's).</summary>
public static class ObjectClassEndpoints
{
    /// <summary>
    /// The classes a centre in the Bali Process region picks most, in this order: a person in the water, the
    /// improvised migrant raft, a small open boat, a fishing vessel, a life raft (docs/console.md, Drift/Search).
    /// </summary>
    public static readonly IReadOnlyList<string> RegionalKeys =
        ["PIW-1", "REFUGEE-RAFT-1", "REFUGEE-RAFT-2", "SKIFF-2", "SKIFF-1", "FISHING-VESSEL-1", "LIFE-RAFT-DB-10", "LIFE-RAFT-SB-6", "LIFE-RAFT-NB-1"];

    private static readonly Lazy<IReadOnlyList<ObjectClassDto>> All = new(() => LeewayClasses.All.Select(Describe).ToList());

    public static Microsoft.AspNetCore.Http.HttpResults.Ok<IReadOnlyList<ObjectClassDto>> List() => TypedResults.Ok(All.Value);

    internal static ObjectClassDto Describe(LeewayClass c)
    {
        var depth = c.Description.TakeWhile(ch => ch == '>').Count();
        var rank = RegionalKeys.Select((k, i) => (k, i)).FirstOrDefault(p => string.Equals(p.k, c.Key, StringComparison.OrdinalIgnoreCase));
        return new ObjectClassDto(c.Id, c.Key, c.Description[depth..].Trim(), GroupOf(c.Key), depth,
            rank.k is null ? null : rank.i + 1, c.DownwindSlopePercent, c.DownwindOffsetCms, DescriptionKey(c.Key));
    }

    /// <summary>A class's description key in the console's language files (docs/console.md).</summary>
    public static string DescriptionKey(string classKey) => "leeway." + classKey;

    /// <summary>The key without its trailing number or variant (LIFE-RAFT-DB-10 → LIFE-RAFT, SAILBOAT-6b → SAILBOAT).</summary>
    internal static string GroupOf(string key)
    {
        if (key.StartsWith("LIFE-RAFT", StringComparison.Ordinal)) return "LIFE-RAFT";
        if (key.StartsWith("MED-WASTE", StringComparison.Ordinal)) return "MED-WASTE";
        var dash = key.LastIndexOf('-');
        return dash > 0 && char.IsDigit(key[dash + 1]) ? key[..dash] : key;
    }
}
