namespace MaritimeCoord.ContainerTests;

internal static class Repository
{
    /// <summary>The checkout's root: the first folder above the test binaries that holds MaritimeCoord.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MaritimeCoord.sln"))) return dir.FullName;
        throw new InvalidOperationException("MaritimeCoord.sln not found above " + AppContext.BaseDirectory);
    }
}
