using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Decoding;

/// <summary>The pool1 and pool2 argmax indices of every timestep of one sample (reference-semantics §16.2).</summary>
public sealed class PoolIndexHistory
{
    private readonly PoolIndexMap[] _pool1;
    private readonly PoolIndexMap[] _pool2;

    public PoolIndexHistory(IReadOnlyList<PoolIndexMap> pool1ByStep, IReadOnlyList<PoolIndexMap> pool2ByStep)
    {
        ArgumentNullException.ThrowIfNull(pool1ByStep);
        ArgumentNullException.ThrowIfNull(pool2ByStep);
        if (pool1ByStep.Count == 0 || pool1ByStep.Count != pool2ByStep.Count)
        {
            throw new InvalidInputException($"pool indices: need the same positive number of pool1 and pool2 steps, got {pool1ByStep.Count} and {pool2ByStep.Count}.");
        }

        _pool1 = [.. pool1ByStep];
        _pool2 = [.. pool2ByStep];
        for (int t = 0; t < _pool1.Length; t++)
        {
            if (_pool1[t].Channels != _pool1[0].Channels || _pool1[t].InputHeight != _pool1[0].InputHeight || _pool1[t].InputWidth != _pool1[0].InputWidth
                || _pool2[t].Channels != _pool2[0].Channels || _pool2[t].InputHeight != _pool2[0].InputHeight || _pool2[t].InputWidth != _pool2[0].InputWidth)
            {
                throw new InvalidInputException($"pool indices: step {t} has a different map shape than step 0.");
            }
        }

        if (_pool1[0].PooledHeight != _pool2[0].InputHeight || _pool1[0].PooledWidth != _pool2[0].InputWidth)
        {
            throw new InvalidInputException(
                $"pool indices: pool1 output {_pool1[0].PooledHeight}×{_pool1[0].PooledWidth} differs from pool2 input {_pool2[0].InputHeight}×{_pool2[0].InputWidth}.");
        }
    }

    public int Timesteps => _pool1.Length;

    /// <summary>Step 0's maps, for shapes (all steps share them).</summary>
    public PoolIndexMap Pool1Shape => _pool1[0];

    public PoolIndexMap Pool2Shape => _pool2[0];

    /// <summary>Only the last step's indices, as the reference keeps them.</summary>
    public static PoolIndexHistory LastStepOnly(PoolIndexMap pool1, PoolIndexMap pool2) => new([pool1], [pool2]);

    public PoolIndexMap Pool1(int timestepIndex, UnpoolIndexSource source) => Pick(_pool1, timestepIndex, source);

    public PoolIndexMap Pool2(int timestepIndex, UnpoolIndexSource source) => Pick(_pool2, timestepIndex, source);

    private static PoolIndexMap Pick(PoolIndexMap[] maps, int timestepIndex, UnpoolIndexSource source)
    {
        if (source == UnpoolIndexSource.LastTimestep)
        {
            return maps[^1];
        }

        if ((uint)timestepIndex >= (uint)maps.Length)
        {
            throw new InvalidInputException(
                $"pool indices: a spike at step {timestepIndex} needs that step's indices, but only {maps.Length} step(s) were kept (use UnpoolIndexSource.LastTimestep for the reference behaviour).");
        }

        return maps[timestepIndex];
    }
}
