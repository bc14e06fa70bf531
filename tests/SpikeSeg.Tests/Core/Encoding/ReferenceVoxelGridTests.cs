using SpikeSeg.Core;
using SpikeSeg.Core.Encoding;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Tests.Core.Encoding;

public sealed class ReferenceVoxelGridTests
{
    private static readonly SensorGeometry Sensor = new(4, 3);

    [Theory]
    [InlineData(4, 2)]
    [InlineData(5, 2)]
    [InlineData(1, 0)]
    public void AllEqualTimestamps_GoToBinTHalf(int timesteps, int expectedBin)
    {
        var grid = Build([7, 7, 7], [0, 1, 2], [0, 0, 0], [1, 1, 1], new VoxelGridOptions(timesteps, 4, 3, false, Normalize: false));
        for (int t = 0; t < timesteps; t++)
        {
            float sum = grid.AsSpan(t * 12, 12).ToArray().Sum();
            Assert.Equal(t == expectedBin ? 3f : 0f, sum);
        }
    }

    [Fact]
    public void FirstEventGoesToBinZero_LastToBinTMinusOne_RelativeToTheSample()
    {
        // Span 1000 µs over T = 4: 0 → 0, 249 → 0, 250 → 0.999… → 0 (T − 1e−6 squeeze), 251 → 1, 1000 → 3.
        var grid = Build([5000, 5249, 5250, 5251, 6000], [0, 1, 2, 3, 0], [0, 0, 0, 0, 1], [1, 1, 1, 1, 1], new VoxelGridOptions(4, 4, 3, false, Normalize: false));
        Assert.Equal(1f, grid[(0 * 12) + 0]);
        Assert.Equal(1f, grid[(0 * 12) + 1]);
        Assert.Equal(1f, grid[(0 * 12) + 2]);
        Assert.Equal(1f, grid[(1 * 12) + 3]);
        Assert.Equal(1f, grid[(3 * 12) + 4]);
        Assert.Equal(5f, grid.Sum());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)] // 0.5 → 0 (half to even)
    [InlineData(2, 1)]
    [InlineData(3, 2)] // 1.5 → 2
    [InlineData(4, 2)]
    [InlineData(9, 2)] // clipped
    public void Resize_RoundsHalfToEven_AndClips(int x, int expected) =>
        Assert.Equal(expected, new CoordinateResize(5, 3).Map(x));

    [Fact]
    public void Resize_OfEqualSizes_CopiesAndClips()
    {
        var same = new CoordinateResize(10, 10);
        Assert.Equal(7, same.Map(7));
        Assert.Equal(9, same.Map(12));
        Assert.Equal(0, same.Map(-1));
    }

    [Fact]
    public void FixedRule_PutsOnInChannelZero_WhateverTheConvention()
    {
        var options = new VoxelGridOptions(1, 4, 3, true, Normalize: false);
        var zeroOne = Build([0, 1], [1, 2], [0, 0], [1, 0], options);
        var signed = Build([0, 1], [1, 2], [0, 0], [1, -1], options);
        Assert.Equal(zeroOne, signed);
        Assert.Equal(1f, zeroOne[1]);       // ON at x 1 → channel 0
        Assert.Equal(1f, zeroOne[12 + 2]);  // OFF at x 2 → channel 1
    }

    [Fact]
    public void ReferenceRule_DependsOnTheSample()
    {
        var options = new VoxelGridOptions(1, 4, 3, true, Normalize: false, PolarityChannelRule.ReferenceDataDependent);
        // 0/1 data: channel = p, so ON lands in channel 1.
        Assert.Equal(1f, Build([0, 1], [1, 2], [0, 0], [1, 0], options)[12 + 1]);
        // ±1 data: (1 − p) // 2, so ON lands in channel 0.
        Assert.Equal(1f, Build([0, 1], [1, 2], [0, 0], [1, -1], options)[1]);
        // All-ON sample: p − min(p) = 0, channel 0.
        Assert.Equal(1f, Build([0], [3], [0], [1], options)[3]);
    }

    [Fact]
    public void Normalisation_DividesEachTimestepByItsOwnMaximum()
    {
        var options = new VoxelGridOptions(2, 4, 3, false, Normalize: true);
        var grid = Build([0, 0, 0, 0, 100], [0, 0, 0, 1, 2], [0, 0, 0, 0, 0], [1, 1, 1, 1, 1], options);
        Assert.Equal(1f, grid[0]);
        Assert.Equal(1f / 3f, grid[1]);
        Assert.Equal(1f, grid[12 + 2]);
    }

    [Fact]
    public void NoEvents_GiveZeros()
    {
        var grid = Build([], [], [], [], new VoxelGridOptions(3, 4, 3, true));
        Assert.Equal(3 * 2 * 12, grid.Length);
        Assert.All(grid, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void AnOversizedGrid_IsAnInputError()
    {
        var ex = Assert.Throws<InvalidInputException>(() => Build([0], [0], [0], [1], new VoxelGridOptions(1000, 4096, 4096, true)));
        Assert.StartsWith("voxel.cells = ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PacketOverload_MatchesTheColumnOverload()
    {
        var packet = new EventPacket();
        packet.Add(10, 3, 2, Polarity.On);
        packet.Add(20, 0, 1, Polarity.Off);
        var options = new VoxelGridOptions(2, 4, 3, true);
        Assert.Equal(Build([10, 20], [3, 0], [2, 1], [1, 0], options), ReferenceVoxelGrid.Build(packet, Sensor, options));
    }

    private static float[] Build(long[] t, int[] x, int[] y, int[] p, VoxelGridOptions options) =>
        ReferenceVoxelGrid.Build(t, x, y, p, Sensor, options);
}
