namespace MaritimeCoord.Domain.Replay;

/// <summary>
/// Maps wall-clock time to scenario time for a replay of the window [<see cref="From"/>, <see cref="To"/>]: playing at
/// <see cref="Speed"/>× (1 to 3600), paused, or moved to another instant. Immutable: every command returns a new clock
/// anchored at the wall time it was given, so the mapping never depends on when it is read. No clock of its own.
/// </summary>
public sealed record ReplayClock
{
    public const double MinSpeed = 1;
    public const double MaxSpeed = 3600;

    private ReplayClock(DateTimeOffset from, DateTimeOffset to, double speed, bool playing, DateTimeOffset anchorScenario, DateTimeOffset anchorWall)
    {
        From = from;
        To = to;
        Speed = speed;
        Playing = playing;
        AnchorScenario = anchorScenario;
        AnchorWall = anchorWall;
    }

    public DateTimeOffset From { get; }
    public DateTimeOffset To { get; }
    public double Speed { get; }
    public bool Playing { get; }

    /// <summary>The scenario instant shown at <see cref="AnchorWall"/>.</summary>
    public DateTimeOffset AnchorScenario { get; }
    public DateTimeOffset AnchorWall { get; }

    /// <summary>A clock paused at <paramref name="start"/> (clamped into the window).</summary>
    public static ReplayClock Create(DateTimeOffset from, DateTimeOffset to, DateTimeOffset start, double speed, DateTimeOffset wallNow)
    {
        if (to <= from) throw new ArgumentException("The window must end after it starts.", nameof(to));
        if (!IsValidSpeed(speed)) throw new ArgumentOutOfRangeException(nameof(speed), speed, $"Speed must be {MinSpeed}..{MaxSpeed}.");
        return new ReplayClock(from, to, speed, false, Clamp(start, from, to), wallNow);
    }

    public static bool IsValidSpeed(double speed) => double.IsFinite(speed) && speed is >= MinSpeed and <= MaxSpeed;

    /// <summary>The scenario instant shown at wall time <paramref name="wallNow"/>; it stops at the end of the window.</summary>
    public DateTimeOffset ScenarioTimeAt(DateTimeOffset wallNow)
    {
        if (!Playing) return AnchorScenario;
        var elapsed = wallNow - AnchorWall;
        if (elapsed <= TimeSpan.Zero) return AnchorScenario;
        var scenarioTicks = elapsed.Ticks * Speed;
        var remaining = (To - AnchorScenario).Ticks;
        return scenarioTicks >= remaining ? To : AnchorScenario.AddTicks((long)scenarioTicks);
    }

    /// <summary>True once the replay has reached the end of the window.</summary>
    public bool IsFinishedAt(DateTimeOffset wallNow) => ScenarioTimeAt(wallNow) >= To;

    /// <summary>The wall time at which <paramref name="scenario"/> will be shown, or null when paused or already past it.</summary>
    public DateTimeOffset? WallTimeOf(DateTimeOffset scenario)
    {
        if (!Playing || scenario < AnchorScenario) return null;
        return AnchorWall.AddTicks((long)((scenario - AnchorScenario).Ticks / Speed));
    }

    public ReplayClock Play(DateTimeOffset wallNow) =>
        Playing ? this : new ReplayClock(From, To, Speed, true, AnchorScenario, wallNow);

    public ReplayClock Pause(DateTimeOffset wallNow) =>
        new(From, To, Speed, false, ScenarioTimeAt(wallNow), wallNow);

    /// <summary>Moves to <paramref name="scenario"/> (clamped into the window), keeping play/pause.</summary>
    public ReplayClock Seek(DateTimeOffset scenario, DateTimeOffset wallNow) =>
        new(From, To, Speed, Playing, Clamp(scenario, From, To), wallNow);

    /// <summary>Changes the speed from now on: the instant shown now does not jump.</summary>
    public ReplayClock WithSpeed(double speed, DateTimeOffset wallNow)
    {
        if (!IsValidSpeed(speed)) throw new ArgumentOutOfRangeException(nameof(speed), speed, $"Speed must be {MinSpeed}..{MaxSpeed}.");
        return new ReplayClock(From, To, speed, Playing, ScenarioTimeAt(wallNow), wallNow);
    }

    private static DateTimeOffset Clamp(DateTimeOffset t, DateTimeOffset from, DateTimeOffset to) => t < from ? from : t > to ? to : t;
}
