using System.Text.Json;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Host.Conformance.Suites;

/// <summary>
/// The pieces of <c>d_encoder_decoder.json</c> the decoder and HULK are driven with: the tiny model's weights,
/// its classification spikes, and its pooling indices (last step only, as the reference keeps them, and per step).
/// </summary>
internal sealed class DecoderGoldenModel
{
    public const string FileName = "d_encoder_decoder.json";

    private DecoderGoldenModel(JsonElement root)
    {
        var config = root.GetProperty("config");
        Pool1 = ReadPool(config.GetProperty("pool1"));
        Pool2 = ReadPool(config.GetProperty("pool2"));
        var weights = root.GetProperty("weights");
        Weights = ReadWeights(weights);

        var conv3 = GoldenTensor.Parse(root.GetProperty("layer_spikes_T_B_C_H_W").GetProperty("conv3"));
        int[] s = conv3.Shape;
        var spikes = new List<ClassificationSpike>();
        foreach (var one in root.GetProperty("layer_spikes_T_B_C_H_W").GetProperty("conv3").GetProperty("ones").EnumerateArray())
        {
            int[] i = one.EnumerateArray().Select(e => e.GetInt32()).ToArray();
            spikes.Add(new ClassificationSpike(i[0], i[2], i[3], i[4]));
        }

        Spikes = new ClassificationSpikeTrain(spikes, s[0], s[2], s[3], s[4]);

        int[] pool1Input = root.GetProperty("pool1_output_size").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        int[] pool2Input = root.GetProperty("pool2_output_size").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Pool1InputHeight = pool1Input[^2];
        Pool1InputWidth = pool1Input[^1];
        Pool2InputHeight = pool2Input[^2];
        Pool2InputWidth = pool2Input[^1];

        LastStepIndices = PoolIndexHistory.LastStepOnly(
            ReadIndices(root.GetProperty("final_pool1_indices"), Pool1InputHeight, Pool1InputWidth, Pool1),
            ReadIndices(root.GetProperty("final_pool2_indices"), Pool2InputHeight, Pool2InputWidth, Pool2));

        var pool1Steps = new List<PoolIndexMap>();
        var pool2Steps = new List<PoolIndexMap>();
        foreach (var step in root.GetProperty("per_step_state").EnumerateArray())
        {
            pool1Steps.Add(ReadIndices(step.GetProperty("pool1_indices_this_step"), Pool1InputHeight, Pool1InputWidth, Pool1));
            pool2Steps.Add(ReadIndices(step.GetProperty("pool2_indices_this_step"), Pool2InputHeight, Pool2InputWidth, Pool2));
        }

        PerStepIndices = new PoolIndexHistory(pool1Steps, pool2Steps);
    }

    public PoolSpec Pool1 { get; }

    public PoolSpec Pool2 { get; }

    public DecoderWeights Weights { get; }

    public ClassificationSpikeTrain Spikes { get; }

    public int Pool1InputHeight { get; }

    public int Pool1InputWidth { get; }

    public int Pool2InputHeight { get; }

    public int Pool2InputWidth { get; }

    /// <summary>What the reference decoder and HULK unpool with: the last timestep's indices.</summary>
    public PoolIndexHistory LastStepIndices { get; }

    /// <summary>Every timestep's indices (for the corrected behaviour).</summary>
    public PoolIndexHistory PerStepIndices { get; }

    public static DecoderGoldenModel Parse(JsonElement root) => new(root);

    public static DecoderGoldenModel Load(string directory)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, FileName)));
        return new DecoderGoldenModel(document.RootElement);
    }

    /// <summary>Three OIHW tensors named conv1, conv2, conv3.</summary>
    public static DecoderWeights ReadWeights(JsonElement weights) =>
        new(ReadBank(weights.GetProperty("conv1")), ReadBank(weights.GetProperty("conv2")), ReadBank(weights.GetProperty("conv3")));

    private static ConvWeightBank ReadBank(JsonElement element)
    {
        var t = GoldenTensor.Parse(element);
        return new ConvWeightBank(t.ToFloat(), t.Shape[0], t.Shape[1], t.Shape[2]);
    }

    private static PoolSpec ReadPool(JsonElement element) =>
        new(element.GetProperty("kernel").GetInt32(), element.GetProperty("stride").GetInt32());

    private static PoolIndexMap ReadIndices(JsonElement element, int inputHeight, int inputWidth, PoolSpec pool)
    {
        var t = GoldenTensor.Parse(element);
        int[] s = t.Shape;
        return new PoolIndexMap(t.ToInt(), s[^3], s[^2], s[^1], inputHeight, inputWidth, pool);
    }
}
