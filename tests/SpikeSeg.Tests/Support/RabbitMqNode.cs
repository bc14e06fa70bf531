using System.Diagnostics;

namespace SpikeSeg.Tests.Support;

/// <summary>
/// A real RabbitMQ node from Debian's rabbitmq-server, started by the test on 127.0.0.1 and a free port,
/// with its own HOME, data and log folders, and a loopback-only epmd (infra-recipes §1.2). Stopped by PID.
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    private const string Bin = "/usr/lib/rabbitmq/bin";
    private static readonly object EpmdLock = new();
    private static Process? _epmd;
    private Process? _server;

    public RabbitMqNode(string directory, int port, string nodeName, string? cookie = null)
    {
        Directory = directory;
        Port = port;
        NodeName = nodeName;
        Cookie = cookie;
    }

    public string Directory { get; }

    public int Port { get; }

    public string NodeName { get; }

    public string FullNodeName => NodeName + "@localhost";

    public string? Cookie { get; }

    public Uri AmqpUri => new($"amqp://guest:guest@127.0.0.1:{Port}/");

    public int? Pid => _server is { HasExited: false } ? _server.Id : null;

    public static bool IsInstalled => File.Exists(Path.Combine(Bin, "rabbitmq-server"));

    public static async Task<RabbitMqNode> StartAsync(string? name = null, string? cookie = null)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException("rabbitmq-server is not installed; scripts/test.sh installs it (apt-get install rabbitmq-server).");
        }

        string dir = Path.Combine(Path.GetTempPath(), "spikeseg-rmq-" + Guid.NewGuid().ToString("N")[..8]);
        var node = new RabbitMqNode(dir, FreePort.NextWithDistribution(), name ?? "rabbit-" + Guid.NewGuid().ToString("N")[..6], cookie);
        await node.StartAsync();
        return node;
    }

    public async Task StartAsync()
    {
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "mnesia"));
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "log"));
        File.WriteAllText(Path.Combine(Directory, "enabled_plugins"), "[].");
        File.WriteAllText(Path.Combine(Directory, "rabbitmq.conf"), $"listeners.tcp.1 = 127.0.0.1:{Port}\nloopback_users = none\nlog.console = false\n");
        if (Cookie is not null)
        {
            string cookiePath = Path.Combine(Directory, ".erlang.cookie");
            if (!File.Exists(cookiePath))
            {
                File.WriteAllText(cookiePath, Cookie);
                if (!OperatingSystem.IsWindows())
                {
                    // Erlang refuses a cookie file that others can read.
                    File.SetUnixFileMode(cookiePath, UnixFileMode.UserRead);
                }
            }
        }

        EnsureEpmd();
        var psi = new ProcessStartInfo(Path.Combine(Bin, "rabbitmq-server"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Configure(psi);
        _server = Process.Start(psi) ?? throw new InvalidOperationException("rabbitmq-server did not start.");
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(90));
    }

    /// <summary>Runs rabbitmqctl against this node; returns its output; throws on a non-zero exit.</summary>
    public async Task<string> CtlAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(Bin, "rabbitmqctl"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-n");
        psi.ArgumentList.Add(FullNodeName);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Configure(psi);
        using var p = Process.Start(psi)!;
        string output = await p.StandardOutput.ReadToEndAsync();
        string error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', args)} failed ({p.ExitCode}): {error}");
        }

        return output;
    }

    /// <summary>Graceful stop (rabbitmqctl shutdown), falling back to SIGTERM of the PID.</summary>
    public async Task StopAsync()
    {
        if (_server is null || _server.HasExited)
        {
            return;
        }

        try
        {
            await CtlAsync("shutdown").WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            _server.Kill(entireProcessTree: true);
        }

        await _server.WaitForExitAsync();
    }

    /// <summary>SIGKILL of the node's process tree, as a crash.</summary>
    public async Task KillAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _server?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Configure(ProcessStartInfo psi)
    {
        var env = psi.Environment;
        env["HOME"] = Directory;
        env["RABBITMQ_NODENAME"] = FullNodeName;
        env["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        env["RABBITMQ_NODE_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["RABBITMQ_DIST_PORT"] = (Port + 20000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["RABBITMQ_CONFIG_FILE"] = Path.Combine(Directory, "rabbitmq.conf");
        env["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(Directory, "enabled_plugins");
        env["RABBITMQ_MNESIA_BASE"] = Path.Combine(Directory, "mnesia");
        env["RABBITMQ_LOG_BASE"] = Path.Combine(Directory, "log");
        env["RABBITMQ_PID_FILE"] = Path.Combine(Directory, "rabbit.pid");
        env["ERL_EPMD_ADDRESS"] = "127.0.0.1";
        env["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}";
    }

    private static void EnsureEpmd()
    {
        lock (EpmdLock)
        {
            if (_epmd is { HasExited: false } || !FreePort.IsFree(4369))
            {
                return;
            }

            var psi = new ProcessStartInfo("epmd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            psi.Environment["ERL_EPMD_ADDRESS"] = "127.0.0.1";
            _epmd = Process.Start(psi);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    _epmd?.Kill();
                }
                catch (InvalidOperationException)
                {
                }
            };
            Thread.Sleep(300);
        }
    }
}
