using System.Text.Json;
using SpikeSeg.Host.Cli;

namespace SpikeSeg.Tests.Streaming.Formats;

/// <summary>
/// `inspect --json` on every real recording must reproduce the independent decoder's figures in
/// shared/data/real/MANIFEST.md (typed in below from the manifest's summary table).
/// </summary>
public sealed class RealSampleInspectTests
{
    public static IEnumerable<object[]> Manifest => new object[][]
    {
        ["evt2/prophesee_evt2_gen3_sample.raw", "evt2", 539481L, 1317888L, 1367888L, 367855L, 171626L, 60, 599, 18, 475],
        ["evt2/prophesee_evt2_gen3_sparklers.raw", "evt2", 521252L, 913716224L, 913812095L, 185861L, 335391L, 0, 639, 0, 479],
        ["evt3/prophesee_evt3_gen41_pedestrians_5k.raw", "evt3", 5000L, 5840504L, 5885714L, 2894L, 2106L, 11, 1279, 22, 698],
        ["evt3/prophesee_evt3_gen41_sample.raw", "evt3", 219596L, 11718656L, 11727457L, 115532L, 104064L, 0, 1279, 0, 719],
        ["dat/prophesee_dat_ncars_sample_a.dat", "dat", 2009L, 0L, 99952L, 1350L, 659L, 0, 77, 0, 41],
        ["dat/prophesee_dat_ncars_sample_b.dat", "dat", 4407L, 0L, 99937L, 1671L, 2736L, 0, 53, 1, 60],
        ["aedat2/aedat2_davis240c_imu_translboxes.aedat", "aedat2", 162771L, 294976755L, 297049406L, 82944L, 79827L, 0, 239, 0, 179],
        ["aedat4/aedat4_davis346_lz4_events_frames_imu_triggers.aedat4", "aedat4", 117667L, 1633953690975950L, 1633953691105949L, 72363L, 45304L, 0, 345, 0, 259],
        ["aedat4/aedat4_dvxplorer_320x240_lz4.aedat4", "aedat4", 111954L, 1605537493718345L, 1605537494308262L, 55023L, 56931L, 0, 319, 0, 239],
        ["nmnist/nmnist_sample_a.bin", "nmnist", 4325L, 654L, 311175L, 2145L, 2180L, 0, 33, 0, 33],
        ["nmnist/nmnist_slayer_sample_1.bs2", "nmnist", 4681L, 893L, 305924L, 2328L, 2353L, 0, 33, 0, 33],
        ["npy/npy_structured_txyp_from_evt3_sample.npy", "npy", 219596L, 11718656L, 11772513L, 115532L, 104064L, 0, 1279, 0, 719],
        ["mat/mat5_stmnist_tactile_sample.mat", "mat", 2346L, 196626L, 895744L, 1601L, 745L, 2, 9, 3, 8],
    };

    [Theory]
    [MemberData(nameof(Manifest))]
    public void InspectJsonReproducesTheManifest(string file, string format, long events, long tFirst, long tLast, long on, long off, int xMin, int xMax, int yMin, int yMax)
    {
        var json = RunInspect(EventReading.Real(file));
        Assert.Equal(format, json.GetProperty("format").GetString());
        Assert.Equal(events, json.GetProperty("events").GetInt64());
        Assert.Equal(on, json.GetProperty("on").GetInt64());
        Assert.Equal(off, json.GetProperty("off").GetInt64());
        Assert.Equal(tFirst, json.GetProperty("t_first_us").GetInt64());
        Assert.Equal(tLast, json.GetProperty("t_last_us").GetInt64());
        Assert.Equal(xMin, json.GetProperty("x_min").GetInt32());
        Assert.Equal(xMax, json.GetProperty("x_max").GetInt32());
        Assert.Equal(yMin, json.GetProperty("y_min").GetInt32());
        Assert.Equal(yMax, json.GetProperty("y_max").GetInt32());
        Assert.Equal(tLast - tFirst, json.GetProperty("duration_us").GetInt64());
        Assert.Equal(events * 1e6 / (tLast - tFirst), json.GetProperty("mean_rate_eps").GetDouble(), 2);
    }

    [Fact]
    public void HeaderOnlyAedat2GivesZeroEventsAndNullRanges()
    {
        var json = RunInspect(EventReading.Real("aedat2/aedat2_davis346red_header_only.aedat"));
        Assert.Equal("aedat2", json.GetProperty("format").GetString());
        Assert.Equal(0, json.GetProperty("events").GetInt64());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("t_first_us").ValueKind);
        Assert.Equal(346, json.GetProperty("width").GetInt32());
    }

    [Theory]
    [InlineData("evt2/prophesee_evt2_gen3_sample.raw", "evt_time_high", 3126)]
    [InlineData("evt3/prophesee_evt3_gen41_sample.raw", "vect_12", 21242)]
    [InlineData("evt3/prophesee_evt3_gen41_sample.raw", "vect_8", 10621)]
    [InlineData("aedat2/aedat2_davis240c_imu_translboxes.aedat", "imu_sample", 33837)]
    [InlineData("aedat4/aedat4_davis346_lz4_events_frames_imu_triggers.aedat4", "imu_sample", 130)]
    [InlineData("aedat4/aedat4_davis346_lz4_events_frames_imu_triggers.aedat4", "trigger", 15)]
    [InlineData("aedat4/aedat4_davis346_lz4_events_frames_imu_triggers.aedat4", "frame", 3)]
    [InlineData("aedat4/aedat4_dvxplorer_320x240_lz4.aedat4", "imu_sample", 475)]
    public void OtherRecordCountsMatchTheManifest(string file, string kind, long count)
    {
        var json = RunInspect(EventReading.Real(file));
        Assert.Equal(count, json.GetProperty("other").GetProperty(kind).GetInt64());
    }

    [Theory]
    [InlineData("evt2/prophesee_evt2_gen3_sample.raw", 640, 480)]
    [InlineData("evt3/prophesee_evt3_gen41_sample.raw", 1280, 720)]
    [InlineData("aedat2/aedat2_davis240c_imu_translboxes.aedat", 240, 180)]
    [InlineData("aedat4/aedat4_dvxplorer_320x240_lz4.aedat4", 320, 240)]
    public void ResolutionComesFromTheHeader(string file, int width, int height)
    {
        var json = RunInspect(EventReading.Real(file));
        Assert.Equal(width, json.GetProperty("width").GetInt32());
        Assert.Equal(height, json.GetProperty("height").GetInt32());
    }

    [Fact]
    public void BadFileExitsWithCodeOneAndNamesTheOffset()
    {
        string path = Path.Combine(Path.GetTempPath(), $"spikeseg-bad-{Guid.NewGuid():N}.aedat4");
        File.WriteAllBytes(path, [.. "#!AER-DAT4.0\r\n"u8, 0xFF, 0xFF, 0xFF, 0x7F]);
        try
        {
            var error = new StringWriter();
            int code = SpikeSegCli.Run(["inspect", path], new StringWriter(), error);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains(path, error.ToString(), StringComparison.Ordinal);
            Assert.Contains("byte offset 14", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static JsonElement RunInspect(string path)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = SpikeSegCli.Run(["inspect", "--json", path], output, error);
        Assert.True(code == ExitCodes.Success, error.ToString());
        return JsonDocument.Parse(output.ToString()).RootElement.Clone();
    }
}
