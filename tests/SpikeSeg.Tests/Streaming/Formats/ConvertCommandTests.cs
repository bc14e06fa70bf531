using SpikeSeg.Host.Cli;
using SpikeSeg.Streaming.Formats;

namespace SpikeSeg.Tests.Streaming.Formats;

/// <summary>The `convert` verb: output format from the extension or --format, lossless, bad usage → exit 1.</summary>
public sealed class ConvertCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("spikeseg-convert-").FullName;

    [Theory]
    [InlineData("out.raw", null, EventFormat.Evt3)]
    [InlineData("out.aedat4", null, EventFormat.Aedat4)]
    [InlineData("out.npy", null, EventFormat.Npy)]
    [InlineData("out.csv", null, EventFormat.Text)]
    [InlineData("out.events", "evt3", EventFormat.Evt3)]
    public void ConvertsTheN_CarsSampleLosslessly(string outName, string? format, EventFormat expected)
    {
        string input = EventReading.Real("dat/prophesee_dat_ncars_sample_a.dat");
        string output = Path.Combine(_dir, outName);
        string[] args = format is null ? ["convert", input, output] : ["convert", input, output, "--format", format];
        var error = new StringWriter();
        Assert.Equal(ExitCodes.Success, SpikeSegCli.Run(args, new StringWriter(), error));
        using var original = EventReaders.Open(input);
        using var converted = EventReaders.Open(output);
        Assert.Equal(expected, converted.Info.Format);
        EventReading.AssertSame(EventReading.ReadAll(original), EventReading.ReadAll(converted));
        Assert.False(File.Exists(output + ".tmp"));
    }

    [Fact]
    public void UnknownOutputExtensionIsBadInput()
    {
        var error = new StringWriter();
        int code = SpikeSegCli.Run(["convert", EventReading.Real("nmnist/nmnist_sample_a.bin"), Path.Combine(_dir, "x.zzz")], new StringWriter(), error);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("x.zzz", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptInputLeavesNoOutputBehind()
    {
        string input = Path.Combine(_dir, "bad.npy");
        File.WriteAllBytes(input, [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 4, 0, (byte)'{', (byte)'}', (byte)' ', (byte)'\n']);
        string output = Path.Combine(_dir, "out.raw");
        Assert.Equal(ExitCodes.BadInput, SpikeSegCli.Run(["convert", input, output], new StringWriter(), new StringWriter()));
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".tmp"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
