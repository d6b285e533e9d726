namespace MaritimeCoord.Domain.Drift;

/// <summary>All particles at one output time. Arrays are indexed by particle and owned by the snapshot.</summary>
public sealed class DriftSnapshot
{
    public DriftSnapshot(DateTimeOffset time, double[] latitudes, double[] longitudes, ParticleStatus[] status, ParticleSide[] sides)
    {
        Time = time; Latitudes = latitudes; Longitudes = longitudes; Status = status; Sides = sides;
        foreach (var s in status)
        {
            if (s == ParticleStatus.Active) Active++;
            else if (s == ParticleStatus.Stranded) Stranded++;
            else NotSeeded++;
        }
    }

    public DateTimeOffset Time { get; }
    public IReadOnlyList<double> Latitudes { get; }
    public IReadOnlyList<double> Longitudes { get; }
    public IReadOnlyList<ParticleStatus> Status { get; }
    public IReadOnlyList<ParticleSide> Sides { get; }
    public int Count => Latitudes.Count;
    public int Active { get; }
    public int Stranded { get; }
    public int NotSeeded { get; }
}

/// <summary>Where and when a gridded forcing had no value and the model used on-scene values or zero instead.</summary>
public sealed class DriftFallbackReport
{
    /// <summary>Particle-steps of active particles.</summary>
    public long ParticleSteps { get; internal set; }
    public long WindOnSceneSteps { get; internal set; }
    public long WindZeroSteps { get; internal set; }
    public long CurrentOnSceneSteps { get; internal set; }
    public long CurrentZeroSteps { get; internal set; }
    public bool Any => WindOnSceneSteps + WindZeroSteps + CurrentOnSceneSteps + CurrentZeroSteps > 0;
    /// <summary>The box around every position that fell back (null when none did).</summary>
    public (double South, double West, double North, double East)? Area { get; internal set; }
    public DateTimeOffset? FirstTime { get; internal set; }
    public DateTimeOffset? LastTime { get; internal set; }

    public override string ToString() => !Any
        ? "no fallback"
        : $"wind: on-scene {WindOnSceneSteps}, zero {WindZeroSteps}; current: on-scene {CurrentOnSceneSteps}, zero {CurrentZeroSteps} of {ParticleSteps} particle-steps; " +
          $"area {Area!.Value.South:F3}..{Area.Value.North:F3} N, {Area.Value.West:F3}..{Area.Value.East:F3} E; {FirstTime:O} to {LastTime:O}";
}

public sealed class DriftResult
{
    internal DriftResult(DriftRequest request, IReadOnlyList<DriftSnapshot> snapshots, DriftSnapshot final, DriftFallbackReport fallbacks)
    {
        Request = request; Snapshots = snapshots; Final = final; Fallbacks = fallbacks;
    }

    public DriftRequest Request { get; }
    /// <summary>One per output interval from the start (included) to the end (included); empty when not kept.</summary>
    public IReadOnlyList<DriftSnapshot> Snapshots { get; }
    public DriftSnapshot Final { get; }
    public DriftFallbackReport Fallbacks { get; }
}

public readonly record struct DriftProgress(int Step, int Steps, DateTimeOffset Time, int Active, int Stranded)
{
    public double Fraction => Steps == 0 ? 1 : (double)Step / Steps;
}

public sealed class DriftRunOptions
{
    /// <summary>Called after every step (cheap; the caller throttles what it pushes).</summary>
    public Action<DriftProgress>? Progress { get; init; }
    /// <summary>Called with each snapshot as it is taken (e.g. to store it and drop it).</summary>
    public Action<DriftSnapshot>? OnSnapshot { get; init; }
    /// <summary>Keep every snapshot in the result (false: only the final one; for big runs streamed through <see cref="OnSnapshot"/>).</summary>
    public bool KeepSnapshots { get; init; } = true;
    public CancellationToken CancellationToken { get; init; }
}
