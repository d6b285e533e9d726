namespace MaritimeCoord.Domain.Drift;

/// <summary>
/// Wind and surface current for the drift model. Implementations never return NaN: where their data has no value
/// (outside a grid, a land cell, a fill value) they fall back and say so in <see cref="ForcingSample.Fallback"/>.
/// </summary>
public interface IDriftForcing
{
    /// <summary>
    /// Fills <paramref name="samples"/>[i] with the forcing at (<paramref name="latitudes"/>[i],
    /// <paramref name="longitudes"/>[i]) and <paramref name="time"/>. Called once per model step for every particle, so
    /// implementations must not allocate.
    /// </summary>
    void Sample(DateTimeOffset time, ReadOnlySpan<double> latitudes, ReadOnlySpan<double> longitudes, Span<ForcingSample> samples);
}

/// <summary>Wind 10 m above the sea and surface current, as east/north components in m/s.</summary>
/// <remarks>Public fields: the model fills one per particle and step in place (by ref, no copies).</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1051", Justification = "Filled in place per particle-step.")]
public struct ForcingSample
{
    public double WindEast;
    public double WindNorth;
    public double CurrentEast;
    public double CurrentNorth;
    public ForcingFallback Fallback;
}

/// <summary>Where a gridded forcing had no value and what was used instead.</summary>
[Flags]
public enum ForcingFallback : byte
{
    None = 0,
    /// <summary>No gridded wind here (outside the grid in space or time, or a fill value): the on-scene wind was used.</summary>
    WindOnScene = 1,
    /// <summary>No gridded wind and no on-scene wind: zero wind was used.</summary>
    WindZero = 2,
    /// <summary>No gridded current here: the on-scene current was used.</summary>
    CurrentOnScene = 4,
    /// <summary>No gridded current and no on-scene current (a land cell, outside the grid): zero current was used.</summary>
    CurrentZero = 8,
}
