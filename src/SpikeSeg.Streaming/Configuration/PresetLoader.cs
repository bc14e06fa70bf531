using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Streaming.Configuration;

/// <summary>
/// Loads a <see cref="NetworkSpec"/> by preset name (<c>igarss2023</c>, <c>kheradpisheh2018</c>,
/// <c>reference-config</c>, or any <c>config/presets/NAME.json</c>) or by path. Names are looked up in
/// <c>config/presets</c> next to the executable first, then in <c>config/presets</c> of the nearest enclosing
/// folder of the executable and of the working directory (the repository when run from a checkout).
/// </summary>
public static class PresetLoader
{
    /// <summary>Presets are small; anything larger is not a preset.</summary>
    public const long MaxFileBytes = 1 << 20;

    public static NetworkSpec Load(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        return LooksLikePath(nameOrPath) ? LoadFile(nameOrPath) : LoadFile(Resolve(nameOrPath));
    }

    /// <summary>Reads, parses and validates one preset file.</summary>
    public static NetworkSpec LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new InvalidInputException($"{path}: preset file not found");
            }

            if (info.Length > MaxFileBytes)
            {
                throw new InvalidInputException($"{path}: file is {info.Length} bytes, a preset must be ≤ {MaxFileBytes}");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot read preset ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }

        return PresetJson.Parse(bytes, path);
    }

    /// <summary>Every preset name found in the search folders, sorted.</summary>
    public static IReadOnlyList<string> KnownPresets() =>
        SearchFolders()
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.json"))
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool LooksLikePath(string nameOrPath) =>
        nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        || nameOrPath.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || nameOrPath.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal);

    private static string Resolve(string name)
    {
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new InvalidInputException($"preset '{name}': a preset name may contain only letters, digits, '-', '_' and '.'");
        }

        var folders = SearchFolders().ToList();
        foreach (string folder in folders)
        {
            string candidate = Path.Combine(folder, name + ".json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var known = KnownPresets();
        string knownList = known.Count == 0 ? "none" : string.Join(", ", known);
        string searched = folders.Count == 0 ? "no config/presets folder beside the executable or above the working directory" : string.Join(", ", folders);
        throw new InvalidInputException($"preset '{name}': not found in {searched} (known: {knownList})");
    }

    private static IEnumerable<string> SearchFolders()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string folder = Path.Combine(dir.FullName, "config", "presets");
                if (Directory.Exists(folder) && seen.Add(folder))
                {
                    yield return folder;
                }
            }
        }
    }
}
