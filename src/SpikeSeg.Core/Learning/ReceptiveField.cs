namespace SpikeSeg.Core.Learning;

/// <summary>Copies the pre spike times a post neuron sees into a contiguous [C, k, k] buffer (the layout of one OIHW feature).</summary>
public static class ReceptiveField
{
    /// <summary>
    /// The window whose top-left corner is (<paramref name="originY"/>, <paramref name="originX"/>) — for a
    /// post neuron (y, x) that is (y·stride − padding, x·stride − padding) — with cells outside the map set
    /// to <paramref name="outside"/> (+∞: "never", so LTD).
    /// </summary>
    public static void Gather(ReadOnlySpan<float> preTimes, SpikeMapShape preShape, int originY, int originX, int kernel, Span<float> destination, float outside = float.PositiveInfinity)
    {
        preShape.RequireLength(preTimes.Length, nameof(preTimes));
        RequireDestination(preShape, kernel, destination);
        int at = 0;
        for (int c = 0; c < preShape.Channels; c++)
        {
            for (int ky = 0; ky < kernel; ky++)
            {
                int y = originY + ky;
                bool rowInside = (uint)y < (uint)preShape.Height;
                int rowStart = rowInside ? preShape.IndexOf(c, y, 0) : 0;
                for (int kx = 0; kx < kernel; kx++)
                {
                    int x = originX + kx;
                    destination[at++] = rowInside && (uint)x < (uint)preShape.Width ? preTimes[rowStart + x] : outside;
                }
            }
        }
    }

    /// <summary>
    /// The reference <c>compute_batch_update</c> window (§16.6, reproduced on purpose): rows
    /// [max(0, y−k/2), min(H, y+k/2+1)) and the same for columns, copied to the TOP-LEFT of the k×k
    /// buffer and the rest filled with +∞ — so at the top/left borders the field is shifted.
    /// </summary>
    public static void GatherMisalignedAtBorder(ReadOnlySpan<float> preTimes, SpikeMapShape preShape, int y, int x, int kernel, Span<float> destination)
    {
        preShape.RequireLength(preTimes.Length, nameof(preTimes));
        RequireDestination(preShape, kernel, destination);
        destination.Fill(float.PositiveInfinity);
        int half = kernel / 2;
        int rowFirst = Math.Max(0, y - half), rowEnd = Math.Min(preShape.Height, y + half + 1);
        int colFirst = Math.Max(0, x - half), colEnd = Math.Min(preShape.Width, x + half + 1);
        for (int c = 0; c < preShape.Channels; c++)
        {
            for (int row = rowFirst; row < rowEnd; row++)
            {
                var source = preTimes.Slice(preShape.IndexOf(c, row, colFirst), colEnd - colFirst);
                source.CopyTo(destination.Slice((((c * kernel) + (row - rowFirst)) * kernel), source.Length));
            }
        }
    }

    private static void RequireDestination(SpikeMapShape preShape, int kernel, Span<float> destination)
    {
        if (kernel <= 0 || destination.Length != preShape.Channels * kernel * kernel)
        {
            throw new ArgumentException($"receptive field buffer holds {destination.Length} values, {preShape.Channels}×{kernel}×{kernel} needed", nameof(destination));
        }
    }
}
