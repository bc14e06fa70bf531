using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Tests.Core.Network;

public sealed class DenseConvolutionTests
{
    [Fact]
    public void CrossCorrelatesWithZerosOutside()
    {
        // 1×3×3 input 1..9, kernel picks the tap right of centre: output(y, x) = input(y, x + 1), 0 past the edge.
        var g = new ConvGeometry(1, 3, 3, 1, 3, 1, 1);
        float[] input = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        float[] kernel = [0, 0, 0, 0, 0, 1, 0, 0, 0];
        var output = new float[9];
        DenseConvolution.Apply(g, input, kernel, output);
        Assert.Equal([2f, 3, 0, 5, 6, 0, 8, 9, 0], output);
    }

    [Fact]
    public void StrideAndPaddingSelectTheRightWindows()
    {
        // 1×4×4 input, 2×2 all-ones kernel, stride 2, no padding: sums of the four 2×2 blocks.
        var g = new ConvGeometry(1, 4, 4, 1, 2, 2, 0);
        float[] input = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
        var output = new float[4];
        DenseConvolution.Apply(g, input, [1, 1, 1, 1], output);
        Assert.Equal(2, g.OutHeight);
        Assert.Equal([14f, 22, 46, 54], output);
    }

    [Fact]
    public void MatchesTheDefinitionInDoublePrecision()
    {
        Prop.ForAll(NetworkScenarios.Seeds, seed =>
        {
            var r = new Random(seed);
            var g = NetworkScenarios.Geometry(r, maxOutChannels: 5);
            var input = NetworkScenarios.Weights(r, g.InputLength);
            var weights = NetworkScenarios.Weights(r, g.WeightLength);
            var output = new float[g.OutputLength];
            DenseConvolution.Apply(g, input, weights, output);
            int k = g.Kernel;
            for (int o = 0; o < g.OutChannels; o++)
            {
                for (int y = 0; y < g.OutHeight; y++)
                {
                    for (int x = 0; x < g.OutWidth; x++)
                    {
                        double sum = 0, magnitude = 0;
                        for (int c = 0; c < g.InChannels; c++)
                        {
                            for (int a = 0; a < k; a++)
                            {
                                for (int b = 0; b < k; b++)
                                {
                                    int iy = (y * g.Stride) - g.Padding + a, ix = (x * g.Stride) - g.Padding + b;
                                    if (iy >= 0 && iy < g.InHeight && ix >= 0 && ix < g.InWidth)
                                    {
                                        double term = (double)weights[(((((o * g.InChannels) + c) * k) + a) * k) + b] * input[(((c * g.InHeight) + iy) * g.InWidth) + ix];
                                        sum += term;
                                        magnitude += Math.Abs(term);
                                    }
                                }
                            }
                        }

                        float actual = output[(((o * g.OutHeight) + y) * g.OutWidth) + x];
                        Assert.True(Math.Abs(actual - sum) <= 1e-5 * (magnitude + 1), $"seed {seed}: ({o},{y},{x}) {actual} vs {sum}");
                    }
                }
            }
        }).Check(NetworkScenarios.Runs(100));
    }
}
