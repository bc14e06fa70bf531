using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats;

namespace SpikeSeg.Tests.Streaming.Formats;

/// <summary>
/// Truncation at every byte, random byte flips, random garbage and crafted absurd sizes (tests/.../Fuzz) must
/// end in <see cref="EventFormatException"/> or a clean end of stream, and never allocate far beyond the input.
/// </summary>
public sealed class HostileInputTests
{
    /// <summary>Fixed cost of a reader (1 MiB window, codec buffers) plus a generous multiple of the input.</summary>
    private const long FixedAllocationBytes = 8 << 20;

    public static TheoryData<string> SampleNames => new(Samples.Keys);

    private static readonly Dictionary<string, Lazy<byte[]>> Samples = new()
    {
        ["evt2.raw"] = new(() => Prefix("evt2/prophesee_evt2_gen3_sample.raw", 164 + (4 * 300))),
        ["evt3.raw"] = new(() => Prefix("evt3/prophesee_evt3_gen41_sample.raw", 166 + (2 * 900))),
        ["ncars.dat"] = new(() => Prefix("dat/prophesee_dat_ncars_sample_a.dat", 93 + (8 * 120))),
        ["davis.aedat"] = new(DavisAedat2),
        ["header_only.aedat"] = new(() => File.ReadAllBytes(EventReading.Real("aedat2/aedat2_davis346red_header_only.aedat"))),
        ["nmnist.bin"] = new(() => Prefix("nmnist/nmnist_sample_a.bin", 5 * 200)),
        ["written.aedat4"] = new(() => Written(EventFormat.Aedat4, 150)),
        ["written_zstd.aedat4"] = new(WrittenZstdAedat4),
        ["written.npy"] = new(() => Written(EventFormat.Npy, 60)),
        ["written.txt"] = new(() => Written(EventFormat.Text, 60)),
        ["written.raw"] = new(() => Written(EventFormat.Evt3, 200)),
        ["ebssa.mat"] = new(() => MatV5TestFile.TdStruct([1, 2, 3, 4], [5, 6, 7, 8], [0, 1, 0, 1], [10, 11, 12, 13])),
        ["ebssa_v73.mat"] = new(() => MatV73TestFile.TdGroup([1, 2, 3, 4], [5, 6, 7, 8], [0, 1, 0, 1], [10, 11, 12, 13])),
        ["stmnist.mat"] = new(() => Prefix("mat/mat5_stmnist_tactile_sample.mat", int.MaxValue)),
    };

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void TruncationAtEveryByteEndsCleanlyOrInAFormatError(string name)
    {
        byte[] sample = Samples[name].Value;
        var complete = Outcome(sample, name);
        Assert.True(complete.Error is null, $"the untruncated sample must read: {complete.Error?.Message}");
        int step = sample.Length > 8192 ? 7 : 1;
        for (int length = 0; length < sample.Length; length += length < 1024 ? 1 : step)
        {
            var outcome = Outcome(sample[..length], name);
            Assert.True(outcome.Events <= complete.Events, $"{name} cut at {length} gave more events than the whole file");
        }
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void RandomByteFlipsEndCleanlyOrInAFormatError(string name)
    {
        byte[] sample = Samples[name].Value;
        var flips = (from position in Gen.Choose(0, sample.Length - 1)
                     from value in Gen.Choose(0, 255)
                     select (position, value)).ArrayOf();
        Prop.ForAll(flips.ToArbitrary(), changes =>
        {
            byte[] copy = (byte[])sample.Clone();
            foreach (var (position, value) in changes)
            {
                copy[position] = (byte)value;
            }

            Outcome(copy, name);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    [Fact]
    public void RandomGarbageUnderEveryForcedFormatEndsCleanlyOrInAFormatError()
    {
        var formats = Enum.GetValues<EventFormat>().Where(f => f != EventFormat.Unknown).ToArray();
        Prop.ForAll(Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().ToArbitrary(), garbage =>
        {
            foreach (var format in formats)
            {
                Outcome(garbage, "garbage", format);
                Outcome([.. Magic(format), .. garbage], "garbage", format);
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void FuzzCorpusFilesFailOrPassAsTheirNamesSay()
    {
        string corpus = Path.Combine(AppContext.BaseDirectory, "Fuzz");
        var files = Directory.GetFiles(corpus);
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            byte[] bytes = File.ReadAllBytes(file);
            var outcome = Outcome(bytes, Path.GetFileName(file));
            bool shouldFail = Path.GetFileName(file).Contains(".bad.", StringComparison.Ordinal);
            Assert.True(shouldFail == (outcome.Error is not null), $"{Path.GetFileName(file)}: {outcome.Error?.Message ?? "read cleanly"}");
            if (outcome.Error is not null)
            {
                Assert.Contains("byte offset", outcome.Error.Message, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Reads everything; returns the event count or the format error. Any other exception fails the test.</summary>
    private static (long Events, EventFormatException? Error) Outcome(byte[] bytes, string name, EventFormat format = EventFormat.Unknown)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        long events = 0;
        EventFormatException? error = null;
        try
        {
            using var reader = EventReaders.Open(new MemoryStream(bytes, writable: false), name, format);
            var packet = new EventPacket(97);
            int n;
            do
            {
                packet.Clear();
                n = reader.Read(packet, 97);
                events += n;
                Assert.True(events <= bytes.Length * 12L, "more events than the bytes can hold");
            }
            while (n > 0);
        }
        catch (EventFormatException ex)
        {
            error = ex;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < FixedAllocationBytes + (bytes.Length * 64L), $"{name}: {allocated} bytes allocated for {bytes.Length} input bytes");
        return (events, error);
    }

    private static byte[] Magic(EventFormat format) => format switch
    {
        EventFormat.Evt2 => "% evt 2.0\n"u8.ToArray(),
        EventFormat.Evt3 => "% evt 3.0\n"u8.ToArray(),
        EventFormat.PropheseeDat => "% Data file containing x\n"u8.ToArray(),
        EventFormat.Aedat2 => "#!AER-DAT2.0\r\n"u8.ToArray(),
        EventFormat.Aedat31 => "#!AER-DAT3.1\r\n#!END-HEADER\r\n"u8.ToArray(),
        EventFormat.Aedat4 => "#!AER-DAT4.0\r\n"u8.ToArray(),
        EventFormat.Npy => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0],
        EventFormat.Mat => [.. "MATLAB 5.0 MAT-file"u8.ToArray().Concat(new byte[105]), 0, 1, (byte)'I', (byte)'M'],
        _ => [],
    };

    private static byte[] Prefix(string real, int length)
    {
        byte[] all = File.ReadAllBytes(EventReading.Real(real));
        return all[..Math.Min(length, all.Length)];
    }

    private static byte[] DavisAedat2()
    {
        byte[] all = File.ReadAllBytes(EventReading.Real("aedat2/aedat2_davis240c_imu_translboxes.aedat"));
        const int headerBytes = 175268;
        return [.. "#!AER-DAT2.0\r\n# AEChip: eu.seebetter.ini.chips.davis.DAVIS240C\r\n"u8.ToArray(), .. all[headerBytes..(headerBytes + (8 * 150))]];
    }

    private static byte[] WrittenZstdAedat4()
    {
        var packet = new EventPacket();
        for (int i = 0; i < 100; i++)
        {
            packet.Add(5_000 + i, i % 50, i % 40, (byte)(i % 3 == 0 ? 1 : 0));
        }

        var stream = new MemoryStream();
        using (var writer = new SpikeSeg.Streaming.Formats.Writers.Aedat4Writer(stream, null, ownsStream: false, SpikeSeg.Streaming.Formats.Aedat4.Aedat4Compression.Zstd))
        {
            writer.Write(packet);
        }

        return stream.ToArray();
    }

    private static byte[] Written(EventFormat format, int count)
    {
        var packet = new EventPacket(count);
        for (int i = 0; i < count; i++)
        {
            packet.Add(1_000_000 + (i * 37L), (i * 13) % 346, (i * 7) % 260, (byte)(i & 1));
        }

        return WriterRoundTripTests.Write(packet, format, SensorGeometry.Davis346);
    }
}
