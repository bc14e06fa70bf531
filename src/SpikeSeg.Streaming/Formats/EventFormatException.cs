using SpikeSeg.Core;

namespace SpikeSeg.Streaming.Formats;

/// <summary>
/// The documented failure of every event reader and writer: the bytes at <see cref="ByteOffset"/> of
/// <see cref="SourceName"/> do not follow the format. The message is one line naming both.
/// </summary>
public sealed class EventFormatException : InvalidInputException
{
    public EventFormatException(string sourceName, long byteOffset, string problem)
        : base($"{sourceName}: byte offset {byteOffset}: {problem}")
    {
        SourceName = sourceName;
        ByteOffset = byteOffset;
    }

    public EventFormatException(string sourceName, long byteOffset, string problem, Exception inner)
        : base($"{sourceName}: byte offset {byteOffset}: {problem}", inner)
    {
        SourceName = sourceName;
        ByteOffset = byteOffset;
    }

    public EventFormatException()
    {
        SourceName = string.Empty;
    }

    public EventFormatException(string message)
        : base(message)
    {
        SourceName = string.Empty;
    }

    public EventFormatException(string message, Exception inner)
        : base(message, inner)
    {
        SourceName = string.Empty;
    }

    public string SourceName { get; }

    public long ByteOffset { get; }
}
