using System.Numerics;

namespace SpikeSeg.Core.Segmentation;

/// <summary>
/// ASH: the binary feature × timestep matrix of an instance — bit (f, t) is set when feature f was active at step t
/// (reference-semantics §12). Stored as packed bits.
/// </summary>
public sealed class ActivityHash
{
    private readonly ulong[] _bits;

    public ActivityHash(int featureCount, int timestepCount)
    {
        if (featureCount <= 0 || timestepCount <= 0)
        {
            throw new InvalidInputException($"activity hash: shape [{featureCount}, {timestepCount}] must be positive.");
        }

        FeatureCount = featureCount;
        TimestepCount = timestepCount;
        _bits = new ulong[((featureCount * timestepCount) + 63) / 64];
    }

    public int FeatureCount { get; }

    public int TimestepCount { get; }

    /// <summary>Number of set bits.</summary>
    public int Count
    {
        get
        {
            int n = 0;
            foreach (ulong word in _bits)
            {
                n += BitOperations.PopCount(word);
            }

            return n;
        }
    }

    public void Set(int feature, int timestepIndex)
    {
        int bit = BitIndex(feature, timestepIndex);
        _bits[bit >> 6] |= 1UL << (bit & 63);
    }

    public bool Get(int feature, int timestepIndex)
    {
        int bit = BitIndex(feature, timestepIndex);
        return (_bits[bit >> 6] & (1UL << (bit & 63))) != 0;
    }

    /// <summary>The set (feature, timestep) pairs in feature-major order.</summary>
    public IEnumerable<(int Feature, int TimestepIndex)> Ones()
    {
        for (int f = 0; f < FeatureCount; f++)
        {
            for (int t = 0; t < TimestepCount; t++)
            {
                if (Get(f, t))
                {
                    yield return (f, t);
                }
            }
        }
    }

    /// <summary>Clears every bit (a reused hash starts empty).</summary>
    public void Clear() => Array.Clear(_bits);

    public ActivityHash Clone()
    {
        var copy = new ActivityHash(FeatureCount, TimestepCount);
        _bits.CopyTo(copy._bits, 0);
        return copy;
    }

    /// <summary>|A ∧ B| / |A ∨ B|, 0 when both are empty.</summary>
    public static double Jaccard(ActivityHash a, ActivityHash b)
    {
        CheckSameShape(a, b);
        int intersection = 0, union = 0;
        for (int i = 0; i < a._bits.Length; i++)
        {
            intersection += BitOperations.PopCount(a._bits[i] & b._bits[i]);
            union += BitOperations.PopCount(a._bits[i] | b._bits[i]);
        }

        return union == 0 ? 0.0 : (double)intersection / union;
    }

    /// <summary>Element-wise maximum (bitwise OR).</summary>
    public static ActivityHash Max(ActivityHash a, ActivityHash b)
    {
        CheckSameShape(a, b);
        var result = new ActivityHash(a.FeatureCount, a.TimestepCount);
        for (int i = 0; i < a._bits.Length; i++)
        {
            result._bits[i] = a._bits[i] | b._bits[i];
        }

        return result;
    }

    private static void CheckSameShape(ActivityHash a, ActivityHash b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.FeatureCount != b.FeatureCount || a.TimestepCount != b.TimestepCount)
        {
            throw new InvalidInputException(
                $"activity hash: shapes [{a.FeatureCount}, {a.TimestepCount}] and [{b.FeatureCount}, {b.TimestepCount}] differ.");
        }
    }

    private int BitIndex(int feature, int timestepIndex)
    {
        if ((uint)feature >= (uint)FeatureCount || (uint)timestepIndex >= (uint)TimestepCount)
        {
            throw new InvalidInputException(
                $"activity hash: (feature {feature}, step {timestepIndex}) lies outside [{FeatureCount}, {TimestepCount}].");
        }

        return (feature * TimestepCount) + timestepIndex;
    }
}
