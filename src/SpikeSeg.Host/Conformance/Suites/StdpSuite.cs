using System.Text.Json;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Learning;

namespace SpikeSeg.Host.Conformance.Suites;

/// <summary>
/// Golden checks of <c>b_stdp.json</c>. <c>train_step_conv2_no_homeostasis</c> needs the encoder forward pass
/// (SpikeSeg.Core.Network) and is not checked by this suite.
/// </summary>
public sealed class StdpSuite : IGoldenSuite
{
    public string FileName => "b_stdp.json";

    public IEnumerable<GoldenCase> Cases(JsonElement root)
    {
        var cases = root.GetProperty("cases");
        yield return new GoldenCase(FileName, "train_apply_stdp_update", () => TrainerUpdate(cases.GetProperty("train_apply_stdp_update")));
        yield return new GoldenCase(FileName, "learner_update_weights_for_winner", () => UpdateForWinner(cases.GetProperty("learner_update_weights_for_winner")));
        yield return new GoldenCase(FileName, "compute_stdp_update", () => ComputeUpdate(cases.GetProperty("compute_stdp_update")));
        yield return new GoldenCase(FileName, "learner_compute_batch_update", () => BatchUpdate(cases.GetProperty("learner_compute_batch_update")));
        yield return new GoldenCase(FileName, "homeostasis_threshold_manager", () => Homeostasis(cases.GetProperty("homeostasis_threshold_manager")));
    }

    private static void TrainerUpdate(JsonElement c)
    {
        var p = c.GetProperty("params");
        float lrPlus = p.GetProperty("lr_plus").GetSingle(), lrMinus = p.GetProperty("lr_minus").GetSingle();
        var bounds = new WeightBounds(p.GetProperty("w_min").GetSingle(), p.GetProperty("w_max").GetSingle());
        var before = GoldenTensor.Parse(c.GetProperty("weights_before"));
        var pre = GoldenTensor.Parse(c.GetProperty("pre_spike_times"));
        var post = GoldenTensor.Parse(c.GetProperty("post_spike_times"));
        var kernel = new KernelShape(before.Shape[0], before.Shape[1], before.Shape[2]);
        Expect.Equal("params.kernel", p.GetProperty("kernel").GetInt32(), kernel.Size);
        var weights = before.ToFloat();
        int updates = TrainerStdpUpdate.Apply(
            weights,
            kernel,
            pre.ToFloat(),
            MapShape(pre),
            post.ToFloat(),
            MapShape(post),
            Winners(c.GetProperty("winners_feat_y_x")),
            new MultiplicativeRule(lrPlus, lrMinus),
            bounds);
        Expect.Equal("n_updates_returned", c.GetProperty("n_updates_returned").GetInt32(), updates);
        Expect.Close("weights_after", GoldenTensor.Parse(c.GetProperty("weights_after")), weights);
    }

    private static void UpdateForWinner(JsonElement c)
    {
        var before = GoldenTensor.Parse(c.GetProperty("weights_before"));
        var pre = GoldenTensor.Parse(c.GetProperty("pre_spike_times_inf_convention"));
        int kernel = c.GetProperty("kernel").GetInt32(), stride = c.GetProperty("stride").GetInt32(), padding = c.GetProperty("padding").GetInt32();
        int y = c.GetProperty("winner_y").GetInt32(), x = c.GetProperty("winner_x").GetInt32();
        float post = c.GetProperty("post_spike_time").GetSingle();

        // The case records no rates; its weights move by 0.04·w(1−w) / −0.03·w(1−w), the trainer preset's rates.
        var spec = new LearningSpec();
        var field = new float[pre.Shape[0] * kernel * kernel];
        ReceptiveField.Gather(pre.ToFloat(), MapShape(pre), (y * stride) - padding, (x * stride) - padding, kernel, field);
        Expect.Close("rf_times", GoldenTensor.Parse(c.GetProperty("rf_times")), field);

        var weights = before.ToFloat();
        LibraryStdp.UpdateWeightsForWinner(weights, pre.ToFloat(), MapShape(pre), post, y, x, kernel, stride, padding, LearningRules.Create(spec), WeightBounds.From(spec));
        Expect.Close("weights_after", GoldenTensor.Parse(c.GetProperty("weights_after")), weights);
    }

    private static void ComputeUpdate(JsonElement c)
    {
        var w = GoldenTensor.Parse(c.GetProperty("weights"));
        var pre = GoldenTensor.Parse(c.GetProperty("pre_times"));
        float post = c.GetProperty("post_time").GetSingle();
        float lrPlus = c.GetProperty("lr_plus").GetSingle(), lrMinus = c.GetProperty("lr_minus").GetSingle();
        var delta = new float[w.Length];
        LibraryStdp.ComputeStdpUpdate(w.ToFloat(), pre.ToFloat(), post, new MultiplicativeRule(lrPlus, lrMinus), delta);
        Expect.Close("multiplicative_delta", GoldenTensor.Parse(c.GetProperty("multiplicative_delta")), delta);
        LibraryStdp.ComputeStdpUpdate(w.ToFloat(), pre.ToFloat(), post, new AdditiveRule(lrPlus, lrMinus), delta);
        Expect.Close("additive_delta", GoldenTensor.Parse(c.GetProperty("additive_delta")), delta);
        Expect.Close("convergence_metric_of_weights", c.GetProperty("convergence_metric_of_weights").GetDouble(), ConvergenceMetric.Compute(w.ToFloat()));
    }

    private static void BatchUpdate(JsonElement c)
    {
        var w = GoldenTensor.Parse(c.GetProperty("weights"));
        var pre = GoldenTensor.Parse(c.GetProperty("pre_times"));
        var post = GoldenTensor.Parse(c.GetProperty("post_times"));
        var kernel = new KernelShape(w.Shape[0], w.Shape[1], w.Shape[2]);

        // The trainer-preset rates (0.04 / 0.03): the expected deltas are 0.04·0.25 / 2 and −0.03·0.25 / 2.
        var rule = LearningRules.Create(new LearningSpec());
        var delta = new float[w.Length];
        LibraryStdp.ComputeBatchUpdate(w.ToFloat(), kernel, pre.ToFloat(), MapShape(pre), post.ToFloat(), MapShape(post), rule, BatchUpdateAlignment.ReferenceMisaligned, delta);
        Expect.Close("delta", GoldenTensor.Parse(c.GetProperty("delta")), delta);
    }

    private static void Homeostasis(JsonElement c)
    {
        var spec = new HomeostasisSpec { ThetaRest = 0.1f, ThetaPlus = 0.02f, TauTheta = 500f, ThetaMax = 10f };
        var steps = c.GetProperty("sequence").EnumerateArray().ToList();
        int channels = steps[0].GetProperty("channels_spiked").GetArrayLength();
        var manager = new AdaptiveThresholdManager(channels, spec);
        for (int s = 0; s < steps.Count; s++)
        {
            var fired = steps[s].GetProperty("channels_spiked").EnumerateArray().Select(e => e.GetInt32() != 0).ToArray();
            manager.Update(fired);
            Expect.Close($"sequence[{s}].after_decay", GoldenTensor.Parse(steps[s].GetProperty("after_decay")), manager.Thresholds);
        }

        Expect.Equal("total_samples", (long)steps.Count, manager.TotalSamples);
    }

    internal static SpikeMapShape MapShape(GoldenTensor t) => t.Shape.Length switch
    {
        3 => new SpikeMapShape(t.Shape[0], t.Shape[1], t.Shape[2]),
        4 when t.Shape[0] == 1 => new SpikeMapShape(t.Shape[1], t.Shape[2], t.Shape[3]),
        _ => throw new FormatException($"expected a [C, H, W] map, got shape [{string.Join(',', t.Shape)}]"),
    };

    internal static WtaWinner[] Winners(JsonElement list) =>
        list.EnumerateArray().Select(w => new WtaWinner(w[0].GetInt32(), w[1].GetInt32(), w[2].GetInt32())).ToArray();
}
