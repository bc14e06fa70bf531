namespace SpikeSeg.Tests.Support;

/// <summary>
/// A fresh path under the system's temporary folder for one test class (not created: the code under test may
/// create it), deleted with everything in it on dispose.
/// </summary>
internal sealed class TempFolder(string prefix) : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
