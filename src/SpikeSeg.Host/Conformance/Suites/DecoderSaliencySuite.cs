using System.Text.Json;

namespace SpikeSeg.Host.Conformance.Suites;

/// <summary>Golden checks of the decoder saliency in <c>d_encoder_decoder.json</c>.</summary>
public sealed class DecoderSaliencySuite : IGoldenSuite
{
    public string FileName => "d_encoder_decoder.json";

    public IEnumerable<GoldenCase> Cases(JsonElement root)
    {
        yield return new GoldenCase(FileName, "decoder pending", () => throw new ConformanceMismatchException("not implemented yet"));
    }
}
