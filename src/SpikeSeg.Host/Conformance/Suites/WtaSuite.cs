using System.Text.Json;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Learning;

namespace SpikeSeg.Host.Conformance.Suites;

/// <summary>Golden checks of <c>c_wta.json</c>.</summary>
public sealed class WtaSuite : IGoldenSuite
{
    public string FileName => "c_wta.json";

    public IEnumerable<GoldenCase> Cases(JsonElement root)
    {
        var cases = root.GetProperty("cases");
        var trainer = cases.GetProperty("train_find_wta_winners");
        foreach (var (name, mode) in new[] { ("global", WtaMode.Global), ("both", WtaMode.Both), ("local", WtaMode.Local) })
        {
            yield return new GoldenCase(FileName, $"train_find_wta_winners.{name}", () => TrainerWinners(trainer, name, mode));
        }

        var library = cases.GetProperty("library_wta");
        yield return new GoldenCase(FileName, "library_wta.global", () => LibraryGlobal(library, "global", withMask: true));
        yield return new GoldenCase(FileName, "library_wta.functional_wta_global", () => LibraryGlobal(library, "functional_wta_global", withMask: false));
        yield return new GoldenCase(FileName, "library_wta.local_radius1", () => LibraryLocal(library));
        yield return new GoldenCase(FileName, "library_wta.by_membrane", () => LibraryByMembrane(library));
        yield return new GoldenCase(FileName, "library_wta.WTAInhibition_both_r1_homeostasis", () => LibraryInhibition(library));
        yield return new GoldenCase(FileName, "stdp_find_wta_winner", () => FirstSpike(cases.GetProperty("stdp_find_wta_winner")));
    }

    private static void TrainerWinners(JsonElement c, string name, WtaMode mode)
    {
        var times = GoldenTensor.Parse(c.GetProperty("spike_times_B_C_H_W"));
        var counts = GoldenTensor.Parse(c.GetProperty("spike_counts_used_for_local"));
        var shape = StdpSuite.MapShape(times);
        var sample = times.ToFloat().AsSpan(0, shape.Length);
        var winners = TrainerWta.FindWinners(
            sample,
            counts.ToFloat().AsSpan(0, shape.Length),
            shape,
            mode,
            WtaTieRule.ReferenceSamePixel,
            localRadius: 2,
            ReadOnlySpan<float>.Empty,
            new SpatialCooldown(shape));
        var expected = StdpSuite.Winners(c.GetProperty("winners").GetProperty(name));
        Expect.Exact($"winners.{name}", expected.AsSpan(), winners.AsSpan());
    }

    private static (float[] Spikes, float[] Membrane, float[] PreReset, int Batch, SpikeMapShape Shape) Inputs(JsonElement c)
    {
        var spikes = GoldenTensor.Parse(c.GetProperty("spikes"));
        var shape = new SpikeMapShape(spikes.Shape[1], spikes.Shape[2], spikes.Shape[3]);
        return (spikes.ToFloat(), GoldenTensor.Parse(c.GetProperty("membrane_post_reset")).ToFloat(), GoldenTensor.Parse(c.GetProperty("pre_reset_membrane")).ToFloat(), spikes.Shape[0], shape);
    }

    private static void LibraryGlobal(JsonElement c, string name, bool withMask)
    {
        var (spikes, membrane, preReset, batch, shape) = Inputs(c);
        var mask = withMask ? new float[spikes.Length] : [];
        LibraryWta.GlobalMembrane(spikes, membrane, preReset, batch, shape, mask);
        var expected = c.GetProperty(name);
        Expect.Exact($"{name}.spikes", GoldenTensor.Parse(expected.GetProperty("spikes")), spikes);
        Expect.Close($"{name}.membrane", GoldenTensor.Parse(expected.GetProperty("membrane")), membrane);
        if (withMask)
        {
            Expect.Exact($"{name}.winner_mask", GoldenTensor.Parse(expected.GetProperty("winner_mask")), mask);
        }
    }

    private static void LibraryLocal(JsonElement c)
    {
        var (spikes, membrane, _, batch, shape) = Inputs(c);
        var mask = new float[spikes.Length];
        LibraryWta.LocalMembrane(spikes, membrane, batch, shape, radius: 1, mask);
        var expected = c.GetProperty("local_radius1");
        Expect.Exact("local_radius1.spikes", GoldenTensor.Parse(expected.GetProperty("spikes")), spikes);
        Expect.Close("local_radius1.membrane", GoldenTensor.Parse(expected.GetProperty("membrane")), membrane);
        Expect.Exact("local_radius1.winner_mask", GoldenTensor.Parse(expected.GetProperty("winner_mask")), mask);
    }

    private static void LibraryByMembrane(JsonElement c)
    {
        // The golden case passes the pre-reset membrane as by_membrane's membrane argument.
        var (spikes, _, preReset, batch, shape) = Inputs(c);
        LibraryWta.ByMembrane(spikes, preReset, batch, shape);
        var expected = c.GetProperty("by_membrane");
        Expect.Exact("by_membrane.spikes", GoldenTensor.Parse(expected.GetProperty("spikes")), spikes);
        Expect.Close("by_membrane.membrane", GoldenTensor.Parse(expected.GetProperty("membrane")), preReset);
    }

    private static void LibraryInhibition(JsonElement c)
    {
        var (spikes, membrane, preReset, batch, shape) = Inputs(c);
        var expected = c.GetProperty("WTAInhibition_both_r1_homeostasis");
        var p = expected.GetProperty("params");
        var homeostasis = new NeuronAdaptiveThreshold(
            shape,
            p.GetProperty("initial_threshold").GetSingle(),
            p.GetProperty("target_rate").GetSingle(),
            p.GetProperty("homeostasis_lr").GetSingle(),
            p.GetProperty("min").GetSingle(),
            p.GetProperty("max").GetSingle());
        var inhibition = new WtaInhibition(WtaMode.Both, localRadius: 1, shape, homeostasis);
        var mask = new float[spikes.Length];
        inhibition.Apply(spikes, membrane, preReset, batch, mask);
        Expect.Exact("both.spikes", GoldenTensor.Parse(expected.GetProperty("spikes")), spikes);
        Expect.Close("both.membrane", GoldenTensor.Parse(expected.GetProperty("membrane")), membrane);
        Expect.Exact("both.winner_mask", GoldenTensor.Parse(expected.GetProperty("winner_mask")), mask);
        Expect.Close("both.thresholds_after", GoldenTensor.Parse(expected.GetProperty("thresholds_after")), homeostasis.Thresholds);
    }

    private static void FirstSpike(JsonElement c)
    {
        var spikes = GoldenTensor.Parse(c.GetProperty("output_spikes_T_C_H_W"));
        var potentials = GoldenTensor.Parse(c.GetProperty("potentials"));
        var shape = new SpikeMapShape(spikes.Shape[1], spikes.Shape[2], spikes.Shape[3]);
        var winner = FirstSpikeWinner.Find(spikes.ToFloat(), spikes.Shape[0], shape, potentials.ToFloat())
            ?? throw new ConformanceMismatchException("find_wta_winner: no winner found");
        var expected = c.GetProperty("winner");
        var yx = expected.GetProperty("y_x");
        Expect.Equal("winner", new TimedWinner(expected.GetProperty("map").GetInt32(), yx[0].GetInt32(), yx[1].GetInt32(), (int)expected.GetProperty("t").GetDouble()), winner);
    }
}
