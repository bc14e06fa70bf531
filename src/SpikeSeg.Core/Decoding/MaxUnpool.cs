namespace SpikeSeg.Core.Decoding;

/// <summary>
/// Max unpooling to saved indices: each pooled value goes back to the position its pool took it from, zeros elsewhere.
/// Where overlapping windows (kernel &gt; stride) share a source position, the first nonzero value in pooled order is kept
/// and written once: a spike is never erased by a silent neighbour nor counted twice.
/// </summary>
public static class MaxUnpool
{
    /// <summary>Dense oracle: pooled CHW map → pre-pool CHW map (overwritten).</summary>
    public static void Dense(ReadOnlySpan<float> pooledChw, PoolIndexMap indices, Span<float> unpooledChw)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int pooledPlane = indices.PooledHeight * indices.PooledWidth;
        int inputPlane = indices.InputHeight * indices.InputWidth;
        if (pooledChw.Length != indices.Channels * pooledPlane || unpooledChw.Length != indices.Channels * inputPlane)
        {
            throw new ArgumentException($"unpool: pooled {pooledChw.Length} / unpooled {unpooledChw.Length} values do not match the index map.");
        }

        unpooledChw.Clear();
        for (int n = 0; n < pooledChw.Length; n++)
        {
            float v = pooledChw[n];
            if (v != 0f)
            {
                int target = ((n / pooledPlane) * inputPlane) + indices.FlatIndices[n];
                if (unpooledChw[target] == 0f)
                {
                    unpooledChw[target] = v;
                }
            }
        }
    }
}
