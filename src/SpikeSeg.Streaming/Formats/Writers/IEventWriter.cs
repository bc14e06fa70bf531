using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats.Writers;

/// <summary>Writes event packets in one format. Timestamps must not decrease; Dispose finishes the file.</summary>
public interface IEventWriter : IDisposable
{
    void Write(EventPacket packet);
}
