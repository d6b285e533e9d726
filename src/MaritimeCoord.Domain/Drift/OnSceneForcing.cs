namespace MaritimeCoord.Domain.Drift;

/// <summary>
/// One on-scene observation an operator enters: wind speed (m/s) and the direction it blows <b>from</b> (degrees true),
/// current speed (m/s) and the direction it sets <b>to</b> (degrees true), valid from <paramref name="Time"/>.
/// </summary>
public readonly record struct OnSceneObservation(DateTimeOffset Time, double WindSpeed, double WindFromDegrees, double CurrentSpeed, double CurrentToDegrees);

/// <summary>
/// On-scene wind and current, the same everywhere: constant, or a time series interpolated linearly (as east/north
/// components) between observations and held constant before the first and after the last.
/// </summary>
public sealed class OnSceneForcing : IDriftForcing
{
    public const double MaxWindSpeed = 60;
    public const double MaxCurrentSpeed = 5;

    private readonly long[] _ticks;
    private readonly double[] _windEast, _windNorth, _currentEast, _currentNorth;

    /// <summary>Whether a wind was given (false: wind is zero and a gridded forcing falling back here says so).</summary>
    public bool HasWind { get; }

    /// <summary>Whether a current was given.</summary>
    public bool HasCurrent { get; }

    public IReadOnlyList<OnSceneObservation> Observations { get; }

    public OnSceneForcing(IReadOnlyList<OnSceneObservation> observations, bool hasWind = true, bool hasCurrent = true)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count == 0) throw new ArgumentException("At least one observation is needed.", nameof(observations));
        var sorted = observations.OrderBy(o => o.Time).ToArray();
        for (var i = 0; i < sorted.Length; i++)
        {
            var o = sorted[i];
            if (!(o.WindSpeed is >= 0 and <= MaxWindSpeed)) throw new ArgumentOutOfRangeException(nameof(observations), o.WindSpeed, $"Wind speed must be within 0–{MaxWindSpeed} m/s.");
            if (!(o.CurrentSpeed is >= 0 and <= MaxCurrentSpeed)) throw new ArgumentOutOfRangeException(nameof(observations), o.CurrentSpeed, $"Current speed must be within 0–{MaxCurrentSpeed} m/s.");
            if (!double.IsFinite(o.WindFromDegrees) || !double.IsFinite(o.CurrentToDegrees)) throw new ArgumentOutOfRangeException(nameof(observations), "Directions must be finite.");
            if (i > 0 && sorted[i - 1].Time == o.Time) throw new ArgumentException($"Two observations at {o.Time:O}.", nameof(observations));
        }
        Observations = sorted;
        HasWind = hasWind;
        HasCurrent = hasCurrent;
        _ticks = new long[sorted.Length];
        _windEast = new double[sorted.Length]; _windNorth = new double[sorted.Length];
        _currentEast = new double[sorted.Length]; _currentNorth = new double[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            var o = sorted[i];
            _ticks[i] = o.Time.UtcTicks;
            // Wind from θ blows towards θ + 180°.
            var towards = (o.WindFromDegrees + 180) * Math.PI / 180;
            _windEast[i] = hasWind ? o.WindSpeed * Math.Sin(towards) : 0;
            _windNorth[i] = hasWind ? o.WindSpeed * Math.Cos(towards) : 0;
            var to = o.CurrentToDegrees * Math.PI / 180;
            _currentEast[i] = hasCurrent ? o.CurrentSpeed * Math.Sin(to) : 0;
            _currentNorth[i] = hasCurrent ? o.CurrentSpeed * Math.Cos(to) : 0;
        }
    }

    /// <summary>A constant wind and current (either may be absent: zero).</summary>
    public static OnSceneForcing Constant(double? windSpeed, double windFromDegrees, double? currentSpeed, double currentToDegrees) =>
        new([new OnSceneObservation(DateTimeOffset.UnixEpoch, windSpeed ?? 0, windFromDegrees, currentSpeed ?? 0, currentToDegrees)],
            windSpeed is not null, currentSpeed is not null);

    /// <summary>No wind, no current.</summary>
    public static OnSceneForcing None { get; } = Constant(null, 0, null, 0);

    /// <summary>The forcing at <paramref name="time"/> (the same everywhere).</summary>
    public ForcingSample At(DateTimeOffset time)
    {
        var t = time.UtcTicks;
        var n = _ticks.Length;
        if (n == 1 || t <= _ticks[0]) return Make(0, 0, 0);
        if (t >= _ticks[n - 1]) return Make(n - 1, n - 1, 0);
        var i = Array.BinarySearch(_ticks, t);
        if (i >= 0) return Make(i, i, 0);
        i = ~i; // first index with a later time
        var w = (double)(t - _ticks[i - 1]) / (_ticks[i] - _ticks[i - 1]);
        return Make(i - 1, i, w);
    }

    private ForcingSample Make(int a, int b, double w) => new()
    {
        WindEast = _windEast[a] + w * (_windEast[b] - _windEast[a]),
        WindNorth = _windNorth[a] + w * (_windNorth[b] - _windNorth[a]),
        CurrentEast = _currentEast[a] + w * (_currentEast[b] - _currentEast[a]),
        CurrentNorth = _currentNorth[a] + w * (_currentNorth[b] - _currentNorth[a]),
    };

    public void Sample(DateTimeOffset time, ReadOnlySpan<double> latitudes, ReadOnlySpan<double> longitudes, Span<ForcingSample> samples)
    {
        var s = At(time);
        samples[..latitudes.Length].Fill(s);
    }
}
