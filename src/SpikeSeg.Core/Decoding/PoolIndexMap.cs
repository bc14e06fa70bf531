using System.Runtime.CompilerServices;
using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Decoding;

/// <summary>
/// The argmax indices one max-pool saved for one timestep: <c>[Channels, PooledHeight, PooledWidth]</c> flat
/// <c>h·InputWidth + w</c> positions into the pre-pool map <c>[Channels, InputHeight, InputWidth]</c>.
/// </summary>
public sealed class PoolIndexMap
{
    public PoolIndexMap(int[] flatIndices, int channels, int pooledHeight, int pooledWidth, int inputHeight, int inputWidth, PoolSpec pool)
    {
        ArgumentNullException.ThrowIfNull(flatIndices);
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.Kernel <= 0 || pool.Stride <= 0)
        {
            throw new InvalidInputException($"pool indices: kernel {pool.Kernel} and stride {pool.Stride} must be positive.");
        }

        if (channels <= 0 || inputHeight <= 0 || inputWidth <= 0)
        {
            throw new InvalidInputException($"pool indices: map [{channels}, {inputHeight}, {inputWidth}] must have positive sizes.");
        }

        if (pool.OutputSize(inputHeight) != pooledHeight || pool.OutputSize(inputWidth) != pooledWidth)
        {
            throw new InvalidInputException(
                $"pool indices: a {pool.Kernel}/{pool.Stride} pool turns {inputHeight}×{inputWidth} into {pool.OutputSize(inputHeight)}×{pool.OutputSize(inputWidth)}, not {pooledHeight}×{pooledWidth}.");
        }

        if (flatIndices.Length != channels * pooledHeight * pooledWidth)
        {
            throw new InvalidInputException(
                $"pool indices: [{channels}, {pooledHeight}, {pooledWidth}] needs {channels * pooledHeight * pooledWidth} indices, got {flatIndices.Length}.");
        }

        for (int n = 0; n < flatIndices.Length; n++)
        {
            int oy = (n / pooledWidth) % pooledHeight;
            int ox = n % pooledWidth;
            int idx = flatIndices[n];
            int y = idx / inputWidth;
            int x = idx % inputWidth;

            // Each index must lie inside the window of its own pool (kernel and stride of THIS pool, §16.1).
            if (idx < 0 || y < oy * pool.Stride || y >= (oy * pool.Stride) + pool.Kernel || x < ox * pool.Stride || x >= (ox * pool.Stride) + pool.Kernel)
            {
                throw new InvalidInputException(
                    $"pool indices: index {idx} at (channel {n / (pooledHeight * pooledWidth)}, {oy}, {ox}) lies outside its {pool.Kernel}/{pool.Stride} window.");
            }
        }

        FlatIndices = flatIndices;
        Channels = channels;
        PooledHeight = pooledHeight;
        PooledWidth = pooledWidth;
        InputHeight = inputHeight;
        InputWidth = inputWidth;
        Pool = pool;
    }

    public int[] FlatIndices { get; }

    public int Channels { get; }

    public int PooledHeight { get; }

    public int PooledWidth { get; }

    public int InputHeight { get; }

    public int InputWidth { get; }

    public PoolSpec Pool { get; }

    /// <summary>Where pooled cell (channel, y, x) came from in the pre-pool map.</summary>
    public (int Y, int X) Source(int channel, int y, int x)
    {
        int idx = FlatIndices[(((channel * PooledHeight) + y) * PooledWidth) + x];
        return (idx / InputWidth, idx % InputWidth);
    }

    /// <summary>
    /// <see cref="Source"/> without a division: a valid index lies in its own window, Kernel rows from
    /// (y·Stride, x·Stride), so the row is found by Kernel − 1 conditional subtractions (HULK unpools thousands of
    /// cells per spike). An index outside its window (the array is live) falls back to the division.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal (int Y, int X) SourceNearWindow(int channel, int y, int x)
    {
        int idx = FlatIndices[(((channel * PooledHeight) + y) * PooledWidth) + x];
        int top = y * Pool.Stride;
        int left = x * Pool.Stride;
        int offset = idx - ((top * InputWidth) + left);
        int dy = 0;

        // A fixed number of steps with a select each, not a loop that exits at dy: the row within the window is
        // data (0 or 1 at random for a 2×2 pool), so a data-dependent exit would be mispredicted half the time.
        for (int step = 1; step < Pool.Kernel; step++)
        {
            int down = offset >= InputWidth ? 1 : 0;
            offset -= down * InputWidth;
            dy += down;
        }

        return offset >= 0 && offset < InputWidth - left ? (top + dy, left + offset) : (idx / InputWidth, idx % InputWidth);
    }
}
