using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Tests.Core.Network;

public sealed class NeuronKernelTests
{
    public static TheoryData<NeuronModel, LeakMode, float> Dynamics => new()
    {
        { NeuronModel.Lif, LeakMode.Subtractive, 0.09f },
        { NeuronModel.Lif, LeakMode.Subtractive, 0f },
        { NeuronModel.If, LeakMode.Subtractive, 0.3f },
        { NeuronModel.Lif, LeakMode.Multiplicative, 0.2f },
        { NeuronModel.If, LeakMode.Multiplicative, 0.05f },
    };

    [Theory]
    [MemberData(nameof(Dynamics))]
    public void FusedIntegrateFindsEveryCrossingWithTheBitsOfNeuronDynamicsForEveryLength(NeuronModel model, LeakMode mode, float leak)
    {
        var p = new NeuronParameters(model, mode, 0.5f, leak);
        var r = new Random(17);
        for (int length = 0; length <= 200; length++)
        {
            var start = new float[length];
            var current = new float[length];
            for (int i = 0; i < length; i++)
            {
                start[i] = r.Next(8) == 0 ? 0f : (float)((r.NextDouble() * 2) - 0.5);
                current[i] = r.Next(8) == 0 ? 0f : (float)((r.NextDouble() * 2) - 1);
            }

            var vector = (float[])start.Clone();
            var scalar = (float[])start.Clone();
            var vectorCrossings = new int[length];
            var scalarCrossings = new int[length];
            // Lengths ≡ 1 (mod 3) also zero a separate buffer in the same pass, lengths ≡ 2 the currents themselves
            // (as a layer that does not keep its currents does); the rest leave it out.
            var vectorCurrent = (float[])current.Clone();
            var scalarCurrent = (float[])current.Clone();
            var vectorCleared = (length % 3) switch { 1 => Enumerable.Repeat(3f, length).ToArray(), 2 => vectorCurrent, _ => [] };
            var scalarCleared = (length % 3) switch { 1 => Enumerable.Repeat(3f, length).ToArray(), 2 => scalarCurrent, _ => [] };
            int vectorFound = NeuronKernel.IntegrateAndFindCrossings(vector, vectorCurrent, 0.6f, p, vectorCrossings, vectorCleared);
            int scalarFound = NeuronKernel.IntegrateAndFindCrossingsScalar(scalar, scalarCurrent, 0.6f, p, scalarCrossings, scalarCleared);
            Assert.All(vectorCleared, v => Assert.Equal(0f, v));
            Assert.All(scalarCleared, v => Assert.Equal(0f, v));
            var expectedCrossings = new List<int>();
            for (int i = 0; i < length; i++)
            {
                float next = NeuronDynamics.Integrate(start[i], current[i], p);
                int expected = BitConverter.SingleToInt32Bits(next);
                Assert.Equal(expected, BitConverter.SingleToInt32Bits(vector[i]));
                Assert.Equal(expected, BitConverter.SingleToInt32Bits(scalar[i]));
                if (next >= 0.6f)
                {
                    expectedCrossings.Add(i);
                }
            }

            Assert.Equal(expectedCrossings, vectorCrossings.Take(vectorFound));
            Assert.Equal(expectedCrossings, scalarCrossings.Take(scalarFound));
        }
    }

    [Theory]
    [MemberData(nameof(Dynamics))]
    public void FusedIntegrateOverRestingBlocksAndSignedZerosLeavesTheBitsOfTheScalarReference(NeuronModel model, LeakMode mode, float leak)
    {
        // Long runs of resting neurons mixed with live ones, and −0 in both arrays; the currents zeroed in place
        // (the engine's layers pass their currents as the buffer to clear).
        var p = new NeuronParameters(model, mode, 0.5f, leak);
        var r = new Random(23);
        for (int length = 0; length <= 150; length += 7)
        {
            var start = new float[length];
            var current = new float[length];
            for (int i = 0; i < length; i++)
            {
                bool resting = (i / 16) % 3 != 1;
                start[i] = resting ? (r.Next(9) == 0 ? -0f : 0f) : (float)r.NextDouble();
                current[i] = resting ? (r.Next(9) == 0 ? -0f : 0f) : (float)((r.NextDouble() * 2) - 1);
            }

            var (vm, vc, sm, sc) = ((float[])start.Clone(), (float[])current.Clone(), (float[])start.Clone(), (float[])current.Clone());
            var crossings = new int[length];
            NeuronKernel.IntegrateAndFindCrossings(vm, vc, 0.6f, p, crossings, vc);
            NeuronKernel.IntegrateAndFindCrossingsScalar(sm, sc, 0.6f, p, crossings, sc);
            Assert.Equal(sm.Select(BitConverter.SingleToInt32Bits), vm.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(new int[length], vc.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(new int[length], sc.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void FusedIntegrateRefusesACrossingBufferShorterThanTheBlock()
    {
        var p = new NeuronParameters(NeuronModel.Lif, LeakMode.Subtractive, 0.5f, 0f);
        Assert.Throws<ArgumentException>(() => NeuronKernel.IntegrateAndFindCrossings(new float[9], new float[9], 0.5f, p, new int[8]));
        Assert.Throws<ArgumentException>(() => NeuronKernel.IntegrateAndFindCrossings(new float[9], new float[9], 0.5f, p, new int[9], new float[8]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(36)]
    public void RepeatingLimitsScanFindsWhatItsScalarReferenceFindsForEveryLengthAndStart(int features)
    {
        int period = NeuronKernel.RepeatingLength(features);
        Assert.Equal(0, period % System.Numerics.Vector<float>.Count);
        Assert.Equal(0, period % features);
        var r = new Random(features);
        // Per-feature limits, +∞ for features that are not tested, repeated along positions.
        var perFeature = Enumerable.Range(0, features).Select(c => c % 3 == 1 ? float.PositiveInfinity : 1f + (c * 0.1f)).ToArray();
        var limits = Enumerable.Range(0, period).Select(i => perFeature[i % features]).ToArray();
        for (int length = 0; length <= (3 * period) + 5; length++)
        {
            var values = new float[length];
            for (int i = 0; i < length; i++)
            {
                float limit = perFeature[i % features];
                // Mostly just below the limit; now and then exactly at it (or huge where the limit is +∞).
                values[i] = float.IsPositiveInfinity(limit) ? float.MaxValue : r.Next(12) == 0 ? limit : limit - 0.001f;
            }

            for (int from = 0; from <= length; from++)
            {
                int expected = -1;
                for (int i = from; i < length && expected < 0; i++)
                {
                    expected = values[i] >= perFeature[i % features] ? i : -1;
                }

                Assert.Equal(expected, NeuronKernel.IndexOfAtOrAboveRepeatingScalar(values, limits, from));
                Assert.Equal(expected, NeuronKernel.IndexOfAtOrAboveRepeating(values, limits, from));
            }
        }
    }
}
