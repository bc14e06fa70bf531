namespace SpikeSeg.Core.Encoding;

/// <summary>Shape and encoding of a reference voxel grid <c>(T, C, H, W)</c>.</summary>
/// <param name="Timesteps">T, the number of time bins spanning the sample.</param>
/// <param name="Width">Network input width W.</param>
/// <param name="Height">Network input height H.</param>
/// <param name="PolarityChannels">True: C = 2 (one channel per polarity); false: C = 1 (merged).</param>
/// <param name="Normalize">Divide each timestep by its own maximum over all channels and pixels.</param>
/// <param name="Rule">Polarity → channel rule when <paramref name="PolarityChannels"/> is set.</param>
public sealed record VoxelGridOptions(
    int Timesteps,
    int Width,
    int Height,
    bool PolarityChannels,
    bool Normalize = true,
    PolarityChannelRule Rule = PolarityChannelRule.FixedOnFirst)
{
    /// <summary>Upper bound on T·C·H·W so a bad setting cannot make the grid allocate without limit.</summary>
    public const long MaxCells = 1L << 28;

    public int Channels => PolarityChannels ? 2 : 1;

    public long CellCount => (long)Timesteps * Channels * Height * Width;
}
