namespace MaritimeCoord.Contracts.Auth;

/// <summary>Claim names and roles shared by every token issuer (the dev issuer in `mcoord`, or an external one) and the server.</summary>
public static class MaritimeClaims
{
    /// <summary>The user's rescue centre code, e.g. JRCC-AUS.</summary>
    public const string Centre = "centre";

    /// <summary>Role claim type (JWT "role").</summary>
    public const string Role = "role";

    /// <summary>Display name claim type.</summary>
    public const string Name = "name";
}

/// <summary>The five roles of the product.</summary>
public static class MaritimeRoles
{
    /// <summary>Rescue-centre operator: watches the picture, runs incidents.</summary>
    public const string Operator = "operator";

    /// <summary>Liaison officer: logs sightings.</summary>
    public const string Liaison = "liaison";

    /// <summary>Analyst: replays history; no personal data without a grant.</summary>
    public const string Analyst = "analyst";

    /// <summary>Administrator: users, boundaries, jobs dashboard.</summary>
    public const string Admin = "admin";

    /// <summary>
    /// A rescue centre's duty supervisor: an operator of that centre (the server adds the operator role to a supervisor's
    /// token) who also receives escalations (a distress its centre has not acknowledged in time) and alone among the
    /// centre's staff grants access to the personal data of people on board.
    /// </summary>
    public const string Supervisor = "supervisor";

    /// <summary>All roles, for validation of issued tokens.</summary>
    public static readonly IReadOnlyList<string> All = [Operator, Liaison, Analyst, Admin, Supervisor];
}
