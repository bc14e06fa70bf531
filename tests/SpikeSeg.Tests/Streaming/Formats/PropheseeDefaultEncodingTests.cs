using System.Buffers.Binary;
using System.Text;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats;

namespace SpikeSeg.Tests.Streaming.Formats;

/// <summary>Prophesee headers without an encoding key fall back to the sensor generation's default.</summary>
public sealed class PropheseeDefaultEncodingTests
{
    [Theory]
    [InlineData("% plugin_name hal_plugin_gen3_fx3\n", EventFormat.Evt2, 640)]
    [InlineData("% plugin_name hal_plugin_gen41_evk3\n", EventFormat.Evt3, 1280)]
    [InlineData("% geometry 320x320\n", EventFormat.Evt3, 320)]
    public void EncodingAndGeometryFollowThePlugin(string header, EventFormat expected, int width)
    {
        using var reader = EventReaders.Open(new MemoryStream(Encoding.ASCII.GetBytes(header)), "x.raw");
        Assert.Equal(expected, reader.Info.Format);
        Assert.Equal(width, reader.Info.Geometry?.Width);
    }
}
