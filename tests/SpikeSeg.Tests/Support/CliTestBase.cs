using SpikeSeg.Host.Cli;

namespace SpikeSeg.Tests.Support;

/// <summary>CLI tests: a temporary folder per test class instance, and the verbs run in process through the executable's entry point.</summary>
public abstract class CliTestBase : IDisposable
{
    protected CliTestBase(string prefix) => Folder = Directory.CreateTempSubdirectory(prefix).FullName;

    protected string Folder { get; }

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected string P(string name) => Path.Combine(Folder, name);

    protected static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = SpikeSegCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
