using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats;

/// <summary>
/// What a reader knows about its stream: the format, the sensor size if the file states it, header
/// metadata, and counts of records that are not change-detection events (triggers, IMU, frames, ...).
/// The counts grow while the stream is read; they are final once <see cref="IEventReader.Read"/> returned 0.
/// </summary>
public sealed class EventStreamInfo
{
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _otherRecords = new(StringComparer.Ordinal);

    public EventStreamInfo(EventFormat format, string sourceName)
    {
        Format = format;
        SourceName = sourceName;
    }

    public EventFormat Format { get; }

    public string SourceName { get; }

    /// <summary>Sensor size from the header, or inferred from the sensor generation; null when unknown.</summary>
    public SensorGeometry? Geometry { get; set; }

    /// <summary>Header key/value pairs as the file states them (keys as written, last value wins).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _metadata;

    /// <summary>Non-event records seen so far, by kind (e.g. "evt_time_high", "imu_sample", "trigger").</summary>
    public IReadOnlyDictionary<string, long> OtherRecords => _otherRecords;

    public void SetMetadata(string key, string value) => _metadata[key] = value;

    public void SetOtherCount(string kind, long count)
    {
        if (count != 0 || _otherRecords.ContainsKey(kind))
        {
            _otherRecords[kind] = count;
        }
    }

    public void AddOther(string kind, long count)
    {
        if (count != 0)
        {
            _otherRecords[kind] = _otherRecords.GetValueOrDefault(kind) + count;
        }
    }
}
