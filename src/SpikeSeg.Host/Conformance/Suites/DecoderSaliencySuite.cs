using System.Text.Json;
using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Host.Conformance.Suites;

/// <summary>
/// Golden checks of the decoder saliency in <c>d_encoder_decoder.json</c>. The reference decoded the tiny model's
/// classification spikes summed over time, on the decoder's first call (delay buffer empty, membranes zero), with
/// the last timestep's pool indices and weights copied from the encoder: <see cref="DecoderOptions.ReferenceCompatible"/>.
/// </summary>
public sealed class DecoderSaliencySuite : IGoldenSuite
{
    public string FileName => DecoderGoldenModel.FileName;

    public IEnumerable<GoldenCase> Cases(JsonElement root)
    {
        yield return new GoldenCase(FileName, "decoder driven as configured", () => CheckConfiguration(root));
        yield return new GoldenCase(FileName, "decoder saliency (reference-compatible)", () => CheckSaliency(root));
    }

    private static DecoderOptions OptionsFrom(JsonElement root)
    {
        var decoder = root.GetProperty("config").GetProperty("decoder");
        return DecoderOptions.ReferenceCompatible with
        {
            Threshold = decoder.GetProperty("threshold").GetSingle(),
            LeakFactor = decoder.GetProperty("leak").GetSingle(),
            DelayConnections = decoder.GetProperty("use_delay_connections").GetBoolean(),
            DelayDecay = decoder.GetProperty("delay_decay").GetSingle(),
        };
    }

    private static void CheckConfiguration(JsonElement root)
    {
        // The reference unpools both stages with pool1's kernel (§16.1); SpikeSeg uses each pool's own. The two
        // agree only when both pools are k/k with the same k, which this case must satisfy to be comparable.
        var model = DecoderGoldenModel.Parse(root);
        int unpoolKernel = root.GetProperty("config").GetProperty("decoder").GetProperty("unpool_kernel").GetInt32();
        Expect.Equal("pool1 kernel = reference unpool kernel", unpoolKernel, model.Pool1.Kernel);
        Expect.Equal("pool2 kernel = reference unpool kernel", unpoolKernel, model.Pool2.Kernel);
        Expect.Equal("pool1 stride = kernel", model.Pool1.Kernel, model.Pool1.Stride);
        Expect.Equal("pool2 stride = kernel", model.Pool2.Kernel, model.Pool2.Stride);

        // With fire-once the time-summed classification map is binary, as the reference's decode assumes.
        var summed = model.Spikes.TimeSummedCells();
        Expect.True("time-summed classification map is binary", summed.All(c => c.Value == 1f));
        Expect.Equal("classification spikes", 32, model.Spikes.Spikes.Length);

        var options = OptionsFrom(root);
        Expect.Equal("decoder threshold", 1.0f, options.Threshold);
        Expect.Equal("decoder leak", 0f, options.LeakFactor);
        Expect.Equal("delay decay", 0.9f, options.DelayDecay);
    }

    private static void CheckSaliency(JsonElement root)
    {
        var model = DecoderGoldenModel.Parse(root);
        var decoder = new SaliencyDecoder(model.Weights, OptionsFrom(root));
        float[] saliency = decoder.Decode(model.Spikes, model.LastStepIndices);
        var expected = GoldenTensor.Parse(root.GetProperty("decoder_saliency_B_C_H_W"));
        Expect.Close("decoder saliency", expected, saliency);
    }
}
