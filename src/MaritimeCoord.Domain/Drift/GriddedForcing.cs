namespace MaritimeCoord.Domain.Drift;

/// <summary>
/// Gridded wind and/or current, interpolated bilinearly in space and linearly in time. Where a grid has no value
/// (outside it in space or time, fill values, land cells of an ocean model) the on-scene values are used, or zero
/// current when none was given; every such sample is flagged (<see cref="ForcingFallback"/>), never NaN.
/// </summary>
public sealed class GriddedForcing : IDriftForcing
{
    public GriddedField? Wind { get; }
    public GriddedField? Current { get; }
    public OnSceneForcing OnScene { get; }

    public GriddedForcing(GriddedField? wind, GriddedField? current, OnSceneForcing? onScene = null)
    {
        if (wind is null && current is null) throw new ArgumentException("A gridded forcing needs a wind or a current field.");
        Wind = wind;
        Current = current;
        OnScene = onScene ?? OnSceneForcing.None;
    }

    /// <summary>
    /// Null when the grids overlap the run, else a sentence saying which field misses the run in time or space (the
    /// server answers 422 with it; a run on a forcing that covers none of it would silently use zero wind).
    /// </summary>
    public string? CoverageProblem(double south, double west, double north, double east, DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var field in new[] { Wind, Current })
        {
            if (field is null) continue;
            if (!field.OverlapsTime(from, to))
                return $"{field.Name} covers {field.FirstTime:O} to {field.LastTime:O}, which does not overlap the run ({from:O} to {to:O}).";
            if (!field.OverlapsArea(south, west, north, east))
                return $"{field.Name} covers latitudes {field.SouthLatitude}..{field.NorthLatitude}, longitudes {field.WestLongitude}..{field.EastLongitude}, which does not overlap the run's area ({south:F2}..{north:F2}, {west:F2}..{east:F2}).";
        }
        return null;
    }

    public void Sample(DateTimeOffset time, ReadOnlySpan<double> latitudes, ReadOnlySpan<double> longitudes, Span<ForcingSample> samples)
    {
        var fallback = OnScene.At(time);
        var windFallbackFlag = OnScene.HasWind ? ForcingFallback.WindOnScene : ForcingFallback.WindZero;
        var currentFallbackFlag = OnScene.HasCurrent ? ForcingFallback.CurrentOnScene : ForcingFallback.CurrentZero;
        int w0 = 0, w1 = 0, c0 = 0, c1 = 0; double ww = 0, cw = 0;
        var windInTime = Wind is not null && Wind.TimeWeights(time, out w0, out w1, out ww);
        var currentInTime = Current is not null && Current.TimeWeights(time, out c0, out c1, out cw);
        var wind = Wind;
        var current = Current;
        for (var i = 0; i < latitudes.Length; i++)
        {
            ref var s = ref samples[i];
            s.Fallback = ForcingFallback.None;
            if (wind is null)
            {
                s.WindEast = fallback.WindEast; s.WindNorth = fallback.WindNorth;
            }
            else if (!windInTime || !wind.Interpolate(latitudes[i], longitudes[i], w0, w1, ww, out s.WindEast, out s.WindNorth))
            {
                s.WindEast = fallback.WindEast; s.WindNorth = fallback.WindNorth;
                s.Fallback |= windFallbackFlag;
            }
            if (current is null)
            {
                s.CurrentEast = fallback.CurrentEast; s.CurrentNorth = fallback.CurrentNorth;
            }
            else if (!currentInTime || !current.Interpolate(latitudes[i], longitudes[i], c0, c1, cw, out s.CurrentEast, out s.CurrentNorth))
            {
                s.CurrentEast = fallback.CurrentEast; s.CurrentNorth = fallback.CurrentNorth;
                s.Fallback |= currentFallbackFlag;
            }
        }
    }
}
