namespace SpikeSeg.Core.Segmentation;

/// <summary>Instance → object grouping and cross-sequence matching (reference-semantics §12, exactly).</summary>
public static class SmashGrouping
{
    /// <summary>
    /// For each instance i in order, its most similar other instance j (score strictly above the running best,
    /// which starts at <paramref name="smashThreshold"/>; the first index wins ties) is merged with i by
    /// union-find with <c>parent[root(i)] = root(j)</c>.
    /// </summary>
    public static List<SegmentedObject> Group(IReadOnlyList<InstanceSignature> instances, double smashThreshold = 0.0)
    {
        ArgumentNullException.ThrowIfNull(instances);
        int n = instances.Count;
        var scores = Smash.ScoreMatrix(instances);
        var parent = new int[n];
        for (int i = 0; i < n; i++)
        {
            parent[i] = i;
        }

        for (int i = 0; i < n; i++)
        {
            double best = smashThreshold;
            int bestJ = -1;
            for (int j = 0; j < n; j++)
            {
                // The float32 score is compared against the double threshold, as the reference's numpy does.
                if (j != i && scores[i, j] > best)
                {
                    best = scores[i, j];
                    bestJ = j;
                }
            }

            if (bestJ >= 0)
            {
                int rootI = Find(parent, i);
                int rootJ = Find(parent, bestJ);
                if (rootI != rootJ)
                {
                    parent[rootI] = rootJ;
                }
            }
        }

        var membersByRoot = new Dictionary<int, List<int>>();
        var rootOrder = new List<int>();
        for (int i = 0; i < n; i++)
        {
            int root = Find(parent, i);
            if (!membersByRoot.TryGetValue(root, out var members))
            {
                members = [];
                membersByRoot[root] = members;
                rootOrder.Add(root);
            }

            members.Add(i);
        }

        var objects = new List<SegmentedObject>(rootOrder.Count);
        foreach (int root in rootOrder)
        {
            var members = membersByRoot[root];
            var box = instances[members[0]].Box;
            var ash = instances[members[0]].Ash;
            for (int m = 1; m < members.Count; m++)
            {
                box = box.Union(instances[members[m]].Box);
                ash = ActivityHash.Max(ash, instances[members[m]].Ash);
            }

            objects.Add(new SegmentedObject(objects.Count, [.. members], box, ash));
        }

        return objects;
    }

    /// <summary>
    /// For each current object, the previous object whose combined hash has the highest Jaccard similarity strictly
    /// above <paramref name="threshold"/> (first wins ties; boxes are not used). Unmatched objects are absent.
    /// </summary>
    public static Dictionary<int, int> MatchAcrossSequences(IReadOnlyList<SegmentedObject> current, IReadOnlyList<SegmentedObject> previous, double threshold = 0.0)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(previous);
        var matches = new Dictionary<int, int>();
        foreach (var now in current)
        {
            double best = threshold;
            int bestId = -1;
            foreach (var before in previous)
            {
                double similarity = ActivityHash.Jaccard(now.Ash, before.Ash);
                if (similarity > best)
                {
                    best = similarity;
                    bestId = before.ObjectId;
                }
            }

            if (bestId >= 0)
            {
                matches[now.ObjectId] = bestId;
            }
        }

        return matches;
    }

    private static int Find(int[] parent, int i)
    {
        int root = i;
        while (parent[root] != root)
        {
            root = parent[root];
        }

        // Path compression.
        while (parent[i] != root)
        {
            int next = parent[i];
            parent[i] = root;
            i = next;
        }

        return root;
    }
}
