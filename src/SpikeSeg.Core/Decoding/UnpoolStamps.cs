using System.Runtime.CompilerServices;

namespace SpikeSeg.Core.Decoding;

/// <summary>
/// Which pre-pool cells one unpooling pass has already emitted. Only overlapping pool windows (stride below the
/// kernel) can send two pooled cells to the same position; with disjoint windows every visit is a first visit
/// and nothing is stamped.
/// </summary>
public sealed class UnpoolStamps
{
    private int[] _stamp = [];
    private int _generation;
    private bool _overlapping;
    private int _inputHeight;
    private int _inputWidth;

    /// <summary>Forgets the previous pass; the next visits are unpooled through <paramref name="indices"/>.</summary>
    public void Begin(PoolIndexMap indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        _overlapping = indices.Pool.Stride < indices.Pool.Kernel;
        if (!_overlapping)
        {
            return;
        }

        _inputHeight = indices.InputHeight;
        _inputWidth = indices.InputWidth;
        int size = indices.Channels * _inputHeight * _inputWidth;
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
    }

    /// <summary>Whether pre-pool cell (channel, y, x) is visited for the first time since <see cref="Begin"/> (and marks it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool FirstVisit(int channel, int y, int x)
    {
        if (!_overlapping)
        {
            return true;
        }

        int at = (((channel * _inputHeight) + y) * _inputWidth) + x;
        if (_stamp[at] == _generation)
        {
            return false;
        }

        _stamp[at] = _generation;
        return true;
    }
}
