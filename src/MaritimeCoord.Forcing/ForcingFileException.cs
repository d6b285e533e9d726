namespace MaritimeCoord.Forcing;

/// <summary>What is wrong with a forcing file; the server maps every kind to 422 with the message.</summary>
public enum ForcingFileProblem
{
    /// <summary>Not a readable NetCDF-4/HDF5 file (corrupt, truncated, NetCDF-3 classic, not HDF5 at all).</summary>
    Unreadable,
    /// <summary>Neither wind (u10/v10, eastward_wind/northward_wind) nor current (uo/vo, eastward_/northward_sea_water_velocity).</summary>
    MissingVariables,
    /// <summary>Variables there, but their coordinates or units cannot be used (no lat/lon/time, unknown time units, shapes).</summary>
    UnsupportedLayout,
    /// <summary>The file covers none of the run in time or space.</summary>
    NoOverlap,
}

public sealed class ForcingFileException(ForcingFileProblem problem, string message, Exception? inner = null) : Exception(message, inner)
{
    public ForcingFileProblem Problem { get; } = problem;
}
