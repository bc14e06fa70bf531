using SpikeSeg.Core;

namespace SpikeSeg.Streaming.Filters;

internal static class FilterSettings
{
    public static void Require(bool ok, string filter, string setting, string problem)
    {
        if (!ok)
        {
            throw new InvalidInputException($"filter '{filter}' setting '{setting}': {problem}");
        }
    }
}
