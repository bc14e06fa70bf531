using System.Buffers.Binary;
using System.Globalization;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats.Writers;

/// <summary>
/// Writes Prophesee EVT 3.0 (event-formats.md §1): a '%' header with <c>evt 3.0</c>, the format and geometry
/// keys and <c>% end</c>, then TIME_HIGH / TIME_LOW / ADDR_Y / ADDR_X words (no vectors). Absolute
/// time beyond 24 bits is kept by the header key <see cref="EventReaders.Evt3TimeBaseKey"/> (the first
/// timestamp rounded down to 4096 µs); TIME_HIGH advances in steps of at most half its range, so a
/// reader's wrap rule reconstructs any gap.
/// </summary>
public sealed class Evt3Writer : IEventWriter
{
    private const int MaxCoordinate = 2047;
    private const long MaxTimeHighStep = 2047;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly SensorGeometry? _geometry;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _used;
    private bool _started;
    private long _baseUs;
    private long _timeHigh = -1;
    private int _timeLow = -1;
    private int _y = -1;
    private long _lastUs = long.MinValue;

    public Evt3Writer(Stream stream, SensorGeometry? geometry, bool ownsStream = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _geometry = geometry;
        _ownsStream = ownsStream;
    }

    public void Write(EventPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var ts = packet.TimestampUs;
        var xs = packet.X;
        var ys = packet.Y;
        var ps = packet.Polarity;
        for (int i = 0; i < ts.Length; i++)
        {
            long t = ts[i];
            if (!_started)
            {
                Start(t);
            }

            if (t < _lastUs)
            {
                throw new Core.InvalidInputException($"EVT 3.0 output: timestamp {t} µs goes backwards (previous {_lastUs} µs)");
            }

            if (xs[i] > MaxCoordinate || ys[i] > MaxCoordinate)
            {
                throw new Core.InvalidInputException($"EVT 3.0 output: event ({xs[i]}, {ys[i]}) exceeds the 11-bit address range");
            }

            _lastUs = t;
            long relative = t - _baseUs;
            long high = relative >> 12;
            while (_timeHigh != high)
            {
                _timeHigh = _timeHigh < 0 ? Math.Min(high, MaxTimeHighStep) : Math.Min(high, _timeHigh + MaxTimeHighStep);
                Word(0x8000 | (int)(_timeHigh & 0xFFF));
                _timeLow = -1;
            }

            int low = (int)(relative & 0xFFF);
            if (low != _timeLow)
            {
                Word(0x6000 | low);
                _timeLow = low;
            }

            if (ys[i] != _y)
            {
                Word(ys[i]);
                _y = ys[i];
            }

            Word(0x2000 | (ps[i] != 0 ? 0x800 : 0) | xs[i]);
        }
    }

    public void Dispose()
    {
        if (!_started)
        {
            Start(0);
        }

        Flush();
        _stream.Flush();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    private void Start(long firstUs)
    {
        _started = true;
        _baseUs = firstUs >= 0 ? firstUs & ~0xFFFL : -((-firstUs + 0xFFF) & ~0xFFFL);
        var c = CultureInfo.InvariantCulture;
        var header = new System.Text.StringBuilder();
        header.Append("% evt 3.0\n");
        if (_geometry is { } g)
        {
            header.Append(c, $"% format EVT3;height={g.Height};width={g.Width}\n");
            header.Append(c, $"% geometry {g.Width}x{g.Height}\n");
        }

        header.Append(c, $"% {EventReaders.Evt3TimeBaseKey} {_baseUs}\n");
        header.Append("% end\n");
        var bytes = System.Text.Encoding.ASCII.GetBytes(header.ToString());
        _stream.Write(bytes);
    }

    private void Word(int word)
    {
        if (_used + 2 > _buffer.Length)
        {
            Flush();
        }

        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_used), (ushort)word);
        _used += 2;
    }

    private void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }
}
