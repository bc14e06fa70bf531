using System.Net.Sockets;
using SpikeSeg.Core;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats;
using SpikeSeg.Streaming.Formats.Aedat4;

namespace SpikeSeg.Streaming.Live;

/// <summary>
/// A live source over a byte stream: an AEDAT 4 stream from a DV server over TCP, or EVT 2/3 (any readable
/// format) from stdin or another stream. One dedicated thread decodes with the ordinary file reader into pooled
/// packets and hands each to a <see cref="SheddingPacketQueue"/> without ever blocking on the consumer, so a slow
/// pipeline costs shed packets (counted, by <see cref="LiveSourceOptions.ShedPolicy"/>), never memory or a stalled
/// camera. Accounting: <c>EventsRead == EventsDelivered + EventsShed + events still queued</c>.
/// A byte stream has no resynchronisation point, so malformed input ends the stream with the reader's
/// <see cref="EventFormatException"/>, raised to the consumer after the good packets before it.
/// </summary>
public sealed class LiveEventSource : IAsyncDisposable
{
    private readonly IEventReader _reader;
    private readonly IDisposable _connection;
    private readonly LiveSourceOptions _options;
    private readonly EventPacketPool _pool;
    private readonly Task _loop;
    private volatile bool _stopping;
    private long _packetsRead;
    private long _eventsRead;
    private Exception? _error;

    private LiveEventSource(IEventReader reader, IDisposable connection, LiveSourceOptions options)
    {
        _reader = reader;
        _connection = connection;
        _options = options;
        _pool = new EventPacketPool(options.QueueCapacity + 4, options.MaxEventsPerPacket);
        Queue = new SheddingPacketQueue(options.QueueCapacity, options.ShedPolicy, _pool);
        _loop = Task.Factory.StartNew(ReadLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Format, geometry and metadata from the header; its record counts are final once <see cref="Completion"/> ends.</summary>
    public EventStreamInfo Info => _reader.Info;

    public SheddingPacketQueue Queue { get; }

    /// <summary>Ends when the input ends, fails, or the source is disposed; the queue is then complete.</summary>
    public Task Completion => _loop;

    /// <summary>The error that ended the input early, if any (also raised by <see cref="ReadAllAsync"/>).</summary>
    public Exception? Error => Volatile.Read(ref _error);

    public long PacketsRead => Interlocked.Read(ref _packetsRead);

    public long EventsRead => Interlocked.Read(ref _eventsRead);

    /// <summary>Packets ever allocated: bounded by the queue capacity plus what the consumer holds.</summary>
    public long PacketsAllocated => _pool.Created;

    /// <summary>
    /// Connects to a DV-style AEDAT 4 server (IOHeader, then packets). The file magic <c>#!AER-DAT4.0</c> may be
    /// present or not; without it the stream is read as if it were there, so data table positions keep file meaning.
    /// </summary>
    public static async Task<LiveEventSource> ConnectAedat4Async(string host, int port, LiveSourceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        options ??= new LiveSourceOptions();
        options.Validate();
        string name = $"tcp://{host}:{port}";
        var client = new TcpClient { NoDelay = true };
        try
        {
            try
            {
                await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                throw new InvalidInputException($"{name}: cannot connect: {ex.Message}", ex);
            }

            var network = client.GetStream();
            var reader = await OpenAsync(() => OpenAedat4(network, name), client, name, cancellationToken).ConfigureAwait(false);
            return new LiveEventSource(reader, client, options);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads events live from <paramref name="stream"/> (stdin, a pipe, a socket's stream), which the source then owns.
    /// The format is detected from the content unless given; EVT 2/3 is what a camera pipes.
    /// </summary>
    public static async Task<LiveEventSource> FromStreamAsync(Stream stream, string sourceName, LiveSourceOptions? options = null, EventFormat format = EventFormat.Unknown, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= new LiveSourceOptions();
        options.Validate();
        try
        {
            var reader = await OpenAsync(() => EventReaders.Open(stream, sourceName, format, null, options.ReadWindowBytes), stream, sourceName, cancellationToken).ConfigureAwait(false);
            return new LiveEventSource(reader, stream, options);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Every handed-off packet until the input ends; raises the input's error after the packets before it.</summary>
    public IAsyncEnumerable<EventPacket> ReadAllAsync(CancellationToken cancellationToken = default) => Queue.ReadAllAsync(cancellationToken);

    /// <summary>Gives a consumed packet back for reuse.</summary>
    public void Return(EventPacket packet) => _pool.Return(packet);

    /// <summary>
    /// Stops reading; queued packets stay readable. A socket read is ended by closing the socket, so for TCP this
    /// waits for the reading thread. A blocked read on a pipe or stdin cannot be interrupted (closing the pipe
    /// under it left the read hanging even after the writer closed, observed on Linux), so for a stream the
    /// thread is not awaited: it stops, and disposes the reader and the stream, when its current read returns.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (_connection is TcpClient)
        {
            _connection.Dispose();
            await _loop.ConfigureAwait(false);
        }
    }

    private static Aedat4Reader OpenAedat4(Stream network, string name)
    {
        byte[] magic = System.Text.Encoding.ASCII.GetBytes(Aedat4Reader.Magic);
        byte[] first = new byte[magic.Length];
        int got = network.ReadAtLeast(first, first.Length, throwOnEndOfStream: false);
        byte[] prefix = got == magic.Length && first.AsSpan().SequenceEqual(magic)
            ? first
            : [.. magic, .. first.AsSpan(0, got)];
        var source = new EventByteSource(new MagicPrefixedStream(prefix, network), name);
        try
        {
            return Aedat4Reader.Open(source, new EventStreamInfo(EventFormat.Aedat4, name));
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Runs a blocking header read off the caller's thread; cancelling closes the connection to end it.</summary>
    private static async Task<IEventReader> OpenAsync(Func<IEventReader> open, IDisposable connection, string name, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(connection.Dispose);
        try
        {
            return await Task.Run(open, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidInputException($"{name}: the connection failed while reading the header: {ex.Message}", ex);
        }
    }

    private void ReadLoop()
    {
        try
        {
            while (!_stopping)
            {
                var packet = _pool.Rent();
                int read = _reader.Read(packet, _options.MaxEventsPerPacket);
                if (read == 0)
                {
                    _pool.Return(packet);
                    return;
                }

                Interlocked.Increment(ref _packetsRead);
                Interlocked.Add(ref _eventsRead, read);
                if (!Queue.TryWrite(packet))
                {
                    _pool.Return(packet); // cannot happen while the loop runs: only the loop completes the queue
                }
            }
        }
        catch (Exception ex) when (_stopping && ex is IOException or ObjectDisposedException or EventFormatException)
        {
            // Disposed while a read was blocked: closing the connection is how the read is ended.
        }
        catch (EventFormatException ex)
        {
            Fail(ex);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            Fail(new InvalidInputException($"{Info.SourceName}: the connection failed after {EventsRead} events: {ex.Message}", ex));
        }
        finally
        {
            Queue.Complete(Volatile.Read(ref _error));
            _reader.Dispose();
        }
    }

    private void Fail(Exception error) => Volatile.Write(ref _error, error);
}
