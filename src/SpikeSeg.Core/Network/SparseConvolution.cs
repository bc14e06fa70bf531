using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        // The spans' lengths were checked against the geometry; with each cell's channel checked, every row offset
        // is in range by construction, so the vector rows go by reference without a slice per row.
        ref float currentBase = ref MemoryMarshal.GetReference(currentHwc);
        ref float weightBase = ref MemoryMarshal.GetReference(scatterWeights);
        foreach (var cell in cells)
        {
            ScatterCell(g, cell, ref weightBase, ref currentBase, 0, g.OutHeight - 1, 0, touched, vectorized);
        }
    }

    /// <summary>
    /// <see cref="Scatter"/> (stride 1) restricted to the output rows firstRow … firstRow + rowCount − 1, written to
    /// <paramref name="bandHwc"/>, which holds just those rows (<c>[row − firstRow][x][c]</c>). A layer that scatters
    /// and integrates one band at a time keeps its currents in a buffer small enough for the L1 cache instead of
    /// streaming a layer-sized array twice per step. Summed over bands it gives <see cref="Scatter"/>'s bits: every
    /// element still receives its products in canonical cell order. Only the cells that reach the band are visited
    /// (found by binary search per input channel, the cells being sorted by channel, then row).
    /// </summary>
    public static void ScatterRows(
        ConvGeometry g,
        ReadOnlySpan<InputCell> cells,
        ReadOnlySpan<float> scatterWeights,
        Span<float> bandHwc,
        int firstRow,
        int rowCount)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (g.Stride != 1)
        {
            throw new ArgumentException("row bands are scattered for stride 1 only.", nameof(g));
        }

        if (firstRow < 0 || rowCount < 1 || firstRow + rowCount > g.OutHeight)
        {
            throw new ArgumentOutOfRangeException(nameof(rowCount), $"rows {firstRow}…{firstRow + rowCount - 1} are outside the {g.OutHeight} output rows.");
        }

        int rowLength = g.OutWidth * g.OutChannels;
        if (scatterWeights.Length != g.WeightLength || bandHwc.Length != rowCount * rowLength)
        {
            throw new ArgumentException("weights or band do not match the geometry.", nameof(g));
        }

        int lastRow = firstRow + rowCount - 1;
        // A cell at row y reaches output rows y + p − (k − 1) … y + p.
        int lowestY = firstRow - g.Padding;
        int highestY = lastRow - g.Padding + g.Kernel - 1;
        ref float bandBase = ref MemoryMarshal.GetReference(bandHwc);
        ref float weightBase = ref MemoryMarshal.GetReference(scatterWeights);
        int i = 0;
        while (i < cells.Length)
        {
            int channel = cells[i].Channel;
            for (i = LowerBound(cells, i, channel, lowestY); i < cells.Length && cells[i].Channel == channel && cells[i].Y <= highestY; i++)
            {
                ScatterCell(g, cells[i], ref weightBase, ref bandBase, firstRow, lastRow, firstRow, touched: null, vectorized: true);
            }

            if (i < cells.Length && cells[i].Channel == channel)
            {
                i = LowerBound(cells, i, channel + 1, int.MinValue);
            }
        }
    }

    /// <summary>The first index ≥ <paramref name="from"/> whose cell is at or after (channel, y) in canonical order.</summary>
    private static int LowerBound(ReadOnlySpan<InputCell> cells, int from, int channel, int y)
    {
        int lo = from;
        int hi = cells.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            var c = cells[mid];
            if (c.Channel < channel || (c.Channel == channel && c.Y < y))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// One cell's kernel rows into the output rows rowLow … rowHigh it reaches; output row oy is stored at row
    /// oy − <paramref name="baseRow"/> of the destination (0 for a whole layer, the band's first row for a band).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScatterCell(ConvGeometry g, InputCell cell, ref float weightBase, ref float currentBase, int rowLow, int rowHigh, int baseRow, PositionSet? touched, bool vectorized)
    {
        if ((uint)cell.Channel >= (uint)g.InChannels)
        {
            throw new ArgumentOutOfRangeException(nameof(cell), cell.Channel, $"input channel outside [0, {g.InChannels}).");
        }

        int k = g.Kernel;
        int channels = g.OutChannels;
        int outWidth = g.OutWidth;
        int pad = g.Padding;
        int oyMax = Math.Min(cell.Y + pad, rowHigh);
        int oyMin = Math.Max(cell.Y + pad - (k - 1), rowLow);
        int oxMax = Math.Min(cell.X + pad, outWidth - 1);
        int oxMin = Math.Max(cell.X + pad - (k - 1), 0);
        int columns = oxMax - oxMin + 1;
        if (columns <= 0 || oyMax < oyMin)
        {
            return;
        }

        int spanLength = columns * channels;
        int reversedFirstColumn = (k - 1) - (cell.X + pad - oxMin);
        // Row oyMin takes kernel row a = y + p − oyMin; each next output row is one layer row further on and one
        // kernel row back, so both offsets step by a constant (no index arithmetic per row).
        int rowStride = outWidth * channels;
        int weightRowStride = k * channels;
        int destination = (((oyMin - baseRow) * outWidth) + oxMin) * channels;
        int weights = ((((cell.Channel * k) + (cell.Y + pad - oyMin)) * k) + reversedFirstColumn) * channels;
        for (int oy = oyMin; oy <= oyMax; oy++)
        {
            if (vectorized)
            {
                ScatterKernel.AddScaled(ref Unsafe.Add(ref currentBase, destination), ref Unsafe.Add(ref weightBase, weights), spanLength, cell.Value);
            }
            else
            {
                ScatterKernel.AddScaledScalar(
                    MemoryMarshal.CreateSpan(ref Unsafe.Add(ref currentBase, destination), spanLength),
                    MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref weightBase, weights), spanLength),
                    cell.Value);
            }

            touched?.AddRange((oy * outWidth) + oxMin, columns);
            destination += rowStride;
            weights -= weightRowStride;
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
