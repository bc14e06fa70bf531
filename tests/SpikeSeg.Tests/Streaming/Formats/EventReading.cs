using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats;

namespace SpikeSeg.Tests.Streaming.Formats;

/// <summary>Test helpers: read a whole stream through a reader in chunks of a given size.</summary>
internal static class EventReading
{
    public static EventPacket ReadAll(IEventReader reader, int chunk = 4096)
    {
        var all = new EventPacket(16);
        var packet = new EventPacket(16);
        while (true)
        {
            packet.Clear();
            int n = reader.Read(packet, chunk);
            Assert.Equal(n, packet.Count);
            Assert.True(n <= chunk, $"reader returned {n} events for a request of {chunk}");
            if (n == 0)
            {
                return all;
            }

            all.CopyFrom(packet, 0, n);
        }
    }

    public static EventPacket ReadBytes(byte[] bytes, string name, EventFormat format = EventFormat.Unknown, int chunk = 4096)
    {
        using var reader = EventReaders.Open(new MemoryStream(bytes), name, format);
        return ReadAll(reader, chunk);
    }

    public static void AssertSame(EventPacket expected, EventPacket actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.TimestampUs.ToArray(), actual.TimestampUs.ToArray());
        Assert.Equal(expected.X.ToArray(), actual.X.ToArray());
        Assert.Equal(expected.Y.ToArray(), actual.Y.ToArray());
        Assert.Equal(expected.Polarity.ToArray(), actual.Polarity.ToArray());
    }

    public static string Real(string relative) => Path.Combine(Support.SharedPaths.RealData, relative);
}
