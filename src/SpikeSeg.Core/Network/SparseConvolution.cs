namespace SpikeSeg.Core.Network;

/// <summary>
/// The event-driven convolution: each active input cell adds <c>value × W[:, c, a, b]</c> to the current of every
/// output position (oy, ox) with <c>oy·s − p + a = y</c> and <c>ox·s − p + b = x</c>. Currents are feature-innermost
/// (<c>[y][x][Cout]</c>) so one tap is one <see cref="ScatterKernel.AddScaled"/> over the output features. With the
/// cells in canonical order every current is summed in the same order as <see cref="DenseConvolution"/>.
/// </summary>
public static class SparseConvolution
{
    /// <summary>
    /// Scatters <paramref name="cells"/> (canonical order) into <paramref name="currentHwc"/>. Every position reached
    /// is appended once to <paramref name="touched"/>, using <paramref name="touchedStep"/> (per position) = <paramref name="step"/> as the mark.
    /// </summary>
    public static void Scatter(
        ConvGeometry g,
        ReadOnlySpan<InputCell> cells,
        ReadOnlySpan<float> transposedWeights,
        Span<float> currentHwc,
        Span<long> touchedStep,
        long step,
        List<int> touched,
        bool vectorized = true)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(touched);
        int k = g.Kernel;
        int channels = g.OutChannels;
        foreach (var cell in cells)
        {
            for (int a = 0; a < k; a++)
            {
                int rowOffset = cell.Y + g.Padding - a;
                if (rowOffset < 0)
                {
                    break;
                }

                if (rowOffset % g.Stride != 0)
                {
                    continue;
                }

                int oy = rowOffset / g.Stride;
                if (oy >= g.OutHeight)
                {
                    continue;
                }

                for (int b = 0; b < k; b++)
                {
                    int columnOffset = cell.X + g.Padding - b;
                    if (columnOffset < 0)
                    {
                        break;
                    }

                    if (columnOffset % g.Stride != 0)
                    {
                        continue;
                    }

                    int ox = columnOffset / g.Stride;
                    if (ox >= g.OutWidth)
                    {
                        continue;
                    }

                    int pos = (oy * g.OutWidth) + ox;
                    if (touchedStep[pos] != step)
                    {
                        touchedStep[pos] = step;
                        touched.Add(pos);
                    }

                    int tap = (((cell.Channel * k) + a) * k) + b;
                    var destination = currentHwc.Slice(pos * channels, channels);
                    var source = transposedWeights.Slice(tap * channels, channels);
                    if (vectorized)
                    {
                        ScatterKernel.AddScaled(destination, source, cell.Value);
                    }
                    else
                    {
                        ScatterKernel.AddScaledScalar(destination, source, cell.Value);
                    }
                }
            }
        }
    }
}
