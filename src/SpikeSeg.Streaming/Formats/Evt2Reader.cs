using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats;

/// <summary>
/// Prophesee EVT 2.0: 32-bit little-endian words, t = (time_high &lt;&lt; 6) | ts_lsb, a 34-bit counter whose
/// wrap is detected when TIME_HIGH jumps far backwards (event-formats.md §1). CD words before the first
/// TIME_HIGH have no time base and are counted, not emitted.
/// </summary>
public sealed class Evt2Reader : RecordStreamReader
{
    private const long WrapUs = 1L << 34;
    private const uint HalfTimeHighRange = 1u << 27;

    private bool _hasTimeHigh;
    private uint _lastTimeHigh;
    private long _wrapUs;
    private long _timeHighUs;
    private long _timeHighWords;
    private long _orphanEvents;
    private long _triggers;
    private long _vendorWords;
    private long _continuedWords;
    private long _unknownWords;

    public Evt2Reader(EventByteSource source, EventStreamInfo info)
        : base(source, info, 4)
    {
    }

    protected override int Decode(ReadOnlySpan<byte> records, long offset, EventPacket into, int at, int capacity, out int produced)
    {
        var words = MemoryMarshal.Cast<byte, uint>(records);
        long[] ts = into.RawTimestampUs;
        ushort[] xs = into.RawX;
        ushort[] ys = into.RawY;
        byte[] ps = into.RawPolarity;
        int n = at;
        int end = at + capacity;
        long timeHighUs = _timeHighUs;
        int i = 0;
        for (; i < words.Length && n < end; i++)
        {
            uint w = BitConverter.IsLittleEndian ? words[i] : BinaryPrimitives.ReverseEndianness(words[i]);
            uint type = w >> 28;
            if (type <= 1)
            {
                if (!_hasTimeHigh)
                {
                    _orphanEvents++;
                    continue;
                }

                ts[n] = timeHighUs | ((w >> 22) & 0x3F);
                xs[n] = (ushort)((w >> 11) & 0x7FF);
                ys[n] = (ushort)(w & 0x7FF);
                ps[n] = (byte)type;
                n++;
            }
            else if (type == 0x8)
            {
                uint timeHigh = w & 0x0FFFFFFF;
                if (_hasTimeHigh && timeHigh < _lastTimeHigh && _lastTimeHigh - timeHigh > HalfTimeHighRange)
                {
                    _wrapUs += WrapUs;
                }

                _hasTimeHigh = true;
                _lastTimeHigh = timeHigh;
                timeHighUs = _wrapUs + ((long)timeHigh << 6);
                _timeHighWords++;
            }
            else
            {
                CountOther(type);
            }
        }

        _timeHighUs = timeHighUs;
        produced = n - at;
        return i * 4;
    }

    protected override void PublishCounts()
    {
        Info.SetOtherCount("evt_time_high", _timeHighWords);
        Info.SetOtherCount("cd_before_time_high", _orphanEvents);
        Info.SetOtherCount("ext_trigger", _triggers);
        Info.SetOtherCount("others", _vendorWords);
        Info.SetOtherCount("continued", _continuedWords);
        Info.SetOtherCount("unknown_word", _unknownWords);
    }

    private void CountOther(uint type)
    {
        switch (type)
        {
            case 0xA: _triggers++; break;
            case 0xE: _vendorWords++; break;
            case 0xF: _continuedWords++; break;
            default: _unknownWords++; break;
        }
    }
}
