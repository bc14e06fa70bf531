using System.Text.Json;
using SpikeSeg.Host.Conformance.Suites;

namespace SpikeSeg.Host.Conformance;

/// <summary>Loads every golden file of a directory and runs its checks through SpikeSeg.Core.</summary>
public static class ConformanceRunner
{
    public static IReadOnlyList<IGoldenSuite> Suites { get; } =
    [
        new LifLayerSuite(),
        new StdpSuite(),
        new TrainStepSuite(),
        new WtaSuite(),
        new EncoderDecoderSuite(),
        new DecoderSaliencySuite(),
        new HulkSmashSuite(),
        new PreprocessingSuite(),
    ];

    /// <summary>Every case of every <c>*.json</c> file in <paramref name="directory"/>; several suites may share a file; a file no suite knows is one failing case.</summary>
    public static IEnumerable<GoldenCase> LoadCases(string directory)
    {
        foreach (string path in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            var suites = Suites.Where(s => s.FileName == name).ToList();
            if (suites.Count == 0)
            {
                yield return new GoldenCase(name, "suite", () => throw new ConformanceMismatchException($"no conformance suite knows golden file '{name}'"));
                continue;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            // Cases keep their own clones so the document can be disposed here.
            var root = document.RootElement.Clone();
            foreach (var suite in suites)
            {
                foreach (var c in suite.Cases(root, directory))
                {
                    yield return c;
                }
            }
        }
    }

    public static (int Passed, int Failed) Run(string directory, TextWriter output)
    {
        int passed = 0, failed = 0;
        foreach (var c in LoadCases(directory))
        {
            try
            {
                c.Run();
                passed++;
                output.WriteLine($"PASS {c}");
            }
            catch (Exception ex)
            {
                failed++;
                output.WriteLine($"FAIL {c}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        output.WriteLine($"{passed} passed, {failed} failed");
        return (passed, failed);
    }
}
