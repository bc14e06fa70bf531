using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats;

/// <summary>
/// N-MNIST / N-Caltech101 <c>.bin</c> and SLAYER <c>.bs2</c> (event-formats.md §7): 5-byte records,
/// x = b0, y = b1, polarity = b2 >> 7, t = ((b2 &amp; 0x7F) &lt;&lt; 16) | (b3 &lt;&lt; 8) | b4. A record with
/// y == 240 is an overflow marker: it is counted and every later timestamp gains 2^13, as the
/// reference readers do.
/// </summary>
public sealed class NmnistReader : RecordStreamReader
{
    private const int OverflowY = 240;
    private const long OverflowStepUs = 1L << 13;

    private long _offsetUs;
    private long _overflowMarkers;

    public NmnistReader(EventByteSource source, EventStreamInfo info)
        : base(source, info, 5)
    {
    }

    protected override int Decode(ReadOnlySpan<byte> records, long offset, EventPacket into, int at, int capacity, out int produced)
    {
        long[] ts = into.RawTimestampUs;
        ushort[] xs = into.RawX;
        ushort[] ys = into.RawY;
        byte[] ps = into.RawPolarity;
        int n = at;
        int end = at + capacity;
        int pos = 0;
        for (; pos + 5 <= records.Length && n < end; pos += 5)
        {
            var r = records.Slice(pos, 5);
            if (r[1] == OverflowY)
            {
                _overflowMarkers++;
                _offsetUs += OverflowStepUs;
                continue;
            }

            xs[n] = r[0];
            ys[n] = r[1];
            ps[n] = (byte)(r[2] >> 7);
            ts[n] = _offsetUs + (((r[2] & 0x7F) << 16) | (r[3] << 8) | r[4]);
            n++;
        }

        produced = n - at;
        return pos;
    }

    protected override void PublishCounts() => Info.SetOtherCount("overflow_marker", _overflowMarkers);
}
