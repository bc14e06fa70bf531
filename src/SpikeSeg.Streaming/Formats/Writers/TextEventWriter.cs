using System.Globalization;
using System.Text;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats.Writers;

/// <summary>Writes a text event list: a header line <c>t_us x y p</c>, then one <c>t x y p</c> line per event (integer µs, p 0/1).</summary>
public sealed class TextEventWriter : IEventWriter
{
    private readonly StreamWriter _writer;

    public TextEventWriter(Stream stream, bool ownsStream = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: !ownsStream) { NewLine = "\n" };
        _writer.WriteLine("t_us x y p");
    }

    public void Write(EventPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var ts = packet.TimestampUs;
        var xs = packet.X;
        var ys = packet.Y;
        var ps = packet.Polarity;
        Span<char> line = stackalloc char[64];
        for (int i = 0; i < ts.Length; i++)
        {
            line.TryWrite(CultureInfo.InvariantCulture, $"{ts[i]} {xs[i]} {ys[i]} {(ps[i] != 0 ? 1 : 0)}", out int written);
            _writer.WriteLine(line[..written]);
        }
    }

    public void Dispose() => _writer.Dispose();
}
