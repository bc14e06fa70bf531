namespace SpikeSeg.Core.Decoding;

/// <summary>
/// The adjoint of the encoder's same-padded stride-1 convolution:
/// <c>out[o, Y, X] = Σ_i Σ_a Σ_b in[i, Y + p − a, X + p − b] · W[i, o, a, b]</c> over valid indices.
/// </summary>
public static class TransposedConvolution
{
    /// <summary>Dense oracle over CHW maps: input <c>[Cout, H, W]</c> → output <c>[Cin, H, W]</c> (overwritten), straight from the formula.</summary>
    public static void Dense(ReadOnlySpan<float> inputChw, ConvWeightBank weights, int height, int width, Span<float> outputChw)
    {
        ArgumentNullException.ThrowIfNull(weights);
        int plane = height * width;
        if (inputChw.Length != weights.OutChannels * plane || outputChw.Length != weights.InChannels * plane)
        {
            throw new ArgumentException(
                $"transposed conv: input {inputChw.Length} / output {outputChw.Length} values do not fit [{weights.OutChannels}|{weights.InChannels}, {height}, {width}].");
        }

        int k = weights.KernelSize;
        int p = weights.Padding;
        for (int o = 0; o < weights.InChannels; o++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    float sum = 0f;
                    for (int i = 0; i < weights.OutChannels; i++)
                    {
                        for (int a = 0; a < k; a++)
                        {
                            int sy = y + p - a;
                            if ((uint)sy >= (uint)height)
                            {
                                continue;
                            }

                            for (int b = 0; b < k; b++)
                            {
                                int sx = x + p - b;
                                if ((uint)sx >= (uint)width)
                                {
                                    continue;
                                }

                                sum += inputChw[(i * plane) + (sy * width) + sx] * weights[i, o, a, b];
                            }
                        }
                    }

                    outputChw[(o * plane) + (y * width) + x] = sum;
                }
            }
        }
    }

    /// <summary>
    /// Event-driven: adds the contribution of one active source cell into an HWC accumulator
    /// <c>[H, W, TargetChannels]</c>. Work is K rows of at most K·TargetChannels contiguous floats.
    /// </summary>
    public static void ScatterCell(Span<float> accumulatorHwc, int height, int width, TransposedKernel kernel, ActiveCell cell, bool vectorized)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        int k = kernel.KernelSize;
        int p = kernel.Padding;
        int targets = kernel.TargetChannels;

        // Y = y − p + a and X = x − p + b; clip a and b to the map once per cell.
        int a0 = Math.Max(0, p - cell.Y);
        int a1 = Math.Min(k - 1, height - 1 - cell.Y + p);
        int b0 = Math.Max(0, p - cell.X);
        int b1 = Math.Min(k - 1, width - 1 - cell.X + p);
        if (a0 > a1 || b0 > b1)
        {
            return;
        }

        int runLength = b1 - b0 + 1;
        int x0 = cell.X - p + b0;
        for (int a = a0; a <= a1; a++)
        {
            int y = cell.Y - p + a;
            var destination = accumulatorHwc.Slice(((y * width) + x0) * targets, runLength * targets);
            var source = kernel.RowRun(cell.Channel, a, b0, runLength);
            if (vectorized)
            {
                ScaledAdd.Vectorized(destination, source, cell.Value);
            }
            else
            {
                ScaledAdd.Scalar(destination, source, cell.Value);
            }
        }
    }

    /// <summary>Scatter of every cell into a zeroed HWC accumulator.</summary>
    public static void Scatter(ReadOnlySpan<ActiveCell> cells, TransposedKernel kernel, int height, int width, Span<float> accumulatorHwc, bool vectorized = true)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (accumulatorHwc.Length != height * width * kernel.TargetChannels)
        {
            throw new ArgumentException($"transposed conv: accumulator has {accumulatorHwc.Length} values, [{height}, {width}, {kernel.TargetChannels}] needs {height * width * kernel.TargetChannels}.", nameof(accumulatorHwc));
        }

        accumulatorHwc.Clear();
        foreach (var cell in cells)
        {
            CheckCell(cell, kernel.SourceChannels, height, width);
            ScatterCell(accumulatorHwc, height, width, kernel, cell, vectorized);
        }
    }

    internal static void CheckCell(ActiveCell cell, int channels, int height, int width)
    {
        if ((uint)cell.Channel >= (uint)channels || (uint)cell.Y >= (uint)height || (uint)cell.X >= (uint)width)
        {
            throw new InvalidInputException(
                $"decoder: active cell (channel {cell.Channel}, y {cell.Y}, x {cell.X}) lies outside the [{channels}, {height}, {width}] map.");
        }
    }
}
