using SpikeSeg.Streaming.Formats;
using SpikeSeg.Streaming.Live;

namespace SpikeSeg.Host.Service;

/// <summary>One stream (camera): its network, source and sink.</summary>
internal sealed class StreamOptions
{
    /// <summary>Network preset name or path (used when the stream has no checkpoint yet).</summary>
    public string Preset { get; set; } = "sda-live";

    /// <summary>Online STDP learning while segmenting.</summary>
    public bool Learn { get; set; } = true;

    /// <summary>Overrides of the preset's firing thresholds (empty keeps the preset's).</summary>
    public float? Conv1Threshold { get; set; }

    public float? Conv2Threshold { get; set; }

    public float? Conv3Threshold { get; set; }

    public SourceOptions Source { get; set; } = new();

    /// <summary>Event filters before the network, in order (syntax of <c>spikeseg segment --filter</c>, docs/event-filters.md).</summary>
    public List<string> Filters { get; set; } = [];

    /// <summary>JSON Lines frames (docs/output-schema.md), appended; empty = frames/NAME.jsonl.</summary>
    public string FramesFile { get; set; } = "";

    /// <summary>Write a line for every step, also those without instances.</summary>
    public bool AllSteps { get; set; }

    /// <summary>Steps each layer actor's mailbox holds.</summary>
    public int MailboxCapacity { get; set; } = 64;
}

internal enum SourceKind
{
    Synthetic,
    File,

    /// <summary>A camera queue on RabbitMQ (docs/scale-out.md): this stream is the camera's consumer role.</summary>
    RabbitMq,

    /// <summary>Events in UDP datagrams (docs/udp-framing.md), received on <see cref="SourceOptions.Listen"/>.</summary>
    Udp,

    /// <summary>An AEDAT 4 stream from a DV-style TCP server at <see cref="SourceOptions.Host"/>:<see cref="SourceOptions.Port"/>.</summary>
    Aedat4Tcp,
}

internal enum Pacing
{
    /// <summary>Event time runs at wall-clock speed.</summary>
    Realtime,

    /// <summary>Event time runs <see cref="SourceOptions.SpeedFactor"/> times faster than the wall clock.</summary>
    Accelerated,

    /// <summary>As fast as the network takes events.</summary>
    Max,
}

/// <summary>Where a stream's events come from. Settings of other source types are ignored.</summary>
internal sealed class SourceOptions
{
    public SourceKind Type { get; set; } = SourceKind.Synthetic;

    /// <summary>Synthetic: scene name (SkyScenes.Names).</summary>
    public string Scene { get; set; } = "sda";

    /// <summary>Synthetic: scene length; empty = endless.</summary>
    public double? Seconds { get; set; }

    public ulong Seed { get; set; } = 1;

    /// <summary>File: any readable event format.</summary>
    public string Path { get; set; } = "";

    public EventFormat Format { get; set; } = EventFormat.Unknown;

    public Pacing Pacing { get; set; } = Pacing.Realtime;

    /// <summary>RabbitMQ: the broker's AMQP URI.</summary>
    public string Broker { get; set; } = "";

    /// <summary>RabbitMQ: the camera id (queue spikeseg.events.&lt;camera&gt;).</summary>
    public string Camera { get; set; } = "";

    /// <summary>RabbitMQ: unacknowledged batches (the backpressure bound).</summary>
    public int Prefetch { get; set; } = 16;

    /// <summary>RabbitMQ: save the camera's model every N committed batches into the stream's checkpoint folder.</summary>
    public int CheckpointEveryBatches { get; set; } = 50;

    public double SpeedFactor { get; set; } = 1;

    /// <summary>Udp: the address and port to receive on. Loopback by default: opening a port to the network is a deliberate choice.</summary>
    public string Listen { get; set; } = "127.0.0.1:5600";

    /// <summary>Udp: sensor width in pixels (datagrams carry no geometry; events outside it are malformed).</summary>
    public int Width { get; set; } = 240;

    /// <summary>Udp: sensor height in pixels.</summary>
    public int Height { get; set; } = 180;

    /// <summary>Udp: end the stream when the sender marks its end (a replay sent over UDP); a camera never does.</summary>
    public bool CompleteOnEndOfStream { get; set; }

    /// <summary>Aedat4Tcp: the DV server's host name or address.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Aedat4Tcp: the DV server's port.</summary>
    public int Port { get; set; } = 7777;

    /// <summary>
    /// Aedat4Tcp: keep (re)connecting with capped backoff when the server refuses, closes or breaks the connection,
    /// so a restarting camera server does not end the stream; false ends the stream with the connection.
    /// </summary>
    public bool Reconnect { get; set; } = true;

    /// <summary>Udp, Aedat4Tcp: packets held between the receiving thread and the network before shedding.</summary>
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Udp, Aedat4Tcp: what a full queue throws away (every shed event is counted).</summary>
    public ShedPolicy ShedPolicy { get; set; } = ShedPolicy.DropOldest;
}
