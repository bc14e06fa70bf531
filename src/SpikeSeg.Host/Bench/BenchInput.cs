using SpikeSeg.Core;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Host.Bench;

/// <summary>
/// A whole recording held in memory as packets, so the timed run measures the binner and the network only
/// (scene generation and file decoding are not the system under test). Packets are read-only once built and
/// are shared by every benchmark stream.
/// </summary>
public sealed class BenchInput
{
    private const int PacketEvents = 1 << 15;

    private BenchInput(string name, SensorGeometry sensor, IReadOnlyList<EventPacket> packets)
    {
        Name = name;
        Sensor = sensor;
        Packets = packets;
        foreach (var p in packets)
        {
            Events += p.Count;
            InputBytes += p.Capacity * (sizeof(long) + (2 * sizeof(ushort)) + sizeof(byte));
        }

        if (Events > 0)
        {
            FirstUs = packets[0].FirstTimestampUs;
            LastUs = packets[^1].LastTimestampUs;
        }
    }

    public string Name { get; }

    public SensorGeometry Sensor { get; }

    public IReadOnlyList<EventPacket> Packets { get; }

    public long Events { get; }

    public long FirstUs { get; }

    public long LastUs { get; }

    /// <summary>Bytes held by the packets (part of the process RSS, but not of the system under test).</summary>
    public long InputBytes { get; }

    /// <summary>Span of the recording in µs (at least 1).</summary>
    public long DurationUs => Math.Max(1, LastUs - FirstUs + 1);

    public static BenchInput FromScene(string scene, double seconds, ulong seed)
    {
        var options = SkyScenes.Create(scene, seconds, seed);
        var packets = new List<EventPacket>();
        var current = new EventPacket(PacketEvents);
        foreach (var chunk in SkySceneGenerator.Generate(options))
        {
            var events = chunk.Events;
            int at = 0;
            while (at < events.Count)
            {
                int take = Math.Min(events.Count - at, PacketEvents - current.Count);
                current.CopyFrom(events, at, take);
                at += take;
                if (current.Count == PacketEvents)
                {
                    packets.Add(current);
                    current = new EventPacket(PacketEvents);
                }
            }
        }

        if (current.Count > 0)
        {
            packets.Add(current);
        }

        return new BenchInput(scene, options.Sensor, packets);
    }

    public static BenchInput FromFile(string path, SensorGeometry fallbackSensor)
    {
        using var reader = EventReaders.Open(path);
        var packets = new List<EventPacket>();
        while (true)
        {
            var packet = new EventPacket(PacketEvents);
            if (reader.Read(packet, PacketEvents) == 0)
            {
                break;
            }

            packets.Add(packet);
        }

        if (packets.Count == 0)
        {
            throw new InvalidInputException($"{path}: no events to benchmark");
        }

        return new BenchInput(Path.GetFileName(path), reader.Info.Geometry ?? fallbackSensor, packets);
    }
}
