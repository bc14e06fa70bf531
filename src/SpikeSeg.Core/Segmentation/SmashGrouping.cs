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
        var boxes = new BoundingBox[n];
        var hashes = new ActivityHash[n];
        for (int i = 0; i < n; i++)
        {
            boxes[i] = instances[i].Box;
            hashes[i] = instances[i].Ash;
        }

        var objectOf = new int[n];
        int count = Assign(boxes, hashes, smashThreshold, new int[n], objectOf);
        var objects = new List<SegmentedObject>(count);
        var members = new List<int>();
        for (int o = 0; o < count; o++)
        {
            members.Clear();
            for (int i = 0; i < n; i++)
            {
                if (objectOf[i] == o)
                {
                    members.Add(i);
                }
            }

            var box = boxes[members[0]];
            var ash = hashes[members[0]];
            for (int m = 1; m < members.Count; m++)
            {
                box = box.Union(boxes[members[m]]);
                ash = ActivityHash.Max(ash, hashes[members[m]]);
            }

            objects.Add(new SegmentedObject(o, [.. members], box, ash));
        }

        return objects;
    }

    /// <summary>
    /// The grouping of <see cref="Group"/> without building objects: <paramref name="objectOf"/>[i] receives the
    /// object of instance i (objects numbered in order of first appearance of their root, members ascending);
    /// returns the number of objects. <paramref name="parent"/> is scratch of the same length; nothing is allocated.
    /// </summary>
    public static int Assign(ReadOnlySpan<BoundingBox> boxes, IReadOnlyList<ActivityHash> hashes, double smashThreshold, Span<int> parent, Span<int> objectOf)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        int n = boxes.Length;
        if (hashes.Count != n || parent.Length < n || objectOf.Length < n)
        {
            throw new ArgumentException($"smash: {n} boxes, {hashes.Count} hashes, {parent.Length} parent and {objectOf.Length} output slots.");
        }

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
                if (j == i)
                {
                    continue;
                }

                // The float32 score (the reference stores its matrix in float32) against the double threshold, as numpy does.
                int a = Math.Min(i, j), b = Math.Max(i, j);
                float score = (float)Smash.Score(boxes[a], hashes[a], boxes[b], hashes[b]);
                if (score > best)
                {
                    best = score;
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

        // Objects in order of first appearance of their root; objectOf doubles as root → object until overwritten.
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            objectOf[i] = -1;
        }

        for (int i = 0; i < n; i++)
        {
            int root = Find(parent, i);
            int o = -1;
            for (int k = 0; k < i; k++)
            {
                if (Find(parent, k) == root)
                {
                    o = objectOf[k];
                    break;
                }
            }

            objectOf[i] = o >= 0 ? o : count++;
        }

        return count;
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

    private static int Find(Span<int> parent, int i)
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
