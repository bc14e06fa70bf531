using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats;

/// <summary>
/// Prophesee EVT 3.0: stateful 16-bit words (event-formats.md §1). t = wraps·2^24 + (time_high &lt;&lt; 12 | time_low);
/// a wrap is a TIME_HIGH that falls by more than half its range. Carries are never inferred from TIME_LOW,
/// because real files hold stray TIME_LOW words. Vector words emit LSB-first from the current base x.
/// </summary>
public sealed class Evt3Reader : RecordStreamReader
{
    private const long WrapUs = 1L << 24;
    private const int HalfTimeHighRange = 1 << 11;

    private int _y;
    private int _baseX;
    private byte _vectorPolarity;
    private int _lastTimeHigh = -1;
    private long _wrapBaseUs;
    private long _timeHighUs;
    private int _timeLow;
    private long _timeUs;
    private uint _pendingMask;
    private int _pendingBaseX;
    private long _vect12;
    private long _vect8;
    private long _triggers;
    private long _vendorWords;
    private long _continuedWords;
    private long _unknownWords;

    /// <param name="timeBaseUs">Added to every timestamp; our writer records it in the header so absolute times beyond 24 bits survive.</param>
    public Evt3Reader(EventByteSource source, EventStreamInfo info, long timeBaseUs = 0)
        : base(source, info, 2)
    {
        _wrapBaseUs = timeBaseUs;
        _timeHighUs = timeBaseUs;
        _timeUs = timeBaseUs;
    }

    protected override bool HasPendingEvents => _pendingMask != 0;

    protected override int Decode(ReadOnlySpan<byte> records, long offset, EventPacket into, int at, int capacity, out int produced)
    {
        var words = MemoryMarshal.Cast<byte, ushort>(records);
        long[] ts = into.RawTimestampUs;
        ushort[] xs = into.RawX;
        ushort[] ys = into.RawY;
        byte[] ps = into.RawPolarity;
        int n = at;
        int end = at + capacity;
        if (_pendingMask != 0)
        {
            n = EmitVector(_pendingMask, _pendingBaseX, ts, xs, ys, ps, n, end);
        }

        long t = _timeUs;
        int y = _y;
        int i = 0;
        for (; i < words.Length && n < end; i++)
        {
            int w = BitConverter.IsLittleEndian ? words[i] : BinaryPrimitives.ReverseEndianness(words[i]);
            switch (w >> 12)
            {
                case 0x0:
                    y = w & 0x7FF;
                    break;
                case 0x2:
                    ts[n] = t;
                    xs[n] = (ushort)(w & 0x7FF);
                    ys[n] = (ushort)y;
                    ps[n] = (byte)((w >> 11) & 1);
                    n++;
                    break;
                case 0x3:
                    _baseX = w & 0x7FF;
                    _vectorPolarity = (byte)((w >> 11) & 1);
                    break;
                case 0x4:
                    _vect12++;
                    _y = y;
                    _timeUs = t;
                    n = EmitVector((uint)(w & 0xFFF), _baseX, ts, xs, ys, ps, n, end);
                    _baseX += 12;
                    break;
                case 0x5:
                    _vect8++;
                    _y = y;
                    _timeUs = t;
                    n = EmitVector((uint)(w & 0xFF), _baseX, ts, xs, ys, ps, n, end);
                    _baseX += 8;
                    break;
                case 0x6:
                    _timeLow = w & 0xFFF;
                    t = _timeHighUs + _timeLow;
                    break;
                case 0x8:
                    t = SetTimeHigh(w & 0xFFF) + _timeLow;
                    break;
                case 0xA:
                    _triggers++;
                    break;
                case 0xE:
                    _vendorWords++;
                    break;
                case 0x7:
                case 0xF:
                    _continuedWords++;
                    break;
                default:
                    _unknownWords++;
                    break;
            }
        }

        _y = y;
        _timeUs = t;
        produced = n - at;
        return i * 2;
    }

    protected override void PublishCounts()
    {
        Info.SetOtherCount("vect_12", _vect12);
        Info.SetOtherCount("vect_8", _vect8);
        Info.SetOtherCount("ext_trigger", _triggers);
        Info.SetOtherCount("others", _vendorWords);
        Info.SetOtherCount("continued", _continuedWords);
        Info.SetOtherCount("unknown_word", _unknownWords);
    }

    private long SetTimeHigh(int timeHigh)
    {
        if (_lastTimeHigh >= 0 && timeHigh < _lastTimeHigh && _lastTimeHigh - timeHigh > HalfTimeHighRange)
        {
            _wrapBaseUs += WrapUs;
        }

        _lastTimeHigh = timeHigh;
        _timeHighUs = _wrapBaseUs + ((long)timeHigh << 12);
        return _timeHighUs;
    }

    /// <summary>Emits the set bits of <paramref name="mask"/> (bit i is x = baseX + i); bits that do not fit stay pending.</summary>
    private int EmitVector(uint mask, int baseX, long[] ts, ushort[] xs, ushort[] ys, byte[] ps, int n, int end)
    {
        long t = _timeUs;
        ushort y = (ushort)_y;
        byte p = _vectorPolarity;
        while (mask != 0 && n < end)
        {
            int bit = BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            ts[n] = t;
            xs[n] = (ushort)(baseX + bit);
            ys[n] = y;
            ps[n] = p;
            n++;
        }

        _pendingMask = mask;
        _pendingBaseX = baseX;
        return n;
    }
}
