namespace SpikeSeg.Core.Decoding;

/// <summary>
/// Event-driven max unpooling: moves active pooled cells to their pre-pool positions, touching only those cells.
/// Same result as <see cref="MaxUnpool.Dense"/>: a position shared by overlapping windows is emitted once, first value kept.
/// </summary>
public sealed class SparseUnpooler
{
    private int[] _stamp = [];
    private int _generation;

    /// <summary>Appends the unpooled cells of <paramref name="pooled"/> to <paramref name="unpooled"/>.</summary>
    public void Unpool(ReadOnlySpan<ActiveCell> pooled, PoolIndexMap indices, List<ActiveCell> unpooled)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(unpooled);
        int inputPlane = indices.InputHeight * indices.InputWidth;
        int size = indices.Channels * inputPlane;
        if (_stamp.Length < size)
        {
            _stamp = new int[size];
            _generation = 0;
        }

        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamp);
            _generation = 1;
        }

        foreach (var cell in pooled)
        {
            TransposedConvolution.CheckCell(cell, indices.Channels, indices.PooledHeight, indices.PooledWidth);
            var (y, x) = indices.Source(cell.Channel, cell.Y, cell.X);
            int at = (cell.Channel * inputPlane) + (y * indices.InputWidth) + x;
            if (cell.Value != 0f && _stamp[at] != _generation)
            {
                _stamp[at] = _generation;
                unpooled.Add(cell with { Y = y, X = x });
            }
        }
    }
}
