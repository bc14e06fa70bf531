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
        if (g.Stride == 1)
        {
            ScatterUnitStride(g, cells, transposedWeights, currentHwc, touchedStep, step, touched, vectorized);
            return;
        }

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

    /// <summary>
    /// Stride 1 (every SpikeSeg layer): the reachable output rows and columns are a clipped k×k block, so the taps
    /// are enumerated directly without a division or modulo per tap. Same positions, same order, same sums as the
    /// general loop.
    /// </summary>
    private static void ScatterUnitStride(
        ConvGeometry g,
        ReadOnlySpan<InputCell> cells,
        ReadOnlySpan<float> transposedWeights,
        Span<float> currentHwc,
        Span<long> touchedStep,
        long step,
        List<int> touched,
        bool vectorized)
    {
        int k = g.Kernel;
        int channels = g.OutChannels;
        int outWidth = g.OutWidth;
        int pad = g.Padding;
        foreach (var cell in cells)
        {
            // Output row oy takes tap a = y + p − oy; a ∈ [0, k) and oy ∈ [0, OutHeight).
            int oyMax = Math.Min(cell.Y + pad, g.OutHeight - 1);
            int oyMin = Math.Max(cell.Y + pad - (k - 1), 0);
            int oxMax = Math.Min(cell.X + pad, outWidth - 1);
            int oxMin = Math.Max(cell.X + pad - (k - 1), 0);
            int channelTaps = cell.Channel * k;
            for (int oy = oyMax; oy >= oyMin; oy--)
            {
                int a = cell.Y + pad - oy;
                int tapRow = (channelTaps + a) * k;
                for (int ox = oxMax; ox >= oxMin; ox--)
                {
                    int b = cell.X + pad - ox;
                    int pos = (oy * outWidth) + ox;
                    if (touchedStep[pos] != step)
                    {
                        touchedStep[pos] = step;
                        touched.Add(pos);
                    }

                    var destination = currentHwc.Slice(pos * channels, channels);
                    var source = transposedWeights.Slice((tapRow + b) * channels, channels);
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
