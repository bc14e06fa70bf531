namespace SpikeSeg.Core.Learning;

/// <summary>
/// The trainer's spatial cooldown (§5.1): wins per (feature, y, x) in the current epoch; a location that has
/// won <see cref="MaxWinsPerEpoch"/> times is excluded from the search until <see cref="Clear"/> (start of
/// every epoch and of every layer's training).
/// </summary>
public sealed class SpatialCooldown
{
    /// <summary>The reference's hard-coded limit.</summary>
    public const int ReferenceMaxWinsPerEpoch = 1000;

    private readonly int[] _wins;

    public SpatialCooldown(SpikeMapShape shape, int maxWinsPerEpoch = ReferenceMaxWinsPerEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWinsPerEpoch);
        Shape = shape;
        MaxWinsPerEpoch = maxWinsPerEpoch;
        _wins = new int[shape.Length];
    }

    public SpikeMapShape Shape { get; }

    public int MaxWinsPerEpoch { get; }

    public int WinsAt(int feature, int y, int x) => _wins[Shape.IndexOf(feature, y, x)];

    public bool IsCooled(int flatIndex) => _wins[flatIndex] >= MaxWinsPerEpoch;

    public void Record(WtaWinner winner) => _wins[Shape.IndexOf(winner.Feature, winner.Y, winner.X)]++;

    public void Clear() => Array.Clear(_wins);
}
