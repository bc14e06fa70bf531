using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Tests.Core.Network;

public sealed class SparseConvolutionTests
{
    [Fact]
    public void ACellOfAnInputChannelTheWeightsDoNotHaveIsRefused()
    {
        // The vector rows are written by reference: a channel past the weights must stop before any write.
        var g = new ConvGeometry(2, 6, 6, 3, 3, 1, 1);
        var weights = new ConvWeights(g.OutChannels, g.InChannels, g.Kernel);
        var currentHwc = new float[g.OutputLength];
        foreach (bool vectorized in new[] { true, false })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() =>
                SparseConvolution.Scatter(g, [new InputCell(2, 3, 3, 1f)], weights.Transposed, currentHwc, touched: null, vectorized));
        }

        Assert.All(currentHwc, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ScatteringBandByBandGivesTheWholeScatterBitForBit()
    {
        Prop.ForAll(NetworkScenarios.Seeds, seed =>
        {
            var r = new Random(seed);
            var g = NetworkScenarios.Geometry(r, maxOutChannels: 40);
            if (g.Stride != 1)
            {
                g = new ConvGeometry(g.InChannels, g.InHeight, g.InWidth, g.OutChannels, g.Kernel, 1, g.Padding);
            }

            var (weights, sorted) = RandomWeightsAndCells(r, g);
            var whole = new float[g.OutputLength];
            SparseConvolution.Scatter(g, CollectionsMarshal.AsSpan(sorted), weights.Transposed, whole, touched: null);

            int rowLength = g.OutWidth * g.OutChannels;
            int bandRows = r.Next(1, g.OutHeight + 1);
            var banded = new float[g.OutputLength];
            for (int first = 0; first < g.OutHeight; first += bandRows)
            {
                int rows = Math.Min(bandRows, g.OutHeight - first);
                // Garbage around the band must stay untouched: the band is a window into a larger buffer.
                var buffer = new float[(rows + 2) * rowLength];
                buffer.AsSpan().Fill(float.NaN);
                var band = buffer.AsSpan(rowLength, rows * rowLength);
                band.Clear();
                SparseConvolution.ScatterRows(g, CollectionsMarshal.AsSpan(sorted), weights.Transposed, band, first, rows);
                Assert.All(buffer.AsSpan(0, rowLength).ToArray(), v => Assert.True(float.IsNaN(v)));
                Assert.All(buffer.AsSpan((rows + 1) * rowLength).ToArray(), v => Assert.True(float.IsNaN(v)));
                band.CopyTo(banded.AsSpan(first * rowLength));
            }

            for (int i = 0; i < whole.Length; i++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(whole[i]), BitConverter.SingleToInt32Bits(banded[i]));
            }
        }).Check(NetworkScenarios.Runs(200));
    }

    [Fact]
    public void ABandOutsideTheLayerOrOfTheWrongSizeIsRefused()
    {
        var g = new ConvGeometry(1, 6, 6, 2, 3, 1, 1);
        var weights = new ConvWeights(g.OutChannels, g.InChannels, g.Kernel);
        int row = g.OutWidth * g.OutChannels;
        Assert.Throws<ArgumentOutOfRangeException>(() => SparseConvolution.ScatterRows(g, [], weights.Transposed, new float[row], 6, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SparseConvolution.ScatterRows(g, [], weights.Transposed, new float[2 * row], 5, 2));
        Assert.Throws<ArgumentException>(() => SparseConvolution.ScatterRows(g, [], weights.Transposed, new float[row + 1], 0, 1));
        var strided = new ConvGeometry(1, 6, 6, 2, 3, 2, 1);
        Assert.Throws<ArgumentException>(() => SparseConvolution.ScatterRows(strided, [], new ConvWeights(2, 1, 3).Transposed, new float[strided.OutWidth * 2], 0, 1));
    }

    [Fact]
    public void ScatterEqualsTheDenseConvolutionBitForBit()
    {
        Prop.ForAll(NetworkScenarios.Seeds, seed =>
        {
            var r = new Random(seed);
            var g = NetworkScenarios.Geometry(r, maxOutChannels: 40);
            var (weights, sorted) = RandomWeightsAndCells(r, g);

            var frame = new float[g.InputLength];
            InputCells.ToDense(CollectionsMarshal.AsSpan(sorted), g.InHeight, g.InWidth, frame);
            var dense = new float[g.OutputLength];
            DenseConvolution.Apply(g, frame, weights.Oihw, dense);

            foreach (bool vectorized in new[] { true, false })
            {
                var currentHwc = new float[g.OutputLength];
                var touched = new PositionSet(g.OutputPositions);
                SparseConvolution.Scatter(g, CollectionsMarshal.AsSpan(sorted), weights.Transposed, currentHwc, touched, vectorized);
                var reached = ReachedPositions(g, sorted);
                for (int pos = 0; pos < g.OutputPositions; pos++)
                {
                    Assert.Equal(reached.Contains(pos), touched.Contains(pos));
                }

                for (int pos = 0; pos < g.OutputPositions; pos++)
                {
                    for (int o = 0; o < g.OutChannels; o++)
                    {
                        float expected = dense[(o * g.OutputPositions) + pos];
                        float actual = currentHwc[(pos * g.OutChannels) + o];
                        // +0 and −0 are the same current; everything else must match to the bit.
                        Assert.True(expected == actual, $"seed {seed}: position {pos}, feature {o}: {expected:R} vs {actual:R}");
                        if (expected != 0)
                        {
                            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(actual));
                            Assert.Contains(pos, reached);
                        }
                    }
                }
            }
        }).Check(NetworkScenarios.Runs(200));
    }

    /// <summary>Positions some cell reaches through an in-range tap, by brute force over every (position, tap).</summary>
    private static HashSet<int> ReachedPositions(ConvGeometry g, List<InputCell> cells)
    {
        var reached = new HashSet<int>();
        foreach (var cell in cells)
        {
            for (int oy = 0; oy < g.OutHeight; oy++)
            {
                for (int ox = 0; ox < g.OutWidth; ox++)
                {
                    int a = cell.Y - (oy * g.Stride) + g.Padding;
                    int b = cell.X - (ox * g.Stride) + g.Padding;
                    if (a >= 0 && a < g.Kernel && b >= 0 && b < g.Kernel)
                    {
                        reached.Add((oy * g.OutWidth) + ox);
                    }
                }
            }
        }

        return reached;
    }

    /// <summary>Random weights for <paramref name="g"/> and a random input of any density in canonical order.</summary>
    private static (ConvWeights Weights, List<InputCell> Cells) RandomWeightsAndCells(Random r, ConvGeometry g)
    {
        var weights = new ConvWeights(g.OutChannels, g.InChannels, g.Kernel);
        weights.SetAll(NetworkScenarios.Weights(r, g.WeightLength));
        var input = NetworkScenarios.Input(r, g.InChannels, g.InHeight, g.InWidth, r.NextDouble(), binary: false);
        var sorted = new List<InputCell>();
        InputCells.Canonicalize(CollectionsMarshal.AsSpan(input), g.InChannels, g.InHeight, g.InWidth, sorted);
        return (weights, sorted);
    }
}
