using System.Text.Json;

namespace SpikeSeg.Host.Conformance.Suites;

/// <summary>Golden checks of <c>d_encoder_decoder.json</c>.</summary>
public sealed class EncoderDecoderSuite : IGoldenSuite
{
    public string FileName => "d_encoder_decoder.json";

    public IEnumerable<GoldenCase> Cases(JsonElement root)
    {
        yield return new GoldenCase(FileName, "pending", () => throw new ConformanceMismatchException("not implemented yet"));
    }
}
