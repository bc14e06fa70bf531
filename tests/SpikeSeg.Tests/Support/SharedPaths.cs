namespace SpikeSeg.Tests.Support;

/// <summary>Locates the repository root and the <c>../shared</c> folder beside it (golden cases, real recordings).</summary>
public static class SharedPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepositoryRoot => Root.Value;

    public static string Shared
    {
        get
        {
            string shared = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
            if (!Directory.Exists(shared))
            {
                throw new DirectoryNotFoundException($"The tests read ../shared beside the repository ({shared}); it is missing.");
            }

            return shared;
        }
    }

    public static string Golden => Path.Combine(Shared, "golden");

    public static string RealData => Path.Combine(Shared, "data", "real");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SpikeSeg.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find SpikeSeg.slnx above the test binaries.");
    }
}
