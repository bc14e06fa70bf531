using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Tests.Core.Decoding;

/// <summary>Small random decoder models and the dense oracles the event-driven code is checked against.</summary>
internal static class DecoderTestModels
{
    public static ConvWeightBank RandomBank(Random random, int outChannels, int inChannels, int kernelSize, float min = 0f, float max = 1f)
    {
        var w = new float[outChannels * inChannels * kernelSize * kernelSize];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = min + ((max - min) * random.NextSingle());
        }

        return new ConvWeightBank(w, outChannels, inChannels, kernelSize);
    }

    public static float[] RandomSparseMap(Random random, int length, double density)
    {
        var map = new float[length];
        for (int i = 0; i < length; i++)
        {
            if (random.NextDouble() < density)
            {
                map[i] = 1f + random.Next(3);
            }
        }

        return map;
    }

    /// <summary>Indices a real max pool could have produced: a random position inside each window.</summary>
    public static PoolIndexMap RandomIndices(Random random, int channels, int inputHeight, int inputWidth, PoolSpec pool)
    {
        int ph = pool.OutputSize(inputHeight);
        int pw = pool.OutputSize(inputWidth);
        var idx = new int[channels * ph * pw];
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < ph; y++)
            {
                for (int x = 0; x < pw; x++)
                {
                    int sy = (y * pool.Stride) + random.Next(pool.Kernel);
                    int sx = (x * pool.Stride) + random.Next(pool.Kernel);
                    idx[(((c * ph) + y) * pw) + x] = (sy * inputWidth) + sx;
                }
            }
        }

        return new PoolIndexMap(idx, channels, ph, pw, inputHeight, inputWidth, pool);
    }

    /// <summary>The encoder's forward convolution (cross-correlation, same padding), written independently of the decoder.</summary>
    public static float[] ForwardConv(float[] inputChw, ConvWeightBank w, int height, int width)
    {
        int k = w.KernelSize, p = w.Padding, plane = height * width;
        var output = new float[w.OutChannels * plane];
        for (int c = 0; c < w.OutChannels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    double sum = 0;
                    for (int i = 0; i < w.InChannels; i++)
                    {
                        for (int a = 0; a < k; a++)
                        {
                            for (int b = 0; b < k; b++)
                            {
                                int sy = y - p + a, sx = x - p + b;
                                if (sy >= 0 && sy < height && sx >= 0 && sx < width)
                                {
                                    sum += w[c, i, a, b] * inputChw[(i * plane) + (sy * width) + sx];
                                }
                            }
                        }
                    }

                    output[(c * plane) + (y * width) + x] = (float)sum;
                }
            }
        }

        return output;
    }

    /// <summary>Scatter of a CHW map's active cells, returned as CHW.</summary>
    public static float[] ScatterToChw(float[] inputChw, ConvWeightBank w, int height, int width, bool vectorized)
    {
        var cells = MapLayout.ActiveCells(inputChw, w.OutChannels, height, width);
        var hwc = new float[height * width * w.InChannels];
        TransposedConvolution.Scatter(cells.ToArray(), TransposedKernel.From(w), height, width, hwc, vectorized);
        var chw = new float[hwc.Length];
        MapLayout.HwcToChw(hwc, w.InChannels, height, width, chw);
        return chw;
    }

    public static void AssertClose(float[] expected, float[] actual, float tolerance = 1e-4f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float scale = Math.Max(1f, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * scale, $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
