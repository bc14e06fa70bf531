namespace SpikeSeg.Core.Segmentation;

/// <summary>SMASH similarity (reference-semantics §12): Jaccard of the activity hashes times IoU of the boxes.</summary>
public static class Smash
{
    /// <summary>In [0, 1], symmetric, double precision.</summary>
    public static double Score(InstanceSignature a, InstanceSignature b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Score(a.Box, a.Ash, b.Box, b.Ash);
    }

    /// <summary><see cref="Score(InstanceSignature, InstanceSignature)"/> of the parts, without a signature object.</summary>
    public static double Score(BoundingBox boxA, ActivityHash ashA, BoundingBox boxB, ActivityHash ashB) =>
        ActivityHash.Jaccard(ashA, ashB) * boxA.IntersectionOverUnion(boxB);

    /// <summary>The full score matrix with a zero diagonal, stored in float32 as the reference's grouping does.</summary>
    public static float[,] ScoreMatrix(IReadOnlyList<InstanceSignature> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        int n = instances.Count;
        var scores = new float[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                float s = (float)Score(instances[i], instances[j]);
                scores[i, j] = s;
                scores[j, i] = s;
            }
        }

        return scores;
    }
}
