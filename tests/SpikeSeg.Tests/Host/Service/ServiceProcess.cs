using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.Service;

/// <summary>
/// <c>spikeseg run</c> as a child process (<c>dotnet spikeseg.dll</c>) with a JSON config written into a temporary
/// folder, its stdout and stderr collected line by line. Stopped by PID with SIGTERM or SIGKILL.
/// </summary>
internal sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _out = new();
    private readonly ConcurrentQueue<string> _err = new();

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(20) };
    }

    public int Port { get; }

    public HttpClient Http { get; }

    public int Pid => _process.Id;

    public IReadOnlyList<string> Output => [.. _out];

    public IReadOnlyList<string> Errors => [.. _err];

    public static string SpikeSegDll
    {
        get
        {
            string beside = Path.Combine(AppContext.BaseDirectory, "spikeseg.dll");
            if (File.Exists(Path.Combine(AppContext.BaseDirectory, "spikeseg.runtimeconfig.json")))
            {
                return beside;
            }

            string configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
            return Path.Combine(SharedPaths.RepositoryRoot, "src", "SpikeSeg.Host", "bin", configuration, "net10.0", "spikeseg.dll");
        }
    }

    /// <summary>Starts the service in <paramref name="workDir"/> with <paramref name="config"/> as its configuration file.</summary>
    public static ServiceProcess Start(string workDir, object config, int port)
    {
        Directory.CreateDirectory(workDir);
        string configPath = Path.Combine(workDir, "service.json");
        File.WriteAllText(configPath, JsonSerializer.Serialize(config));
        return StartRaw(workDir, port, "run", "--config", configPath);
    }

    public static ServiceProcess StartRaw(string workDir, int port, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(SpikeSegDll);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_gcServer"] = "0";
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var service = new ServiceProcess(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { service._out.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { service._err.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Polls /readyz until it answers 200.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"spikeseg run exited with {_process.ExitCode}: {string.Join(" | ", Errors)} {string.Join(" | ", Output)}");
            }

            try
            {
                using var response = await Http.GetAsync("readyz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"/readyz not ready after {timeout}; output: {string.Join(" | ", Output)}");
    }

    public async Task<JsonElement> StatusAsync()
    {
        string json = await Http.GetStringAsync("status");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>Polls /status until <paramref name="condition"/> holds for it.</summary>
    public async Task<JsonElement> WaitStatusAsync(Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await StatusAsync();
            if (condition(status))
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"/status condition not met after {timeout}: {status}");
            }

            await Task.Delay(200);
        }
    }

    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public void Terminate() => Signal(15);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal(9);
            await _process.WaitForExitAsync();
        }

        Http.Dispose();
        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
