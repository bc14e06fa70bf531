using System.Diagnostics;
using SpikeSeg.Host.Cli;

namespace SpikeSeg.Tests.Host.Cli;

/// <summary>Files written for Python users are read back by real numpy (Debian's python3-numpy, installed by scripts/test.sh).</summary>
public sealed class NumpyInteropTests
{
    private static string Python(string script)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"python failed: {error}");
        return output.Trim();
    }

    [Fact]
    public void ReferenceBenchSceneAsNpyIsReadableByNumpy()
    {
        string dir = Directory.CreateTempSubdirectory("spikeseg-npy-").FullName;
        try
        {
            string file = Path.Combine(dir, "bench.npy");
            Assert.Equal(0, SpikeSegCli.Run(["synth", "--scene", "reference-bench", "--seconds", "1", "--seed", "3", "--out", file], new StringWriter(), new StringWriter()));
            var summary = InspectCommand.InspectEvents(file);
            string result = Python($"import numpy as np; a = np.load('{file}'); print(a.dtype.names, a.dtype['t'].str, a.dtype['x'].str, a.dtype['p'].str, len(a), int(a['p'].sum()), int(a['t'][0]), int(a['t'][-1]), bool((np.diff(a['t']) >= 0).all()))");
            Assert.Equal(
                $"('t', 'x', 'y', 'p') <i8 <u2 |u1 {summary.Statistics.Events} {summary.Statistics.On} {summary.Statistics.FirstTimestampUs} {summary.Statistics.LastTimestampUs} True",
                result);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
