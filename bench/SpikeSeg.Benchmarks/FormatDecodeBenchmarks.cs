using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats;
using SpikeSeg.Streaming.Formats.Writers;

namespace SpikeSeg.Benchmarks;

/// <summary>
/// Event decode throughput per format from an in-memory buffer into a reused packet, next to a plain
/// memory copy of the same bytes. Each benchmark op decodes <see cref="EventCount"/> events, so
/// BenchmarkDotNet's time per op is ns per event (M ev/s = 1000 / ns).
/// Run: dotnet run -c Release --project bench/SpikeSeg.Benchmarks -- --filter '*FormatDecode*'
/// Results 2026-11-22, AMD EPYC (lscpu), 2 vCPU, AVX-512, .NET 10.0.12, Job.ShortRun in-process:
/// EVT 2.0 3.68 ns/ev = 272 M ev/s (memcpy 19.8 GB/s); EVT 3.0 6.30 ns/ev = 159 M ev/s (memcpy 21.4 GB/s);
/// AEDAT 4 LZ4 13.8 ns/ev = 72 M ev/s (memcpy 18.5 GB/s). Details: docs/performance.md, "Event decoding".
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class FormatDecodeBenchmarks
{
    public const int EventCount = 1 << 20;

    private const int ChunkEvents = 1 << 16;

    private readonly EventPacket _packet = new(ChunkEvents);
    private byte[] _evt2 = [];
    private byte[] _evt3 = [];
    private byte[] _aedat4 = [];
    private byte[] _copyTarget = [];

    [GlobalSetup]
    public void Setup()
    {
        var events = Synthetic();
        _evt2 = EncodeEvt2(events);
        _evt3 = Encode(events, EventFormat.Evt3);
        _aedat4 = Encode(events, EventFormat.Aedat4);
        _copyTarget = new byte[Math.Max(_evt2.Length, Math.Max(_evt3.Length, _aedat4.Length))];
        Console.WriteLine($"// bytes: evt2 {_evt2.Length}, evt3 {_evt3.Length}, aedat4 {_aedat4.Length}");
    }

    [Benchmark(OperationsPerInvoke = EventCount)]
    public long Evt2Decode() => Decode(_evt2, "b.raw");

    [Benchmark(OperationsPerInvoke = EventCount)]
    public long Evt3Decode() => Decode(_evt3, "b.raw");

    [Benchmark(OperationsPerInvoke = EventCount)]
    public long Aedat4Lz4Decode() => Decode(_aedat4, "b.aedat4");

    [Benchmark(OperationsPerInvoke = EventCount)]
    public int Evt2Memcpy() => Copy(_evt2);

    [Benchmark(OperationsPerInvoke = EventCount)]
    public int Evt3Memcpy() => Copy(_evt3);

    [Benchmark(OperationsPerInvoke = EventCount)]
    public int Aedat4Memcpy() => Copy(_aedat4);

    private long Decode(byte[] bytes, string name)
    {
        using var reader = EventReaders.Open(new MemoryStream(bytes, writable: false), name);
        long total = 0;
        int n;
        do
        {
            _packet.Clear();
            n = reader.Read(_packet, ChunkEvents);
            total += n;
        }
        while (n > 0);

        return total;
    }

    private int Copy(byte[] bytes)
    {
        Buffer.BlockCopy(bytes, 0, _copyTarget, 0, bytes.Length);
        return _copyTarget[bytes.Length - 1];
    }

    /// <summary>A Gen4-like stream: ~25 M ev/s, so several events share each microsecond, random pixels of 1280×720.</summary>
    private static EventPacket Synthetic()
    {
        var random = new Random(42);
        var packet = new EventPacket(EventCount);
        long t = 1_000_000;
        for (int i = 0; i < EventCount; i++)
        {
            if (random.Next(25) == 0)
            {
                t += random.Next(1, 4);
            }

            packet.Add(t, random.Next(1280), random.Next(720), (byte)random.Next(2));
        }

        return packet;
    }

    private static byte[] Encode(EventPacket events, EventFormat format)
    {
        var stream = new MemoryStream();
        using (var writer = EventWriters.Create(stream, format, SensorGeometry.Gen4, ownsStream: false))
        {
            writer.Write(events);
        }

        return stream.ToArray();
    }

    /// <summary>EVT 2.0 has no writer in the product; the benchmark encodes it directly (TIME_HIGH when t &gt;&gt; 6 changes).</summary>
    private static byte[] EncodeEvt2(EventPacket events)
    {
        var stream = new MemoryStream();
        stream.Write("% evt 2.0\n% geometry 1280x720\n"u8);
        long timeHigh = -1;
        Span<byte> word = stackalloc byte[4];
        for (int i = 0; i < events.Count; i++)
        {
            long t = events.TimestampUs[i];
            if (t >> 6 != timeHigh)
            {
                timeHigh = t >> 6;
                BitConverter.TryWriteBytes(word, 0x8000_0000u | (uint)(timeHigh & 0x0FFF_FFFF));
                stream.Write(word);
            }

            uint cd = ((uint)events.Polarity[i] << 28) | ((uint)(t & 0x3F) << 22) | ((uint)events.X[i] << 11) | events.Y[i];
            BitConverter.TryWriteBytes(word, cd);
            stream.Write(word);
        }

        return stream.ToArray();
    }

    private sealed class ShortInProcessConfig : ManualConfig
    {
        public ShortInProcessConfig()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        }
    }
}
