using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Tests.Core.Network;

/// <summary>Random layer shapes, dynamics, weights and sparse inputs for the engine-equivalence properties.</summary>
internal static class NetworkScenarios
{
    /// <summary>FsCheck drives the seed; every draw of a scenario derives from it so a failure names one reproducible seed.</summary>
    public static Arbitrary<int> Seeds => Arb.From(Gen.Choose(0, int.MaxValue));

    public static Config Runs(int count) => Config.QuickThrowOnFailure.WithMaxTest(count);

    public static ConvGeometry Geometry(Random r, int maxOutChannels = 20)
    {
        int kernel = r.Next(1, 6);
        return new ConvGeometry(
            inChannels: r.Next(1, 4),
            inHeight: r.Next(kernel, 11),
            inWidth: r.Next(kernel, 11),
            outChannels: r.Next(1, maxOutChannels + 1),
            kernel: kernel,
            stride: r.Next(1, 4),
            padding: r.Next(0, kernel));
    }

    public static NeuronParameters Neuron(Random r)
    {
        float threshold = 0.5f + (float)(r.NextDouble() * 3);
        float leak = r.Next(4) == 0 ? 0f : (float)(r.NextDouble() * threshold * 0.5);
        return new NeuronParameters(
            r.Next(4) == 0 ? NeuronModel.If : NeuronModel.Lif,
            r.Next(2) == 0 ? LeakMode.Subtractive : LeakMode.Multiplicative,
            threshold,
            leak);
    }

    /// <summary>Weights in [−0.5, 1.5): negative ones drive IF membranes below zero.</summary>
    public static float[] Weights(Random r, int length)
    {
        var w = new float[length];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = (float)((r.NextDouble() * 2) - 0.5);
        }

        return w;
    }

    /// <summary>A sparse step input; a density of 0 gives silent steps, where only lazily settled leak happens.</summary>
    public static List<InputCell> Input(Random r, int channels, int height, int width, double density, bool binary)
    {
        var cells = new List<InputCell>();
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    if (r.NextDouble() < density)
                    {
                        cells.Add(new InputCell(c, y, x, binary ? 1f : (float)((r.NextDouble() * 2) - 0.3)));
                    }
                }
            }
        }

        // The engines must not rely on the caller's order.
        if (r.Next(2) == 0)
        {
            r.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(cells));
        }

        return cells;
    }

    public static float[] Membrane(ISpikingLayer layer)
    {
        var v = new float[layer.Geometry.OutputLength];
        layer.CopyMembraneTo(v);
        return v;
    }

    public static float[] Current(ISpikingLayer layer)
    {
        var v = new float[layer.Geometry.OutputLength];
        layer.CopyCurrentTo(v);
        return v;
    }

    public static float[] PreReset(ISpikingLayer layer)
    {
        var v = new float[layer.Geometry.OutputLength];
        layer.CopyPreResetTo(v);
        return v;
    }

    /// <summary>Potentials agree within 1e-5 relative (1e-6 absolute near zero).</summary>
    public static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = Math.Max(1e-6, 1e-5 * Math.Max(Math.Abs(expected[i]), Math.Abs(actual[i])));
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }
    }
}
