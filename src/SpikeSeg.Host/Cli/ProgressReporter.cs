using Spectre.Console;

namespace SpikeSeg.Host.Cli;

/// <summary>
/// Progress for long work: a Spectre.Console bar on an interactive terminal, plain lines (at most one every
/// few seconds, and at the end) when output is redirected, so logs and CI stay readable.
/// </summary>
public sealed class ProgressReporter
{
    private readonly TextWriter _plain;
    private readonly TimeSpan _plainInterval;
    private DateTime _lastPlain = DateTime.MinValue;

    public ProgressReporter(TextWriter plain, TimeSpan? plainInterval = null)
    {
        _plain = plain;
        _plainInterval = plainInterval ?? TimeSpan.FromSeconds(2);
    }

    public static bool IsInteractive => !Console.IsOutputRedirected && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;

    /// <summary>Runs <paramref name="work"/>, which reports (done, total, status) through the callback it gets.</summary>
    public T Run<T>(string description, double total, Func<Action<double, string>, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!IsInteractive)
        {
            T result = work((done, status) => Plain(description, done, total, status, force: false));
            _plain.WriteLine($"{description}: done");
            return result;
        }

        T value = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(description, maxValue: Math.Max(total, 1));
                value = work((done, status) =>
                {
                    task.Value = Math.Min(done, task.MaxValue);
                    task.Description = status.Length == 0 ? description : $"{description} [grey]{Markup.Escape(status)}[/]";
                });
                task.Value = task.MaxValue;
            });
        return value;
    }

    private void Plain(string description, double done, double total, string status, bool force)
    {
        var now = DateTime.UtcNow;
        if (!force && now - _lastPlain < _plainInterval)
        {
            return;
        }

        _lastPlain = now;
        string percent = total > 0 ? $"{100.0 * done / total,5:F1}%" : "";
        _plain.WriteLine($"{description}: {percent} {status}".TrimEnd());
    }
}
