using System.Text;
using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Streaming.Configuration;
using SpikeSeg.Tests.Core.Configuration;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Streaming.Configuration;

public sealed class PresetLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("spikeseg-preset-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Igarss2023_LoadsByName_WithThePaperValues()
    {
        var spec = PresetLoader.Load("igarss2023");
        Assert.Equal("igarss2023", spec.Name);
        Assert.Equal(0.04f, spec.Learning.LearningRatePlus);
        Assert.Equal(0.03f, spec.Learning.LearningRateMinus);
        Assert.Equal(0.01f, spec.Learning.InitStd);
        Assert.Equal((4, 36), (spec.Conv1.Channels, spec.Conv2.Channels));
        Assert.Equal((5, 5, 7), (spec.Conv1.KernelSize, spec.Conv2.KernelSize, spec.Conv3.KernelSize));
        Assert.Equal((0.09f, 0.01f, 0f), (spec.Conv1.Leak, spec.Conv2.Leak, spec.Conv3.Leak));
        Assert.Equal(50, spec.Learning.Convergence.MaxEpochs);
        Assert.True(spec.Learning.DogConv1);
        Assert.False(spec.Conv1.Learns);
        Assert.Equal(LeakMode.Subtractive, spec.Conv2.LeakMode);
    }

    [Fact]
    public void Kheradpisheh2018_LoadsByName_WithItsChannelsAndKernels()
    {
        var spec = PresetLoader.Load("kheradpisheh2018");
        Assert.Equal(0.004f, spec.Learning.LearningRatePlus);
        Assert.Equal(0.003f, spec.Learning.LearningRateMinus);
        Assert.Equal(0.02f, spec.Learning.InitStd);
        Assert.Equal((30, 250), (spec.Conv1.Channels, spec.Conv2.Channels));
        Assert.Equal((5, 17, 17), (spec.Conv1.KernelSize, spec.Conv2.KernelSize, spec.Conv3.KernelSize));
        Assert.Equal((0f, 0f, 0f), (spec.Conv1.Leak, spec.Conv2.Leak, spec.Conv3.Leak));
    }

    [Fact]
    public void ReferenceConfig_HasTheShippedYamlValues()
    {
        var spec = PresetLoader.Load("reference-config");
        Assert.Equal(2, spec.Input.PolarityChannels);
        Assert.Equal(1, spec.Conv3.Channels);
        Assert.Equal(WtaMode.Both, spec.Learning.WtaMode);
        Assert.Equal((0.1f, 0.02f, 500f, 10f), (spec.Learning.Homeostasis.ThetaRest, spec.Learning.Homeostasis.ThetaPlus, spec.Learning.Homeostasis.TauTheta, spec.Learning.Homeostasis.ThetaMax));
        Assert.Equal((10, 0.90f, 20, 50), (spec.Learning.Convergence.MinWinsPerFeature, spec.Learning.Convergence.TargetRatio, spec.Learning.Convergence.Patience, spec.Learning.Convergence.MaxEpochs));
    }

    [Fact]
    public void EveryShippedPreset_LoadsByPath_AndIsKnownByName()
    {
        string presets = Path.Combine(SharedPaths.RepositoryRoot, "config", "presets");
        var files = Directory.GetFiles(presets, "*.json");
        Assert.Superset(new HashSet<string> { "igarss2023", "kheradpisheh2018", "reference-config", "sda-live", "sda" }, files.Select(Path.GetFileNameWithoutExtension).ToHashSet()!);
        foreach (string file in files)
        {
            var spec = PresetLoader.Load(file);
            Assert.Equal(Path.GetFileNameWithoutExtension(file), spec.Name);
            Assert.Contains(spec.Name, PresetLoader.KnownPresets());
        }
    }

    [Fact]
    public void SerialisedSpec_ParsesBackToAnEqualSpec()
    {
        foreach (string name in new[] { "igarss2023", "kheradpisheh2018", "reference-config" })
        {
            var spec = PresetLoader.Load(name);
            Assert.Equal(spec, PresetJson.Parse(PresetJson.Serialize(spec), "round trip"));
        }

        var tiny = ValidSpecs.Tiny();
        Assert.Equal(tiny, PresetJson.Parse(PresetJson.Serialize(tiny), "round trip"));
    }

    [Fact]
    public void AnUnknownName_ListsTheKnownPresets()
    {
        var ex = Assert.Throws<InvalidInputException>(() => PresetLoader.Load("igarss2042"));
        Assert.StartsWith("preset 'igarss2042': not found in ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("igarss2023", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void ANameWithPathCharacters_IsRefused()
    {
        var ex = Assert.Throws<InvalidInputException>(() => PresetLoader.Load("..\\secrets"));
        Assert.Contains("may contain only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFile_NamesTheFile()
    {
        string path = Path.Combine(_folder, "absent.json");
        Assert.Equal($"{path}: preset file not found", Assert.Throws<InvalidInputException>(() => PresetLoader.Load(path)).Message);
    }

    [Fact]
    public void AnInvalidValue_IsOneLineNamingFileSettingValueAndRule()
    {
        string path = WritePreset(Igarss().Replace("\"threshold\": 0.1, \"leak\": 0.01", "\"threshold\": -1, \"leak\": 0", StringComparison.Ordinal));
        var ex = Assert.Throws<InvalidInputException>(() => PresetLoader.Load(path));
        Assert.Equal($"{path}: conv2.threshold = -1: must be > 0", ex.Message);
    }

    [Theory]
    [InlineData("\"seed\": 42", "\"sead\": 42", "sead")]
    [InlineData("\"leakMode\": \"Subtractive\"", "\"leakMode\": \"Sideways\"", "leakMode")]
    [InlineData("\"leakMode\": \"Subtractive\"", "\"leakMode\": 1", "leakMode")]
    [InlineData("\"stepsPerWindow\": 10", "\"stepsPerWindow\": \"10\"", "stepsPerWindow")]
    [InlineData("\"name\": \"igarss2023\",", "", "name")]
    [InlineData("\"pool2\": { \"kernel\": 2, \"stride\": 2 }", "\"pool2\": { \"kernel\": 2, \"stride\": 2 ", "")]
    public void MalformedJson_IsOneLineNamingTheFile(string find, string replace, string mentioned)
    {
        string text = Igarss();
        Assert.Contains(find, text, StringComparison.Ordinal);
        string path = WritePreset(text.Replace(find, replace, StringComparison.Ordinal));
        var ex = Assert.Throws<InvalidInputException>(() => PresetLoader.Load(path));
        Assert.StartsWith($"{path}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(mentioned, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void AnOversizedFile_IsRefusedBeforeReading()
    {
        string path = Path.Combine(_folder, "huge.json");
        using (var stream = File.Create(path))
        {
            stream.SetLength(PresetLoader.MaxFileBytes + 1);
        }

        Assert.Contains("a preset must be ≤", Assert.Throws<InvalidInputException>(() => PresetLoader.Load(path)).Message, StringComparison.Ordinal);
    }

    private static string Igarss() => File.ReadAllText(Path.Combine(SharedPaths.RepositoryRoot, "config", "presets", "igarss2023.json"), Encoding.UTF8);

    private string WritePreset(string text)
    {
        string path = Path.Combine(_folder, $"p{Guid.NewGuid():N}.json");
        // Encoding.UTF8 writes a byte-order mark, as many editors do; the loader must accept it.
        File.WriteAllText(path, text, Encoding.UTF8);
        return path;
    }
}
