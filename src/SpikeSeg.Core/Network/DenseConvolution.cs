namespace SpikeSeg.Core.Network;

/// <summary>
/// The dense oracle convolution: <c>I[o,y,x] = Σ_c Σ_a Σ_b W[o,c,a,b] · x[c, y·s − p + a, x·s − p + b]</c>, zeros
/// outside. Each sum starts at 0 and visits inputs in (channel, row, column) order, the canonical order the
/// event-driven scatter also uses, so both give the same float bits.
/// </summary>
public static class DenseConvolution
{
    public static void Apply(ConvGeometry g, ReadOnlySpan<float> inputChw, ReadOnlySpan<float> weightsOihw, Span<float> outputChw)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (inputChw.Length != g.InputLength || weightsOihw.Length != g.WeightLength || outputChw.Length != g.OutputLength)
        {
            throw new ArgumentException("input, weight or output length does not match the geometry.");
        }

        int k = g.Kernel;
        for (int o = 0; o < g.OutChannels; o++)
        {
            for (int y = 0; y < g.OutHeight; y++)
            {
                for (int x = 0; x < g.OutWidth; x++)
                {
                    float sum = 0f;
                    for (int c = 0; c < g.InChannels; c++)
                    {
                        int weightBase = ((o * g.InChannels) + c) * k * k;
                        for (int a = 0; a < k; a++)
                        {
                            int iy = (y * g.Stride) - g.Padding + a;
                            if ((uint)iy >= (uint)g.InHeight)
                            {
                                continue;
                            }

                            int rowBase = ((c * g.InHeight) + iy) * g.InWidth;
                            for (int b = 0; b < k; b++)
                            {
                                int ix = (x * g.Stride) - g.Padding + b;
                                if ((uint)ix >= (uint)g.InWidth)
                                {
                                    continue;
                                }

                                sum += weightsOihw[weightBase + (a * k) + b] * inputChw[rowBase + ix];
                            }
                        }
                    }

                    outputChw[(((o * g.OutHeight) + y) * g.OutWidth) + x] = sum;
                }
            }
        }
    }
}
