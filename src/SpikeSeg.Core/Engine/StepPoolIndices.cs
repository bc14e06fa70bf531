using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Core.Engine;

/// <summary>
/// The dense argmax indices of one pool for the current step, kept up to date sparsely: every window holds its
/// top-left input except the windows that pooled a spike this step. Refreshing touches only last step's and this
/// step's spiking windows, instead of rewriting and re-validating the whole map each step; the contents equal
/// <see cref="Network.PoolIndexMap.ToDenseIndices"/> of the same spikes. The wrapping
/// <see cref="Decoding.PoolIndexMap"/> is validated once over the defaults; each written index is checked against
/// its own window as it is written.
/// </summary>
public sealed class StepPoolIndices
{
    private readonly PoolGeometry _geometry;
    private readonly int[] _indices;
    private readonly List<int> _written = [];

    public StepPoolIndices(PoolGeometry geometry, PoolSpec spec)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        _geometry = geometry;
        _indices = new int[geometry.OutputLength];
        Network.PoolIndexMap.ToDenseIndices(geometry, [], _indices);
        Map = new Decoding.PoolIndexMap(_indices, geometry.Channels, geometry.OutHeight, geometry.OutWidth, geometry.InHeight, geometry.InWidth, spec);
    }

    /// <summary>The map over the live array; valid until the next <see cref="Refresh"/>.</summary>
    public Decoding.PoolIndexMap Map { get; }

    public void Refresh(ReadOnlySpan<PooledSpike> pooled)
    {
        var g = _geometry;
        int planeLength = g.OutHeight * g.OutWidth;
        foreach (int o in _written)
        {
            int rest = o % planeLength;
            int y = rest / g.OutWidth;
            _indices[o] = g.TopLeftIndex(y, rest - (y * g.OutWidth));
        }

        _written.Clear();
        foreach (var p in pooled)
        {
            int top = p.Y * g.Stride, left = p.X * g.Stride;
            int sy = p.SourceIndex / g.InWidth, sx = p.SourceIndex - (sy * g.InWidth);
            if ((uint)p.Channel >= (uint)g.Channels || (uint)p.Y >= (uint)g.OutHeight || (uint)p.X >= (uint)g.OutWidth
                || sy < top || sy >= top + g.Kernel || sx < left || sx >= left + g.Kernel)
            {
                throw new InvalidInputException($"pool indices: index {p.SourceIndex} at (channel {p.Channel}, {p.Y}, {p.X}) lies outside its {g.Kernel}/{g.Stride} window.");
            }

            int o = (p.Channel * planeLength) + (p.Y * g.OutWidth) + p.X;
            _indices[o] = p.SourceIndex;
            _written.Add(o);
        }
    }
}
