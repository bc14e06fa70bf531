namespace SpikeSeg.Host.Cli;

/// <summary>Process exit codes of every verb (design.md §6).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int BadInput = 1;
    public const int BadUsage = 2;
}
