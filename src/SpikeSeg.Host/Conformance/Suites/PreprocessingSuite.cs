using System.Text.Json;
using SpikeSeg.Core.Encoding;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Host.Conformance.Suites;

/// <summary>
/// Golden checks of <c>f_preprocessing.json</c>: the reference voxel grid (its data-dependent polarity rule,
/// normalised and raw, native-resolution single channel), DoG / Gabor banks, conv1 DoG init, N-MNIST bytes.
/// </summary>
public sealed class PreprocessingSuite : IGoldenSuite
{
    public string FileName => "f_preprocessing.json";

    public IEnumerable<GoldenCase> Cases(JsonElement root)
    {
        var cases = root.GetProperty("cases");
        foreach (var property in cases.EnumerateObject().Where(p => p.Name.StartsWith("voxel_", StringComparison.Ordinal)))
        {
            var c = property.Value;
            string name = property.Name;
            yield return new GoldenCase(FileName, $"{name}/normalized", () => CheckVoxel(c, "voxel_normalized", polarityChannels: true, normalize: true, native: false));
            yield return new GoldenCase(FileName, $"{name}/counts", () => CheckVoxel(c, "voxel_counts", polarityChannels: true, normalize: false, native: false));
            yield return new GoldenCase(FileName, $"{name}/native_single_channel", () => CheckVoxel(c, "voxel_native_res_single_channel_counts", polarityChannels: false, normalize: false, native: true));
        }

        var filters = cases.GetProperty("filters");
        yield return new GoldenCase(FileName, "filters/dog", () =>
            Expect.Close("dog", GoldenTensor.Parse(filters.GetProperty("dog_size5_sc1_ss2")), FilterBanks.DifferenceOfGaussians(5, 1.0, 2.0)));
        yield return new GoldenCase(FileName, "filters/gabor", () =>
            Expect.Close("gabor", GoldenTensor.Parse(filters.GetProperty("gabor_size5_sigma1_f0.5_n4")), FilterBanks.Gabor(5, 1.0, 0.5, 4)));
        yield return new GoldenCase(FileName, "filters/conv1_dog_init", () =>
            Expect.Close("conv1", GoldenTensor.Parse(filters.GetProperty("conv1_dog_init_4out_2in")), FilterBanks.Conv1DogInit(4, 2, 5)));

        var nmnist = cases.GetProperty("nmnist_bin_as_implemented");
        yield return new GoldenCase(FileName, "nmnist_bin_as_implemented", () => CheckNMnist(nmnist));
    }

    private static void CheckVoxel(JsonElement c, string key, bool polarityChannels, bool normalize, bool native)
    {
        var events = c.GetProperty("events");
        long[] t = Ints(events.GetProperty("t_us")).Select(v => (long)v).ToArray();
        int[] x = Ints(events.GetProperty("x"));
        int[] y = Ints(events.GetProperty("y"));
        int[] p = Ints(events.GetProperty("p"));
        var sensor = new SensorGeometry(events.GetProperty("sensor_w").GetInt32(), events.GetProperty("sensor_h").GetInt32());
        int width = native ? sensor.Width : c.GetProperty("out_w").GetInt32();
        int height = native ? sensor.Height : c.GetProperty("out_h").GetInt32();
        var options = new VoxelGridOptions(c.GetProperty("n_timesteps").GetInt32(), width, height, polarityChannels, normalize, PolarityChannelRule.ReferenceDataDependent);
        var expected = GoldenTensor.Parse(c.GetProperty(key));
        Expect.Exact("shape", expected.Shape.AsSpan(), new[] { options.Timesteps, options.Channels, height, width }.AsSpan());
        float[] actual = ReferenceVoxelGrid.Build(t, x, y, p, sensor, options);
        if (normalize)
        {
            Expect.Close(key, expected, actual);
        }
        else
        {
            Expect.Exact(key, expected, actual);
        }
    }

    private static void CheckNMnist(JsonElement c)
    {
        byte[] bytes = Ints(c.GetProperty("bytes")).Select(b => checked((byte)b)).ToArray();
        var decoded = c.GetProperty("decoded");
        int[] x = Ints(decoded.GetProperty("x")), y = Ints(decoded.GetProperty("y")), p = Ints(decoded.GetProperty("p")), t = Ints(decoded.GetProperty("t"));
        Expect.Equal("record count", x.Length, bytes.Length / NMnistRecord.Size);
        for (int i = 0; i < x.Length; i++)
        {
            var record = NMnistRecord.DecodeAsImplemented(bytes.AsSpan(i * NMnistRecord.Size, NMnistRecord.Size));
            Expect.Equal($"record {i}", new NMnistRecord(x[i], y[i], p[i], t[i]), record);
        }
    }

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();
}
