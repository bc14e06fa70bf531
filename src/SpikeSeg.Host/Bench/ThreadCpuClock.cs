using System.Globalization;

namespace SpikeSeg.Host.Bench;

/// <summary>
/// CPU time of the calling thread in nanoseconds, from <c>/proc/thread-self/schedstat</c> (Linux): on a machine
/// shared with other work, throughput per CPU second stays comparable where wall-clock throughput does not.
/// Returns null where the file does not exist.
/// </summary>
public static class ThreadCpuClock
{
    public static long? NowNs()
    {
        try
        {
            string text = File.ReadAllText("/proc/thread-self/schedstat");
            int space = text.IndexOf(' ', StringComparison.Ordinal);
            return long.Parse(space < 0 ? text.Trim() : text[..space], NumberStyles.Integer, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
