using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Events;
using SpikeSeg.Host.Cli;
using SpikeSeg.Streaming.Formats;

namespace SpikeSeg.Tests.Streaming.Formats;

/// <summary>MAT v7.3 (HDF5) event files written here with the HDF5 C library, read back through the format detector.</summary>
public sealed class MatV73ReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_ebssa_td_group_reads_back_with_zero_based_coordinates(bool compressed)
    {
        var (x, y, p, ts) = Columns(seed: 4, count: 700, oneBased: true);
        byte[] mat = MatV73TestFile.TdGroup(x, y, p, ts, compressed: compressed);
        Assert.Equal("MATLAB 7.3"u8.ToArray(), mat[..10]);

        using var reader = EventReaders.Open(new MemoryStream(mat), "ebssa.mat");
        var events = EventReading.ReadAll(reader, chunk: 97);

        Assert.Equal(EventFormat.Mat, reader.Info.Format);
        Assert.Equal("ebssa_td", reader.Info.Metadata["layout"]);
        Assert.Equal("hdf5", reader.Info.Metadata["container"]);
        Assert.Equal(x.Length, events.Count);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal((long)ts[i], events.TimestampUs[i]);
            Assert.Equal(x[i] - 1, events.X[i]);
            Assert.Equal(y[i] - 1, events.Y[i]);
            Assert.Equal(p[i] > 0 ? 1 : 0, events.Polarity[i]);
        }
    }

    [Fact]
    public void A_bare_hdf5_file_with_top_level_x_y_p_t_is_detected_and_keeps_zero_based_coordinates()
    {
        var (x, y, p, t) = Columns(seed: 9, count: 300, oneBased: false);
        byte[] h5 = MatV73TestFile.TdGroup(x, y, p, t, group: string.Empty, timeName: "t", matlabHeader: false);

        using var reader = EventReaders.Open(new MemoryStream(h5), "events.h5");
        var events = EventReading.ReadAll(reader);

        Assert.Equal("xyp_ts", reader.Info.Metadata["layout"]);
        Assert.Equal(x.Select(v => (ushort)v), events.X.ToArray());
        Assert.Equal(y.Select(v => (ushort)v), events.Y.ToArray());
        Assert.Equal(t.Select(v => (long)v), events.TimestampUs.ToArray());
    }

    [Fact]
    public void Top_level_columns_inside_a_mat_file_are_one_based_like_matlab_indices()
    {
        byte[] mat = MatV73TestFile.TdGroup([1, 5], [2, 7], [1, -1], [100, 250], group: string.Empty);
        using var reader = EventReaders.Open(new MemoryStream(mat), "vars.mat");
        var events = EventReading.ReadAll(reader);
        Assert.Equal(new ushort[] { 0, 4 }, events.X.ToArray());
        Assert.Equal(new ushort[] { 1, 6 }, events.Y.ToArray());
        Assert.Equal(new byte[] { 1, 0 }, events.Polarity.ToArray());
    }

    [Fact]
    public void Inspect_json_gives_the_manifest_figures_of_a_v73_file()
    {
        var (x, y, p, ts) = Columns(seed: 21, count: 1234, oneBased: true);
        string path = Path.Combine(Path.GetTempPath(), $"spikeseg-inspect-{Guid.NewGuid():N}.mat");
        File.WriteAllBytes(path, MatV73TestFile.TdGroup(x, y, p, ts));
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            Assert.True(SpikeSegCli.Run(["inspect", "--json", path], output, error) == ExitCodes.Success, error.ToString());
            var json = JsonDocument.Parse(output.ToString()).RootElement;

            Assert.Equal("mat", json.GetProperty("format").GetString());
            Assert.Equal(x.Length, json.GetProperty("events").GetInt64());
            Assert.Equal(p.Count(v => v > 0), json.GetProperty("on").GetInt64());
            Assert.Equal(p.Count(v => v <= 0), json.GetProperty("off").GetInt64());
            Assert.Equal((long)ts[0], json.GetProperty("t_first_us").GetInt64());
            Assert.Equal((long)ts[^1], json.GetProperty("t_last_us").GetInt64());
            Assert.Equal((int)x.Min() - 1, json.GetProperty("x_min").GetInt32());
            Assert.Equal((int)x.Max() - 1, json.GetProperty("x_max").GetInt32());
            Assert.Equal((int)y.Min() - 1, json.GetProperty("y_min").GetInt32());
            Assert.Equal((int)y.Max() - 1, json.GetProperty("y_max").GetInt32());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_or_inconsistent_columns_are_format_errors()
    {
        byte[] noTime = MatV73TestFile.TdGroup([1], [1], [1], [5], group: string.Empty, timeName: "when");
        var error = Assert.Throws<EventFormatException>(() => EventReading.ReadBytes(noTime, "no_time.mat"));
        Assert.Contains("neither ts nor t", error.Message, StringComparison.Ordinal);

        byte[] ragged = MatV73TestFile.TdGroup([1, 2], [1], [1, 0], [5, 6]);
        error = Assert.Throws<EventFormatException>(() => EventReading.ReadBytes(ragged, "ragged.mat"));
        Assert.Contains("differ in length", error.Message, StringComparison.Ordinal);

        byte[] zeroBased = MatV73TestFile.TdGroup([0, 2], [1, 1], [1, 0], [5, 6]);
        error = Assert.Throws<EventFormatException>(() => EventReading.ReadBytes(zeroBased, "zero.mat"));
        Assert.Contains("outside 1..", error.Message, StringComparison.Ordinal);
        Assert.Contains("byte offset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncation_anywhere_is_a_format_error_or_fewer_events()
    {
        var (x, y, p, ts) = Columns(seed: 2, count: 40, oneBased: true);
        byte[] mat = MatV73TestFile.TdGroup(x, y, p, ts);
        for (int length = 0; length < mat.Length; length += length < 700 ? 3 : 11)
        {
            int events = ReadOrFormatError(mat[..length]);
            Assert.True(events <= x.Length, $"cut at {length} gave {events} events");
        }
    }

    [Fact]
    public void Random_byte_flips_end_in_a_format_error_or_a_clean_read()
    {
        var (x, y, p, ts) = Columns(seed: 8, count: 40, oneBased: true);
        byte[] mat = MatV73TestFile.TdGroup(x, y, p, ts);
        var flips = (from position in Gen.Choose(0, mat.Length - 1)
                     from value in Gen.Choose(0, 255)
                     select (position, value)).ArrayOf();
        Prop.ForAll(flips.ToArbitrary(), changes =>
        {
            byte[] copy = (byte[])mat.Clone();
            foreach (var (position, value) in changes)
            {
                copy[position] = (byte)value;
            }

            ReadOrFormatError(copy);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    /// <summary>Reads everything; a format error counts as 0 events; any other exception fails the test.</summary>
    private static int ReadOrFormatError(byte[] bytes)
    {
        try
        {
            return EventReading.ReadBytes(bytes, "hostile.mat").Count;
        }
        catch (EventFormatException ex)
        {
            Assert.Contains("byte offset", ex.Message, StringComparison.Ordinal);
            return 0;
        }
    }

    private static (double[] X, double[] Y, double[] P, double[] Ts) Columns(int seed, int count, bool oneBased)
    {
        var random = new Random(seed);
        int first = oneBased ? 1 : 0;
        double[] x = new double[count], y = new double[count], p = new double[count], ts = new double[count];
        long t = 1_600_000_000_000_000;
        for (int i = 0; i < count; i++)
        {
            x[i] = first + random.Next(240);
            y[i] = first + random.Next(180);
            p[i] = random.Next(2);
            t += random.Next(0, 50);
            ts[i] = t;
        }

        return (x, y, p, ts);
    }
}
