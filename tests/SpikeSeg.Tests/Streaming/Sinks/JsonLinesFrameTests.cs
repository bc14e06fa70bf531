using System.Text.Json;
using SpikeSeg.Core.Output;
using SpikeSeg.Streaming.Sinks;

namespace SpikeSeg.Tests.Streaming.Sinks;

public sealed class JsonLinesFrameTests
{
    private static SegmentationFrame Sample(long step) => new(
        "cam0", step, step * 1000, ((step + 1) * 1000) - 1, 17,
        [
            new FrameInstance(0, 0, 3, true, 10, 20, 12, 23, 11.25, 21.5, 9),
            new FrameInstance(2, 0, 4, false, 100, 50, 100, 50, 100, 50, 1),
        ]);

    [Fact]
    public void LineHasTheDocumentedFields()
    {
        using var doc = JsonDocument.Parse(JsonLinesFrameWriter.ToJson(Sample(5)));
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("schema").GetInt32());
        Assert.Equal("cam0", root.GetProperty("stream").GetString());
        Assert.Equal(5, root.GetProperty("step").GetInt64());
        Assert.Equal(5000, root.GetProperty("t_start_us").GetInt64());
        Assert.Equal(5999, root.GetProperty("t_end_us").GetInt64());
        var first = root.GetProperty("instances")[0];
        Assert.Equal([10, 20, 12, 23], first.GetProperty("bbox").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(11.25, first.GetProperty("centroid")[0].GetDouble());
        Assert.Equal(3, first.GetProperty("track").GetInt32());
        Assert.Equal(0, first.GetProperty("class").GetInt32());
        Assert.Equal(9, first.GetProperty("pixels").GetInt32());
    }

    [Fact]
    public void FileRoundTripsOneLinePerFrame()
    {
        string path = Path.Combine(Path.GetTempPath(), $"frames-{Guid.NewGuid():N}.jsonl");
        try
        {
            using (var writer = JsonLinesFrameWriter.Create(path))
            {
                for (int s = 0; s < 3; s++)
                {
                    writer.Write(Sample(s));
                }
            }

            Assert.Equal(3, File.ReadAllLines(path).Length);
            var frames = JsonLinesFrameReader.ReadFile(path).ToList();
            Assert.Equal(3, frames.Count);
            Assert.Equal(Sample(2).Instances, frames[2].Instances);
            Assert.Equal(2, frames[2].Step);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MalformedLineNamesFileAndLine()
    {
        string path = Path.Combine(Path.GetTempPath(), $"frames-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, JsonLinesFrameWriter.ToJson(Sample(0)) + "\n{\"schema\":1}\n");
        try
        {
            var ex = Assert.Throws<SpikeSeg.Core.InvalidInputException>(() => JsonLinesFrameReader.ReadFile(path).ToList());
            Assert.Contains(":2:", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
