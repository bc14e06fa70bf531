namespace SpikeSeg.Core.Network;

/// <summary>The dense pooling oracle: every window of a dense binary CHW map, all-zero windows → top-left index.</summary>
public sealed class DenseSpikePooling : ISpikePool
{
    private readonly float[] inputFrame;
    private readonly float[] output;
    private readonly int[] indices;

    public DenseSpikePooling(PoolGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        Geometry = geometry;
        inputFrame = new float[geometry.Channels * geometry.InHeight * geometry.InWidth];
        output = new float[geometry.OutputLength];
        indices = new int[geometry.OutputLength];
    }

    public PoolGeometry Geometry { get; }

    /// <summary>Every window's index of the last <see cref="Pool"/> call, CHW.</summary>
    public ReadOnlySpan<int> LastIndices => indices;

    public void Pool(ReadOnlySpan<LayerSpike> spikes, List<PooledSpike> pooled)
    {
        ArgumentNullException.ThrowIfNull(pooled);
        var g = Geometry;
        Array.Clear(inputFrame);
        foreach (var s in spikes)
        {
            if ((uint)s.Channel >= (uint)g.Channels || (uint)s.Y >= (uint)g.InHeight || (uint)s.X >= (uint)g.InWidth)
            {
                throw new ArgumentOutOfRangeException(nameof(spikes), $"spike ({s.Channel}, {s.Y}, {s.X}) lies outside the pooled map.");
            }

            inputFrame[(((s.Channel * g.InHeight) + s.Y) * g.InWidth) + s.X] = 1f;
        }

        Apply(g, inputFrame, output, indices);
        pooled.Clear();
        int i = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            for (int y = 0; y < g.OutHeight; y++)
            {
                for (int x = 0; x < g.OutWidth; x++, i++)
                {
                    if (output[i] != 0f)
                    {
                        pooled.Add(new PooledSpike(c, y, x, indices[i]));
                    }
                }
            }
        }
    }

    /// <summary>Max pooling of a binary CHW map with the index of the first maximum in row-major window order.</summary>
    public static void Apply(PoolGeometry g, ReadOnlySpan<float> binaryChw, Span<float> outputChw, Span<int> indicesChw)
    {
        ArgumentNullException.ThrowIfNull(g);
        int plane = g.InHeight * g.InWidth;
        int o = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            var map = binaryChw.Slice(c * plane, plane);
            for (int y = 0; y < g.OutHeight; y++)
            {
                for (int x = 0; x < g.OutWidth; x++, o++)
                {
                    int best = g.TopLeftIndex(y, x);
                    float max = map[best];
                    for (int a = 0; a < g.Kernel; a++)
                    {
                        for (int b = 0; b < g.Kernel; b++)
                        {
                            int index = (((y * g.Stride) + a) * g.InWidth) + (x * g.Stride) + b;
                            if (map[index] > max)
                            {
                                max = map[index];
                                best = index;
                            }
                        }
                    }

                    outputChw[o] = max;
                    indicesChw[o] = best;
                }
            }
        }
    }
}
