namespace SpikeSeg.Host.Service.Sources;

/// <summary>Opens the source a stream's settings describe. Bad settings or unreadable input throw InvalidInputException.</summary>
internal static class EventSources
{
    public static IEventSource Open(SourceOptions options, TimeProvider time) => options.Type switch
    {
        SourceKind.Synthetic => new SyntheticEventSource(options, time),
        SourceKind.File => new FileEventSource(options, time),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Type, "unknown source type"),
    };
}
