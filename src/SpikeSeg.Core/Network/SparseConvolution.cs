using System.Runtime.CompilerServices;

namespace SpikeSeg.Core.Network;

/// <summary>
/// The event-driven convolution: each active input cell adds <c>value × W[:, c, a, b]</c> to the current of every
/// output position (oy, ox) with <c>oy·s − p + a = y</c> and <c>ox·s − p + b = x</c>. Currents are feature-innermost
/// (<c>[y][x][Cout]</c>) and the weights are in the column-reversed scatter layout of <see cref="ConvWeights"/>, so
/// with stride 1 the positions a cell reaches in one output row and the weights it adds to them are two contiguous
/// spans: one <see cref="ScatterKernel.AddScaled"/> per kernel row. Each output element still receives one product
/// per cell, cells in canonical order, so every current is summed in the same order as <see cref="DenseConvolution"/>.
/// </summary>
public static class SparseConvolution
{
    /// <summary>
    /// Scatters <paramref name="cells"/> (canonical order) into <paramref name="currentHwc"/> and adds every position
    /// reached to <paramref name="touched"/> (none when null: a step that updates the whole layer needs no record).
    /// <paramref name="scatterWeights"/> is <see cref="ConvWeights.Transposed"/>.
    /// </summary>
    public static void Scatter(
        ConvGeometry g,
        ReadOnlySpan<InputCell> cells,
        ReadOnlySpan<float> scatterWeights,
        Span<float> currentHwc,
        PositionSet? touched,
        bool vectorized = true)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (scatterWeights.Length != g.WeightLength || currentHwc.Length != g.OutputLength || (touched is not null && touched.Capacity != g.OutputPositions))
        {
            throw new ArgumentException("weights, currents or the touched set do not match the geometry.", nameof(g));
        }

        if (g.Stride == 1)
        {
            ScatterUnitStride(g, cells, scatterWeights, currentHwc, touched, vectorized);
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
                    touched?.Add(pos);
                    int tap = (((((cell.Channel * k) + a) * k) + (k - 1 - b)) * channels);
                    Add(currentHwc.Slice(pos * channels, channels), scatterWeights.Slice(tap, channels), cell.Value, vectorized);
                }
            }
        }
    }

    /// <summary>
    /// Stride 1 (every SpikeSeg layer): output row oy takes kernel row a = y + p − oy, and the columns the cell
    /// reaches are the clipped block [oxMin, oxMax], whose kernel columns b = x + p − ox run right to left, i.e.
    /// left to right in the reversed layout.
    /// </summary>
    private static void ScatterUnitStride(
        ConvGeometry g,
        ReadOnlySpan<InputCell> cells,
        ReadOnlySpan<float> scatterWeights,
        Span<float> currentHwc,
        PositionSet? touched,
        bool vectorized)
    {
        int k = g.Kernel;
        int channels = g.OutChannels;
        int outWidth = g.OutWidth;
        int pad = g.Padding;
        // The spans' lengths were checked against the geometry; with each cell's channel checked below, every row
        // offset is in range by construction, so the vector rows go by reference without a slice per row.
        ref float currentBase = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(currentHwc);
        ref float weightBase = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(scatterWeights);
        foreach (var cell in cells)
        {
            if ((uint)cell.Channel >= (uint)g.InChannels)
            {
                throw new ArgumentOutOfRangeException(nameof(cells), cell.Channel, $"input channel outside [0, {g.InChannels}).");
            }

            int oyMax = Math.Min(cell.Y + pad, g.OutHeight - 1);
            int oyMin = Math.Max(cell.Y + pad - (k - 1), 0);
            int oxMax = Math.Min(cell.X + pad, outWidth - 1);
            int oxMin = Math.Max(cell.X + pad - (k - 1), 0);
            int columns = oxMax - oxMin + 1;
            if (columns <= 0 || oyMax < oyMin)
            {
                continue;
            }

            int spanLength = columns * channels;
            int reversedFirstColumn = (k - 1) - (cell.X + pad - oxMin);
            for (int oy = oyMin; oy <= oyMax; oy++)
            {
                int a = cell.Y + pad - oy;
                int first = (oy * outWidth) + oxMin;
                int weights = ((((cell.Channel * k) + a) * k) + reversedFirstColumn) * channels;
                if (vectorized)
                {
                    ScatterKernel.AddScaled(ref Unsafe.Add(ref currentBase, first * channels), ref Unsafe.Add(ref weightBase, weights), spanLength, cell.Value);
                }
                else
                {
                    ScatterKernel.AddScaledScalar(currentHwc.Slice(first * channels, spanLength), scatterWeights.Slice(weights, spanLength), cell.Value);
                }

                touched?.AddRange(first, columns);
            }
        }
    }

    private static void Add(Span<float> destination, ReadOnlySpan<float> source, float scale, bool vectorized)
    {
        if (vectorized)
        {
            ScatterKernel.AddScaled(destination, source, scale);
        }
        else
        {
            ScatterKernel.AddScaledScalar(destination, source, scale);
        }
    }
}
