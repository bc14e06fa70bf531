using Microsoft.Extensions.Logging;

namespace SpikeSeg.Host.Service.Sources;

/// <summary>Opens the source a stream's settings describe. Bad settings or unreadable input throw InvalidInputException.</summary>
internal static class EventSources
{
    public static async ValueTask<IEventSource> OpenAsync(SourceOptions options, TimeProvider time, ILogger log, CancellationToken ct) => options.Type switch
    {
        SourceKind.Synthetic => new SyntheticEventSource(options, time),
        SourceKind.File => new FileEventSource(options, time),
        SourceKind.Udp => new UdpStreamSource(options),
        SourceKind.Aedat4Tcp => await Aedat4TcpStreamSource.ConnectAsync(options, log, ct).ConfigureAwait(false),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Type, "not a source that streams open themselves"),
    };
}
