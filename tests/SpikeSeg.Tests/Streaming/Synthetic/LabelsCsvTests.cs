using SpikeSeg.Core;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Tests.Streaming.Synthetic;

public sealed class LabelsCsvTests
{
    [Fact]
    public void Written_labels_read_back_to_a_thousandth_of_a_pixel()
    {
        var rows = SceneRecording.Of(SkyScenes.Create(SkyScenes.Sda, 0.5, 4)).Labels;
        Assert.NotEmpty(rows);
        var text = new StringWriter();
        LabelsCsv.Write(text, rows);
        Assert.StartsWith("t_us,object_id,x,y\n", text.ToString(), StringComparison.Ordinal);
        var back = LabelsCsv.Read(new StringReader(text.ToString()), "mem.csv");
        Assert.Equal(rows.Count, back.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i].TimestampUs, back[i].TimestampUs);
            Assert.Equal(rows[i].ObjectId, back[i].ObjectId);
            Assert.Equal(rows[i].X, back[i].X, 0.0005);
            Assert.Equal(rows[i].Y, back[i].Y, 0.0005);
        }
    }

    [Fact]
    public void Reader_accepts_crlf_and_blank_lines()
    {
        var rows = LabelsCsv.Read(new StringReader("t_us,object_id,x,y\r\n10,2,3.5,-1\r\n\r\n20,2,4,0.25\r\n"), "a.csv");
        Assert.Equal([new LabelRow(10, 2, 3.5, -1), new LabelRow(20, 2, 4, 0.25)], rows);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("t,id,x,y\n", "line 1: header")]
    [InlineData("t_us,object_id,x,y\n1,2,3\n", "line 2: 3 fields")]
    [InlineData("t_us,object_id,x,y\n1,2,3,4\nx,2,3,4\n", "line 3: t_us 'x'")]
    [InlineData("t_us,object_id,x,y\n1,-2,3,4\n", "line 2: object_id")]
    [InlineData("t_us,object_id,x,y\n1,2,NaN,4\n", "line 2: x 'NaN'")]
    [InlineData("t_us,object_id,x,y\n1,2,3,1e999\n", "line 2: y")]
    public void Bad_files_get_a_one_line_error_with_file_and_line(string text, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => LabelsCsv.Read(new StringReader(text), "bad.csv"));
        Assert.StartsWith("bad.csv: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void An_endless_line_is_refused_without_reading_it_all()
    {
        var e = Assert.Throws<InvalidInputException>(() => LabelsCsv.Read(new StringReader("t_us,object_id,x,y\n" + new string('1', 100_000)), "long.csv"));
        Assert.Contains("longer than 256", e.Message, StringComparison.Ordinal);
    }
}
