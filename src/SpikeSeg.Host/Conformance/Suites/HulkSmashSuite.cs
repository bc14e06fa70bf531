using System.Globalization;
using System.Text.Json;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Decoding;
using SpikeSeg.Core.Segmentation;

namespace SpikeSeg.Host.Conformance.Suites;

/// <summary>
/// Golden checks of <c>e_hulk_smash.json</c>. HULK ran on the classification spikes and last-step pool indices of
/// <c>d_encoder_decoder.json</c> (read from the same directory) with its own weights, class id as the
/// classification feature id and last-timestep indices: <see cref="HulkOptions.ReferenceCompatible"/>.
/// </summary>
public sealed class HulkSmashSuite : IGoldenSuite
{
    public string FileName => "e_hulk_smash.json";

    /// <summary>Without the directory the model cases cannot find their inputs and fail saying so.</summary>
    public IEnumerable<GoldenCase> Cases(JsonElement root) => Cases(root, directory: null);

    public IEnumerable<GoldenCase> Cases(JsonElement root, string? directory)
    {
        var model = new Lazy<DecoderGoldenModel>(() => directory is null
            ? throw new ConformanceMismatchException($"{FileName} needs {DecoderGoldenModel.FileName} from the same directory; none was given.")
            : DecoderGoldenModel.Load(directory));
        var results = new Lazy<List<HulkResult>>(() => Unravel(root, model.Value));

        yield return new GoldenCase(FileName, "hulk model shape", () =>
        {
            var r = results.Value;
            Expect.Equal("classification spikes", root.GetProperty("n_classification_spikes").GetInt32(), r.Count);
            Expect.Equal("ASH features", root.GetProperty("hulk_n_features").GetInt32(), r[0].Ash.FeatureCount);
            int kernel = root.GetProperty("hulk_pool_kernel_size").GetInt32();

            // The reference HULK unpools with kernel 2 whatever the pools are (§16.1); SpikeSeg uses each pool's own.
            var assumed = new PoolSpec(kernel, kernel);
            Expect.True($"pools are {kernel}/{kernel} as the reference HULK assumes", model.Value.Pool1 == assumed && model.Value.Pool2 == assumed);
        });

        int k = 0;
        foreach (var expected in root.GetProperty("first_results").EnumerateArray())
        {
            int index = k++;
            yield return new GoldenCase(FileName, $"hulk result {index}", () => CheckResult(expected, results.Value[index], index));
        }

        yield return new GoldenCase(FileName, "hulk instance list", () => CheckInstances(root.GetProperty("instances_from_model"), HulkUnraveller.ToInstances(results.Value)));

        foreach (var byThreshold in root.GetProperty("model_grouping_by_threshold").EnumerateObject())
        {
            double threshold = double.Parse(byThreshold.Name, CultureInfo.InvariantCulture);
            yield return new GoldenCase(FileName, $"model grouping at {byThreshold.Name}", () =>
            {
                var instances = HulkUnraveller.ToInstances(results.Value).Select(i => i.Signature).ToList();
                var groups = SmashGrouping.Group(instances, threshold);
                CheckMembers($"groups at {byThreshold.Name}", byThreshold.Value, groups.Select(g => g.Members).ToList());
            });
        }

        var handmade = root.GetProperty("handmade");
        yield return new GoldenCase(FileName, "handmade Jaccard", () => CheckMatrix("Jaccard", handmade.GetProperty("jaccard"), HandmadeInstances(handmade), (a, b) => ActivityHash.Jaccard(a.Ash, b.Ash)));
        yield return new GoldenCase(FileName, "handmade IoU", () => CheckMatrix("IoU", handmade.GetProperty("iou"), HandmadeInstances(handmade), (a, b) => a.Box.IntersectionOverUnion(b.Box)));
        yield return new GoldenCase(FileName, "handmade SMASH", () =>
        {
            var instances = HandmadeInstances(handmade);
            var scores = Smash.ScoreMatrix(instances);
            CheckMatrix("SMASH", handmade.GetProperty("smash"), instances, (a, b) => ReferenceEquals(a, b) ? 0.0 : Smash.Score(a, b));
            var expected = handmade.GetProperty("smash");
            for (int i = 0; i < instances.Count; i++)
            {
                for (int j = 0; j < instances.Count; j++)
                {
                    Expect.Close($"SMASH float32 matrix [{i},{j}]", expected[i][j].GetDouble(), scores[i, j], relative: 1e-6);
                }
            }
        });

        foreach (var byThreshold in handmade.GetProperty("groups_by_threshold").EnumerateObject())
        {
            double threshold = double.Parse(byThreshold.Name, CultureInfo.InvariantCulture);
            yield return new GoldenCase(FileName, $"handmade grouping at {byThreshold.Name}", () =>
                CheckGroups(byThreshold.Name, byThreshold.Value, SmashGrouping.Group(HandmadeInstances(handmade), threshold)));
        }

        yield return new GoldenCase(FileName, "handmade cross-sequence matching", () =>
        {
            var instances = HandmadeInstances(handmade);
            var previous = SmashGrouping.Group(instances, 0.0);
            var current = SmashGrouping.Group([instances[4], instances[2]], 0.0);
            var matches = SmashGrouping.MatchAcrossSequences(current, previous, 0.0);
            var expected = handmade.GetProperty("match_current_[inst4,inst2]_to_previous_groups_at_0.0");
            Expect.Equal("matched objects", expected.EnumerateObject().Count(), matches.Count);
            foreach (var pair in expected.EnumerateObject())
            {
                int currentId = int.Parse(pair.Name, CultureInfo.InvariantCulture);
                Expect.True($"current object {currentId} matched", matches.ContainsKey(currentId));
                Expect.Equal($"match of current object {currentId}", pair.Value.GetInt32(), matches[currentId]);
            }
        });
    }

    private static List<HulkResult> Unravel(JsonElement root, DecoderGoldenModel model)
    {
        var weights = DecoderGoldenModel.ReadWeights(root.GetProperty("hulk_weights"));
        var options = HulkOptions.ReferenceCompatible with { Threshold = root.GetProperty("hulk_threshold").GetSingle() };
        var hulk = new HulkUnraveller(weights, options);
        return hulk.UnravelAll(model.Spikes, model.LastStepIndices);
    }

    private static void CheckResult(JsonElement expected, HulkResult actual, int index)
    {
        string what = $"result {index}";
        int[] xy = Ints(expected.GetProperty("spike_location_xy"));
        Expect.Equal($"{what} spike x", xy[0], actual.Spike.X);
        Expect.Equal($"{what} spike y", xy[1], actual.Spike.Y);
        Expect.Equal($"{what} timestep", expected.GetProperty("timestep").GetInt32(), actual.Spike.TimestepIndex);
        CheckBox($"{what} bbox", expected.GetProperty("bbox_xyxy"), actual.Box);

        var mask = GoldenTensor.Parse(expected.GetProperty("pixel_mask"));
        Expect.Equal($"{what} mask height", mask.Shape[0], actual.Mask.Height);
        Expect.Equal($"{what} mask width", mask.Shape[1], actual.Mask.Width);
        var dense = new float[mask.Length];
        foreach (int p in actual.Mask.FlatPixels)
        {
            dense[p] = 1f;
        }

        Expect.Exact($"{what} mask", mask, dense);
        Expect.Equal($"{what} trans_conv2 spikes", expected.GetProperty("n_trans_conv2_spikes").GetInt32(), actual.Layer2SpikeCount);
        Expect.Equal($"{what} trans_conv1 spikes", expected.GetProperty("n_trans_conv1_spikes").GetInt32(), actual.Layer1SpikeCount);

        int c1 = actual.Layer1SpikesPerChannel.Length;
        int[] layer2 = Enumerable.Range(0, actual.Layer2SpikesPerChannel.Length).Where(c => actual.Layer2SpikesPerChannel[c] > 0).Select(c => c1 + c).ToArray();
        int[] layer1 = Enumerable.Range(0, c1).Where(c => actual.Layer1SpikesPerChannel[c] > 0).ToArray();
        Expect.Exact<int>($"{what} trans_conv2 features", Ints(expected.GetProperty("trans_conv2_channels_active")), layer2);
        Expect.Exact<int>($"{what} trans_conv1 features", Ints(expected.GetProperty("trans_conv1_channels_active")), layer1);
        CheckAsh($"{what} ASH", expected.GetProperty("ash_hash_matrix"), actual.Ash);
    }

    private static void CheckInstances(JsonElement expected, List<SegmentedInstance> actual)
    {
        Expect.Equal("instances", expected.GetArrayLength(), actual.Count);
        int n = 0;
        foreach (var e in expected.EnumerateArray())
        {
            var a = actual[n++];
            Expect.Equal($"instance {n - 1} id", e.GetProperty("instance_id").GetInt32(), a.InstanceId);
            CheckBox($"instance {a.InstanceId} bbox", e.GetProperty("bbox_xyxy"), a.Box);
            int[] xy = Ints(e.GetProperty("spike_location_xy"));
            Expect.Equal($"instance {a.InstanceId} spike", (xy[0], xy[1]), (a.Spike.X, a.Spike.Y));
        }
    }

    private static List<InstanceSignature> HandmadeInstances(JsonElement handmade)
    {
        var instances = new List<InstanceSignature>();
        foreach (var e in handmade.GetProperty("instances").EnumerateArray())
        {
            var ash = new ActivityHash(e.GetProperty("n_features").GetInt32(), e.GetProperty("n_timesteps").GetInt32());
            foreach (var one in e.GetProperty("ash_ones_f_t").EnumerateArray())
            {
                ash.Set(one[0].GetInt32(), one[1].GetInt32());
            }

            int[] b = Ints(e.GetProperty("bbox_xyxy"));
            instances.Add(new InstanceSignature(new BoundingBox(b[0], b[1], b[2], b[3]), ash));
        }

        return instances;
    }

    private static void CheckMatrix(string what, JsonElement expected, List<InstanceSignature> instances, Func<InstanceSignature, InstanceSignature, double> measure)
    {
        Expect.Equal($"{what} rows", expected.GetArrayLength(), instances.Count);
        for (int i = 0; i < instances.Count; i++)
        {
            for (int j = 0; j < instances.Count; j++)
            {
                // The reference's Jaccard is float32 (≈1e-8 from the exact ratio SpikeSeg computes in double).
                Expect.Close($"{what} [{i},{j}]", expected[i][j].GetDouble(), measure(instances[i], instances[j]), relative: 1e-6);
            }
        }
    }

    private static void CheckGroups(string threshold, JsonElement expected, List<SegmentedObject> actual)
    {
        CheckMembers($"groups at {threshold}", expected, actual.Select(g => g.Members).ToList(), e => e.GetProperty("members"));
        int n = 0;
        foreach (var e in expected.EnumerateArray())
        {
            var group = actual[n++];
            CheckBox($"group {group.ObjectId} at {threshold} bbox", e.GetProperty("combined_bbox"), group.Box);
            CheckAsh($"group {group.ObjectId} at {threshold} ASH", e.GetProperty("combined_ash"), group.Ash);
        }
    }

    private static void CheckMembers(string what, JsonElement expected, List<int[]> actual, Func<JsonElement, JsonElement>? members = null)
    {
        Expect.Equal($"{what}: number of objects", expected.GetArrayLength(), actual.Count);
        int n = 0;
        foreach (var e in expected.EnumerateArray())
        {
            Expect.Exact<int>($"{what}: object {n} members", Ints(members is null ? e : members(e)), actual[n]);
            n++;
        }
    }

    private static void CheckBox(string what, JsonElement expected, BoundingBox? actual)
    {
        Expect.True($"{what}: expected a box, got none", actual.HasValue);
        int[] b = Ints(expected);
        var box = actual!.Value;
        Expect.Exact<int>(what, b, [box.XMin, box.YMin, box.XMax, box.YMax]);
    }

    private static void CheckAsh(string what, JsonElement expected, ActivityHash actual)
    {
        var t = GoldenTensor.Parse(expected);
        Expect.Equal($"{what} shape", (t.Shape[0], t.Shape[1]), (actual.FeatureCount, actual.TimestepCount));
        var dense = new float[t.Length];
        foreach (var (f, step) in actual.Ones())
        {
            dense[(f * actual.TimestepCount) + step] = 1f;
        }

        Expect.Exact(what, t, dense);
    }

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();
}
