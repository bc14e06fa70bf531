using Microsoft.Extensions.Logging;

namespace SpikeSeg.Tests.Support;

/// <summary>Appends log lines to a file; for diagnosing server-based tests after the fact.</summary>
public sealed class FileLogger(string path) : ILogger
{
    private static readonly object Gate = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Gate)
        {
            File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {formatter(state, exception)}\n");
        }
    }
}
