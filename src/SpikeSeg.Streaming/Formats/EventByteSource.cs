namespace SpikeSeg.Streaming.Formats;

/// <summary>
/// A forward-only window over a stream with an absolute byte position, so readers decode straight from
/// a reused buffer and can name the offset of any bad byte. The window grows only when the bytes that
/// fill it have actually arrived, so no declared size can make it allocate more than the input holds.
/// </summary>
public sealed class EventByteSource : IDisposable
{
    /// <summary>Largest single contiguous window any reader may ask for.</summary>
    public const int MaxWindowBytes = 256 << 20;

    /// <summary>The window readers of files start with.</summary>
    public const int DefaultWindowBytes = 1 << 20;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _endOfStream;

    public EventByteSource(Stream stream, string sourceName, bool ownsStream = true, int windowBytes = DefaultWindowBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _ownsStream = ownsStream;
        Name = sourceName;
        _buffer = new byte[Math.Max(64, windowBytes)];
    }

    public string Name { get; }

    /// <summary>Absolute offset of the first unconsumed byte.</summary>
    public long Position => _bufferOffset + _start;

    public int Available => _end - _start;

    /// <summary>The unconsumed bytes currently in the window.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(_start, _end - _start);

    /// <summary>True once the stream is exhausted and every byte has been consumed.</summary>
    public bool AtEnd => Available == 0 && !Ensure(1);

    /// <summary>Makes at least <paramref name="count"/> bytes available; false if the stream ends first.</summary>
    public bool Ensure(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (count > MaxWindowBytes)
        {
            throw Error(Position, $"a record of {count} bytes exceeds the {MaxWindowBytes} byte limit");
        }

        while (_end - _start < count && !_endOfStream)
        {
            if (_end == _buffer.Length)
            {
                if (_start > 0)
                {
                    Compact();
                }
                else
                {
                    // The window is full of bytes that really arrived: doubling it is justified by the input.
                    Array.Resize(ref _buffer, (int)Math.Min(MaxWindowBytes, (long)_buffer.Length * 2));
                }
            }

            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
        }

        return _end - _start >= count;
    }

    /// <summary>Moves the unconsumed tail to the front and reads until the window is at least half full or the stream ends; returns <see cref="Available"/>.</summary>
    public int Fill()
    {
        if (_start > 0)
        {
            Compact();
        }

        while (_end < _buffer.Length / 2 && !_endOfStream)
        {
            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
        }

        return Available;
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Available);
        _start += count;
    }

    /// <summary>Consumes <paramref name="count"/> bytes without keeping them; false if the stream ends first.</summary>
    public bool Skip(long count)
    {
        while (count > 0)
        {
            if (Available == 0 && !Ensure(1))
            {
                return false;
            }

            int step = (int)Math.Min(count, Available);
            _start += step;
            count -= step;
        }

        return true;
    }

    /// <summary>Copies exactly <paramref name="count"/> bytes into <paramref name="destination"/>; false if the stream ends first.</summary>
    public bool ReadInto(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (Available == 0 && !Ensure(1))
            {
                return false;
            }

            int step = Math.Min(destination.Length, Available);
            Span[..step].CopyTo(destination);
            destination = destination[step..];
            _start += step;
        }

        return true;
    }

    /// <summary>
    /// Reads a line terminated by '\n' (the terminator is consumed, a trailing '\r' dropped) as Latin-1 text;
    /// null at the end of the stream. A line that ends at the end of the stream is returned as is.
    /// </summary>
    public string? ReadLine(int maxLineBytes = 1 << 20)
    {
        int scanned = 0;
        while (true)
        {
            int newline = Span[scanned..].IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return TakeLine(scanned + newline, 1);
            }

            scanned = Available;
            if (scanned > maxLineBytes)
            {
                throw Error(Position, $"text line longer than {maxLineBytes} bytes");
            }

            if (!Ensure(scanned + 1))
            {
                return scanned == 0 ? null : TakeLine(scanned, 0);
            }
        }
    }

    public EventFormatException Error(long offset, string problem) => new(Name, offset, problem);

    public void Dispose()
    {
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    private string TakeLine(int length, int terminator)
    {
        var line = Span[..length];
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        string text = System.Text.Encoding.Latin1.GetString(line);
        _start += length + terminator;
        return text;
    }

    private void Compact()
    {
        int live = _end - _start;
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, live);
        _bufferOffset += _start;
        _start = 0;
        _end = live;
    }
}
