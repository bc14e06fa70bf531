namespace SpikeSeg.Streaming.Live;

/// <summary>
/// A read-only, forward-only stream that yields a few fixed bytes and then an inner stream: lets a network
/// stream that lacks the AEDAT 4 file magic be read by the file reader, byte for byte as the file would be.
/// </summary>
internal sealed class MagicPrefixedStream : Stream
{
    private readonly byte[] _prefix;
    private readonly Stream _inner;
    private int _prefixPosition;

    public MagicPrefixedStream(byte[] prefix, Stream inner)
    {
        _prefix = prefix;
        _inner = inner;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_prefixPosition < _prefix.Length)
        {
            int take = Math.Min(buffer.Length, _prefix.Length - _prefixPosition);
            _prefix.AsSpan(_prefixPosition, take).CopyTo(buffer);
            _prefixPosition += take;
            return take;
        }

        return _inner.Read(buffer);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
