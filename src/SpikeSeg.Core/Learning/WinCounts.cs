namespace SpikeSeg.Core.Learning;

/// <summary>How often each feature of a layer has won the WTA since the layer's training began (§8).</summary>
public sealed class WinCounts(int features)
{
    private readonly int[] _wins = new int[features];

    public ReadOnlySpan<int> Wins => _wins;

    public int Features => _wins.Length;

    public void Record(ReadOnlySpan<WtaWinner> winners)
    {
        foreach (var w in winners)
        {
            if ((uint)w.Feature < (uint)_wins.Length)
            {
                _wins[w.Feature]++;
            }
        }
    }

    public void Reset() => Array.Clear(_wins);

    /// <summary>Fraction of features with at least <paramref name="minWins"/> wins (0 for a layer without features).</summary>
    public double RatioWithAtLeast(int minWins) => RatioWithAtLeast(_wins, minWins);

    public static double RatioWithAtLeast(ReadOnlySpan<int> wins, int minWins)
    {
        if (wins.IsEmpty)
        {
            return 0.0;
        }

        int enough = 0;
        foreach (int n in wins)
        {
            if (n >= minWins)
            {
                enough++;
            }
        }

        return (double)enough / wins.Length;
    }
}
