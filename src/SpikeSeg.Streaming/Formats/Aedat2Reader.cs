using System.Buffers.Binary;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats;

/// <summary>
/// jAER AEDAT 2.0 (event-formats.md §4): '#' header lines, then big-endian (int32 address, int32 t µs)
/// records. The address layout follows the <c># AEChip:</c> line: DVS128 (bit 0 polarity with 1 = OFF as
/// jAER reads it, x 7..1, y 14..8, bit 15 external) or DAVIS (bit 31 APS/IMU, y 30..22, x 21..12,
/// bit 11 polarity, bit 10 external). Non-DVS words are counted. A header-only file yields no events.
/// </summary>
public sealed class Aedat2Reader : RecordStreamReader
{
    private const uint HalfRange = 1u << 31;

    private readonly bool _dvs128;
    private uint _lastRawTime;
    private long _wrapUs;
    private long _imuWords;
    private long _apsWords;
    private long _externalEvents;

    private Aedat2Reader(EventByteSource source, EventStreamInfo info, bool dvs128)
        : base(source, info, 8)
    {
        _dvs128 = dvs128;
    }

    /// <summary>Consumes the '#' header (which must start with <c>#!AER-DAT2.0</c>) and returns a reader positioned at the first record.</summary>
    public static Aedat2Reader Open(EventByteSource source, EventStreamInfo info)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(info);
        string? first = source.ReadLine(1 << 16);
        if (first is null || !first.StartsWith("#!AER-DAT2", StringComparison.Ordinal))
        {
            throw source.Error(0, "AEDAT 2.0 file does not start with #!AER-DAT2.0");
        }

        info.SetMetadata("version", first[2..].Trim());
        while (source.Ensure(1) && source.Span[0] == (byte)'#')
        {
            string line = source.ReadLine(1 << 20)!;
            if (line.StartsWith("#End Of ASCII Header", StringComparison.Ordinal))
            {
                // Newer jAER ends the header explicitly; a first record starting with 0x23 must not be taken for a comment.
                break;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 1 && colon < 40)
            {
                string key = line[1..colon].Trim();
                if (key is "AEChip" or "HardwareInterface" or "DataStartTime" or "Timestamps tick is 1 us")
                {
                    info.SetMetadata(key, line[(colon + 1)..].Trim());
                }
            }
        }

        string chip = info.Metadata.GetValueOrDefault("AEChip", string.Empty);
        info.Geometry = GeometryOfChip(chip);
        bool dvs128 = chip.Contains("DVS128", StringComparison.OrdinalIgnoreCase) || chip.Contains("Tmpdiff128", StringComparison.OrdinalIgnoreCase);
        return new Aedat2Reader(source, info, dvs128);
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
        for (; pos + 8 <= records.Length && n < end; pos += 8)
        {
            uint address = BinaryPrimitives.ReadUInt32BigEndian(records[pos..]);
            uint rawTime = BinaryPrimitives.ReadUInt32BigEndian(records[(pos + 4)..]);
            if (rawTime < _lastRawTime && _lastRawTime - rawTime > HalfRange)
            {
                _wrapUs += 1L << 32;
            }

            _lastRawTime = rawTime;
            if (_dvs128)
            {
                if ((address & 0x8000) != 0)
                {
                    _externalEvents++;
                    continue;
                }

                xs[n] = (ushort)((address >> 1) & 0x7F);
                ys[n] = (ushort)((address >> 8) & 0x7F);
                ps[n] = (byte)(1 - (address & 1));
            }
            else
            {
                if ((address & 0x8000_0000) != 0)
                {
                    if (((address >> 10) & 3) == 3)
                    {
                        _imuWords++;
                    }
                    else
                    {
                        _apsWords++;
                    }

                    continue;
                }

                if ((address & 0x400) != 0)
                {
                    _externalEvents++;
                    continue;
                }

                xs[n] = (ushort)((address >> 12) & 0x3FF);
                ys[n] = (ushort)((address >> 22) & 0x1FF);
                ps[n] = (byte)((address >> 11) & 1);
            }

            ts[n] = _wrapUs + rawTime;
            n++;
        }

        produced = n - at;
        return pos;
    }

    protected override void PublishCounts()
    {
        Info.SetOtherCount("imu_sample", _imuWords);
        Info.SetOtherCount("aps_sample", _apsWords);
        Info.SetOtherCount("external_event", _externalEvents);
    }

    private static SensorGeometry? GeometryOfChip(string chip)
    {
        string c = chip.ToUpperInvariant();
        if (c.Contains("DAVIS240", StringComparison.Ordinal))
        {
            return SensorGeometry.Davis240C;
        }

        if (c.Contains("DAVIS346", StringComparison.Ordinal))
        {
            return SensorGeometry.Davis346;
        }

        if (c.Contains("DAVIS640", StringComparison.Ordinal))
        {
            return new SensorGeometry(640, 480);
        }

        return c.Contains("DVS128", StringComparison.Ordinal) || c.Contains("TMPDIFF128", StringComparison.Ordinal) ? new SensorGeometry(128, 128) : null;
    }
}
