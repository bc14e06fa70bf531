using SpikeSeg.Streaming.Formats;

namespace SpikeSeg.Tests.Streaming.Formats;

/// <summary>Readers over a non-seekable stream that hands out a few bytes per Read (stdin, sockets) decode exactly as from a file.</summary>
public sealed class PipeLikeStreamTests
{
    [Theory]
    [InlineData("evt2/prophesee_evt2_gen3_sparklers.raw")]
    [InlineData("evt3/prophesee_evt3_gen41_sample.raw")]
    [InlineData("dat/prophesee_dat_ncars_sample_b.dat")]
    [InlineData("aedat2/aedat2_davis240c_imu_translboxes.aedat")]
    [InlineData("aedat4/aedat4_davis346_lz4_events_frames_imu_triggers.aedat4")]
    [InlineData("nmnist/nmnist_slayer_sample_1.bs2")]
    [InlineData("npy/npy_structured_txyp_from_evt3_sample.npy")]
    [InlineData("mat/mat5_stmnist_tactile_sample.mat")]
    public void TrickledBytesDecodeLikeTheFile(string file)
    {
        string path = EventReading.Real(file);
        using var fromFile = EventReaders.Open(path);
        var expected = EventReading.ReadAll(fromFile);
        using var fromPipe = EventReaders.Open(new TrickleStream(File.ReadAllBytes(path)), "pipe" + Path.GetExtension(path));
        EventReading.AssertSame(expected, EventReading.ReadAll(fromPipe, 1000));
        Assert.Equal(fromFile.Info.OtherRecords, fromPipe.Info.OtherRecords);
    }

    /// <summary>Returns 1..4093 bytes per Read in a fixed pseudo-random pattern; cannot seek.</summary>
    private sealed class TrickleStream(byte[] data) : Stream
    {
        private int _position;
        private uint _state = 12345;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            _state = (_state * 1103515245) + 12345;
            int n = Math.Min(Math.Min(count, 1 + (int)((_state >> 8) % 4093)), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
