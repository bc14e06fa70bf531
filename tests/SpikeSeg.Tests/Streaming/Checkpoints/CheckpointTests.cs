using System.Buffers.Binary;
using Google.Protobuf;
using SpikeSeg.Core;
using SpikeSeg.Core.Checkpoints;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Randomness;
using SpikeSeg.Streaming.Checkpoints;
using SpikeSeg.Tests.Core.Configuration;
using Wire = SpikeSeg.Streaming.Checkpoints.Wire;

namespace SpikeSeg.Tests.Streaming.Checkpoints;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("spikeseg-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void RoundTrip_IsBitExact_ForEveryFloatAndField()
    {
        var original = Sample(seed: 3);
        string path = Path.Combine(_folder, "model.spkm");
        CheckpointWriter.Write(path, original);
        var read = CheckpointReader.Read(path);

        Assert.Equal(original.FormatVersion, read.FormatVersion);
        Assert.Equal(original.Spec, read.Spec);
        Assert.Equal(original.Layers.Count, read.Layers.Count);
        for (int i = 0; i < original.Layers.Count; i++)
        {
            var a = original.Layers[i];
            var b = read.Layers[i];
            Assert.Equal(a.Name, b.Name);
            Assert.Equal(a.Shape, b.Shape);
            Assert.Equal(Bits(a.Weights), Bits(b.Weights));
            Assert.Equal(Bits(a.Thresholds), Bits(b.Thresholds));
            Assert.Equal(a.Wins, b.Wins);
        }

        Assert.Equal(original.Progress.Phase, read.Progress.Phase);
        Assert.Equal(original.Progress.CurrentLayer, read.Progress.CurrentLayer);
        Assert.Equal(original.Progress.Epoch, read.Progress.Epoch);
        Assert.Equal(original.Progress.Step, read.Progress.Step);
        Assert.Equal(original.Progress.SamplesSeen, read.Progress.SamplesSeen);
        Assert.Equal(original.Progress.History, read.Progress.History);
        Assert.Equal(original.Progress.RngState, read.Progress.RngState);
    }

    [Fact]
    public void RestoredRngState_ContinuesTheSameSequence()
    {
        var random = new DeterministicRandom(99);
        random.NextUInt64();
        var checkpoint = Sample(seed: 4) with { Progress = Sample(seed: 4).Progress with { RngState = random.GetState() } };
        string path = Path.Combine(_folder, "rng.spkm");
        CheckpointWriter.Write(path, checkpoint);

        var restored = new DeterministicRandom(1);
        restored.SetState(CheckpointReader.Read(path).Progress.RngState);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(random.NextUInt64(), restored.NextUInt64());
        }
    }

    [Fact]
    public void EveryTruncation_IsOneLineNamingTheFile()
    {
        byte[] file = Encode(Sample(seed: 5));
        for (int length = 0; length < file.Length; length++)
        {
            var ex = Assert.Throws<InvalidInputException>(() => CheckpointReader.Decode(file.AsSpan(0, length), "cut.spkm"));
            Assert.StartsWith("cut.spkm: ", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', ex.Message);
            if (length >= 8)
            {
                Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void EverySingleBitFlipOfTheHeader_IsDetected()
    {
        byte[] file = Encode(Sample(seed: 6));
        for (int bit = 0; bit < 56 * 8; bit++)
        {
            AssertFlipDetected(file, bit);
        }
    }

    [Fact]
    public void SingleBitFlipsOfThePayload_AreDetectedByTheChecksum()
    {
        byte[] file = Encode(Sample(seed: 7));
        for (int bit = 56 * 8; bit < file.Length * 8; bit += 5)
        {
            var ex = AssertFlipDetected(file, bit);
            Assert.Contains("checksum mismatch", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AnotherFormatVersion_IsRefusedByName()
    {
        byte[] file = Encode(Sample(seed: 8));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), 2);
        var ex = Assert.Throws<InvalidInputException>(() => CheckpointReader.Decode(file, "new.spkm"));
        Assert.Equal("new.spkm: format version 2 is not supported (this build reads version 1)", ex.Message);
    }

    [Fact]
    public void AnotherFile_IsRefusedForItsMagic()
    {
        byte[] file = "{\"name\": \"igarss2023\"}                                            "u8.ToArray();
        var ex = Assert.Throws<InvalidInputException>(() => CheckpointReader.Decode(file, "preset.json"));
        Assert.Equal("preset.json: not a SpikeSeg checkpoint (wrong magic)", ex.Message);
    }

    [Fact]
    public void TrailingBytes_AreRefused()
    {
        byte[] file = [.. Encode(Sample(seed: 9)), 0];
        Assert.Contains("unexpected bytes", Assert.Throws<InvalidInputException>(() => CheckpointReader.Decode(file, "x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWellSealedButInconsistentPayload_IsRefused()
    {
        var wire = Wire.Checkpoint.Parser.ParseFrom(Encode(Sample(seed: 10)).AsSpan(CheckpointFileFormatHeader));
        wire.Layers[1].Weights.RemoveAt(0);
        var ex = Assert.Throws<InvalidInputException>(() => CheckpointReader.Decode(Seal(wire), "odd.spkm"));
        Assert.Equal("odd.spkm: layer 1 (conv2): 53 weights for shape [3,2,3,3] (54)", ex.Message);

        wire = Wire.Checkpoint.Parser.ParseFrom(Encode(Sample(seed: 10)).AsSpan(CheckpointFileFormatHeader));
        wire.NetworkSpecJson = wire.NetworkSpecJson.Replace("\"threshold\": 2", "\"threshold\": -2", StringComparison.Ordinal);
        ex = Assert.Throws<InvalidInputException>(() => CheckpointReader.Decode(Seal(wire), "odd.spkm"));
        Assert.Equal("odd.spkm: network spec: conv3.threshold = -2: must be > 0", ex.Message);

        wire = Wire.Checkpoint.Parser.ParseFrom(Encode(Sample(seed: 10)).AsSpan(CheckpointFileFormatHeader));
        wire.Progress.RngState.Clear();
        wire.Progress.RngState.AddRange([0UL, 0UL, 0UL, 0UL]);
        ex = Assert.Throws<InvalidInputException>(() => CheckpointReader.Decode(Seal(wire), "odd.spkm"));
        Assert.Equal("odd.spkm: progress.rngState: 4 words, must be 4 words not all zero", ex.Message);
    }

    [Fact]
    public void Writing_ReplacesTheOldFile_AndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "model.spkm");
        CheckpointWriter.Write(path, Sample(seed: 11));
        var second = Sample(seed: 12);
        CheckpointWriter.Write(path, second);

        Assert.Equal([path], Directory.GetFiles(_folder));
        Assert.Equal(Bits(second.Layers[2].Weights), Bits(CheckpointReader.Read(path).Layers[2].Weights));
    }

    [Fact]
    public void AFailedWrite_KeepsThePreviousCheckpoint()
    {
        string path = Path.Combine(_folder, "model.spkm");
        var good = Sample(seed: 13);
        CheckpointWriter.Write(path, good);
        byte[] before = File.ReadAllBytes(path);

        var broken = good with { Layers = [good.Layers[0], good.Layers[1]] };
        Assert.Throws<ArgumentException>(() => CheckpointWriter.Write(path, broken));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void AMissingFile_IsAnInputError()
    {
        string path = Path.Combine(_folder, "none.spkm");
        Assert.Equal($"{path}: checkpoint file not found", Assert.Throws<InvalidInputException>(() => CheckpointReader.Read(path)).Message);
    }

    private const int CheckpointFileFormatHeader = 56;

    private static InvalidInputException AssertFlipDetected(byte[] file, int bit)
    {
        byte[] copy = (byte[])file.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        var ex = Assert.Throws<InvalidInputException>(() => CheckpointReader.Decode(copy, "flip.spkm"));
        Assert.StartsWith("flip.spkm: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        return ex;
    }

    private byte[] Encode(ModelCheckpoint checkpoint)
    {
        string path = Path.Combine(_folder, $"{Guid.NewGuid():N}.spkm");
        CheckpointWriter.Write(path, checkpoint);
        return File.ReadAllBytes(path);
    }

    /// <summary>Wraps a payload in a correct header, as a well-behaved but buggy writer would.</summary>
    private static byte[] Seal(Wire.Checkpoint wire)
    {
        byte[] payload = wire.ToByteArray();
        var file = new byte[CheckpointFileFormatHeader + payload.Length];
        CheckpointFileFormat.WriteHeader(file, (int)wire.FormatVersion, payload);
        payload.CopyTo(file.AsSpan(CheckpointFileFormatHeader));
        return file;
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    /// <summary>The tiny network's checkpoint, weights drawn as raw bit patterns (NaN payloads, −0, subnormals, ∞ included).</summary>
    private static ModelCheckpoint Sample(ulong seed)
    {
        var spec = ValidSpecs.Tiny();
        var random = new DeterministicRandom(seed);
        LayerSpec[] layers = [spec.Conv1, spec.Conv2, spec.Conv3];
        int inputs = spec.Input.PolarityChannels;
        var states = new List<LayerState>();
        for (int i = 0; i < layers.Length; i++)
        {
            var l = layers[i];
            int[] shape = [l.Channels, inputs, l.KernelSize, l.KernelSize];
            var weights = new float[shape.Aggregate(1, (a, b) => a * b)];
            for (int w = 0; w < weights.Length; w++)
            {
                weights[w] = BitConverter.Int32BitsToSingle((int)random.NextUInt64());
            }

            weights[0] = -0f;
            weights[^1] = BitConverter.Int32BitsToSingle(0x7FC0_1234);
            var thresholds = Enumerable.Range(0, l.Channels).Select(_ => (float)random.NextDouble()).ToArray();
            var wins = Enumerable.Range(0, l.Channels).Select(_ => (long)random.NextUInt64() >> 1).ToArray();
            states.Add(new LayerState($"conv{i + 1}", shape, weights, thresholds, wins));
            inputs = l.Channels;
        }

        return new ModelCheckpoint
        {
            Spec = spec,
            Layers = states,
            Progress = new TrainingProgress
            {
                Phase = TrainingPhase.Training,
                CurrentLayer = 2,
                Epoch = 7,
                Step = 123_456_789_012,
                SamplesSeen = 4242,
                History = [new ConvergencePoint(1, 0, 0.25, 0.1875), new ConvergencePoint(1, 1, 1.0 / 3, double.Epsilon)],
                RngState = random.GetState(),
            },
        };
    }
}
