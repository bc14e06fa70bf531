using SpikeSeg.Core;
using SpikeSeg.Host.Service;

namespace SpikeSeg.Tests.Host.Service;

/// <summary>Precedence file → SPIKESEG__ environment → --set, binding, and the validator's one-line messages.</summary>
public sealed class ServiceConfigurationTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "spikeseg-cfg-" + Guid.NewGuid().ToString("N") + ".json");

    [Fact]
    public void Environment_overrides_the_file_and_set_overrides_both()
    {
        File.WriteAllText(_file, """
            { "Http": { "Urls": "http://127.0.0.1:1000" }, "Checkpoints": { "Keep": 2 },
              "Streams": { "a": { "Source": { "Pacing": "Max" } } } }
            """);
        string variable = ServiceConfiguration.EnvironmentPrefix + "Checkpoints__Keep";
        Environment.SetEnvironmentVariable(variable, "4");
        try
        {
            var options = ServiceConfiguration.Bind(ServiceConfiguration.Build(_file, ["Http:Urls=http://127.0.0.1:2000", "Streams:a:Conv2Threshold=7.5"]));
            Assert.Equal("http://127.0.0.1:2000", options.Http.Urls);
            Assert.Equal(4, options.Checkpoints.Keep);
            var stream = Assert.Single(options.Streams).Value;
            Assert.Equal(Pacing.Max, stream.Source.Pacing);
            Assert.Equal(7.5f, stream.Conv2Threshold);
            Assert.Null(stream.Conv1Threshold);
            ServiceOptionsValidator.Validate(options);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("Checkpoints:Keep=0", "setting 'Checkpoints:Keep' = 0: must be in 1..1000")]
    [InlineData("Checkpoints:IntervalSeconds=-1", "setting 'Checkpoints:IntervalSeconds' = -1:")]
    [InlineData("Telemetry:TraceSampleRatio=1.5", "setting 'Telemetry:TraceSampleRatio' = 1.5: must be in [0, 1]")]
    [InlineData("Telemetry:OtlpEndpoint=ftp://x", "setting 'Telemetry:OtlpEndpoint' = 'ftp://x':")]
    [InlineData("Http:Urls=localhost", "setting 'Http:Urls' = 'localhost':")]
    [InlineData("Streams:a:Conv3Threshold=-2", "setting 'Streams:a:Conv3Threshold' = -2: must be > 0")]
    [InlineData("Streams:a:Source:Seconds=0", "setting 'Streams:a:Source:Seconds' = 0:")]
    [InlineData("Streams:a:Source:Pacing=Accelerated", "setting 'Streams:a:Source:SpeedFactor' = 0:")]
    public void A_broken_rule_is_one_line_naming_setting_value_and_rule(string set, string expected)
    {
        File.WriteAllText(_file, """{ "Streams": { "a": { "Source": { "SpeedFactor": 0 } } } }""");
        var options = ServiceConfiguration.Bind(ServiceConfiguration.Build(_file, [set]));
        var ex = Assert.Throws<InvalidInputException>(() => ServiceOptionsValidator.Validate(options));
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("Streams:a:Source:Pacing=Sometimes")]
    [InlineData("Checkpoints:Kepp=3")]
    [InlineData("Checkpoints:Keep=many")]
    public void Unknown_keys_and_unconvertible_values_are_rejected(string set)
    {
        File.WriteAllText(_file, """{ "Streams": { "a": { } } }""");
        var ex = Assert.Throws<InvalidInputException>(() => ServiceConfiguration.Bind(ServiceConfiguration.Build(_file, [set])));
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains(set.Split('=')[0].Split(':')[^1], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_and_a_malformed_set_are_named()
    {
        Assert.Contains("configuration file not found", Assert.Throws<InvalidInputException>(() => ServiceConfiguration.Build(_file, [])).Message, StringComparison.Ordinal);
        File.WriteAllText(_file, "{}");
        Assert.Contains("expected KEY=VALUE", Assert.Throws<InvalidInputException>(() => ServiceConfiguration.Build(_file, ["novalue"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_default_configuration_is_valid_and_serves_loopback()
    {
        string file = Path.Combine(SpikeSeg.Tests.Support.SharedPaths.RepositoryRoot, "config", "appsettings.json");
        var options = ServiceConfiguration.Bind(ServiceConfiguration.Build(file, []));
        ServiceOptionsValidator.Validate(options);
        Assert.StartsWith("http://127.0.0.1:", options.Http.Urls, StringComparison.Ordinal);
        var stream = Assert.Single(options.Streams).Value;
        Assert.Equal(SourceKind.Synthetic, stream.Source.Type);
        Assert.Null(stream.Source.Seconds);
    }

    public void Dispose() => File.Delete(_file);
}
