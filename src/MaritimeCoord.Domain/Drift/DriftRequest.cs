namespace MaritimeCoord.Domain.Drift;

public enum DriftDirection
{
    /// <summary>Where will it be: time runs forward from the seeding.</summary>
    Forward,
    /// <summary>Where did it come from: time runs back from the seeding, velocities negated.</summary>
    Backward,
}

/// <summary>What to run. Limits as the API enforces them (docs/drift.md); <see cref="Validate"/> names the field at fault.</summary>
public sealed record DriftRequest
{
    public const int MinParticles = 100;
    public const int MaxParticles = 200_000;
    public const double MinHours = 1;
    public const double MaxHours = 168;

    public required LeewayClass ObjectClass { get; init; }
    public required DriftSeeding Seeding { get; init; }
    public int Particles { get; init; } = 1000;
    /// <summary>How long to run, from the earliest seeding time (forward) or back from the latest (backward).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(24);
    public TimeSpan TimeStep { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>How often a snapshot of all particles is taken (a multiple of <see cref="TimeStep"/>).</summary>
    public TimeSpan OutputInterval { get; init; } = TimeSpan.FromHours(1);
    public DriftDirection Direction { get; init; } = DriftDirection.Forward;
    public ulong Seed { get; init; } = 1;
    /// <summary>Particles change side with probability 1 − 0.96^(Δt/1 h) per step; off only to test the leeway itself.</summary>
    public bool Jibing { get; init; } = true;
    /// <summary>Per-hour probability of a jibe (Allen 2005: about 4 %).</summary>
    public double JibeProbabilityPerHour { get; init; } = 0.04;

    /// <summary>The problems with this request as (field, message); empty when it can run.</summary>
    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var problems = new List<(string, string)>();
        if (Particles is < MinParticles or > MaxParticles) problems.Add(("particles", $"must be within {MinParticles}–{MaxParticles}, was {Particles}"));
        var hours = Duration.TotalHours;
        if (!(hours is >= MinHours and <= MaxHours)) problems.Add(("hours", $"must be within {MinHours}–{MaxHours}, was {hours}"));
        if (TimeStep <= TimeSpan.Zero || TimeStep > TimeSpan.FromHours(6)) problems.Add(("stepMinutes", "must be within 1 minute – 6 hours"));
        else if (OutputInterval < TimeStep || OutputInterval.Ticks % TimeStep.Ticks != 0) problems.Add(("outputInterval", "must be a multiple of the time step"));
        else if (Duration.Ticks % TimeStep.Ticks != 0) problems.Add(("hours", "must be a whole number of time steps"));
        if (!(JibeProbabilityPerHour is >= 0 and < 1)) problems.Add(("jibeProbabilityPerHour", "must be within [0, 1)"));
        switch (Seeding)
        {
            case PointSeeding p:
                if (!(p.RadiusMetres is >= 0 and <= 1_000_000)) problems.Add(("seeding.radius", "must be within 0–1,000 km"));
                if (p.WindowEnd is { } e && e < p.Time) problems.Add(("seeding.windowEnd", "precedes the seeding time"));
                break;
            case LineSeeding l:
                if (l.EndTime < l.StartTime) problems.Add(("seeding.endTime", "the line's end precedes its start"));
                if (!(l.StartRadiusMetres is >= 0 and <= 1_000_000) || !(l.EndRadiusMetres is >= 0 and <= 1_000_000)) problems.Add(("seeding.radius", "must be within 0–1,000 km"));
                break;
            case AreaSeeding a:
                if (a.Ring.Count < 3) problems.Add(("seeding.area", "needs at least 3 vertices"));
                if (a.WindowEnd is { } ae && ae < a.Time) problems.Add(("seeding.windowEnd", "precedes the seeding time"));
                break;
        }
        if (Seeding.LatestTime - Seeding.EarliestTime > Duration) problems.Add(("seeding", "the seeding window is longer than the run"));
        return problems;
    }

    /// <summary>When the run starts: the earliest seeding time forward, the latest backward.</summary>
    public DateTimeOffset StartTime => Direction == DriftDirection.Forward ? Seeding.EarliestTime : Seeding.LatestTime;

    /// <summary>When the run ends.</summary>
    public DateTimeOffset EndTime => Direction == DriftDirection.Forward ? StartTime + Duration : StartTime - Duration;
}
