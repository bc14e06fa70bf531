using FsCheck;
using FsCheck.Fluent;
using SpikeSeg.Core;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Tests.Core.Network;

/// <summary>The linear channel split must give exactly the sorted order, and fall back for any other input order.</summary>
public sealed class CanonicalCellOrderTests
{
    [Fact]
    public void BinnerOrderAndShuffledOrderBothCanonicalise()
    {
        Prop.ForAll(NetworkScenarios.Seeds, seed =>
        {
            var r = new Random(seed);
            int channels = r.Next(1, 5), height = r.Next(1, 9), width = r.Next(1, 9);
            var binnerOrder = new List<InputCell>();
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        if (r.NextDouble() < 0.3)
                        {
                            binnerOrder.Add(new InputCell(c, y, x, (float)r.NextDouble()));
                        }
                    }
                }
            }

            var expected = binnerOrder.OrderBy(cell => cell.Channel).ThenBy(cell => cell.Y).ThenBy(cell => cell.X).ToArray();
            var shuffled = binnerOrder.OrderBy(_ => r.Next()).ToArray();
            foreach (var input in new[] { binnerOrder.ToArray(), shuffled })
            {
                var sorted = new List<InputCell>();
                InputCells.Canonicalize(input, channels, new CanonicalCellOrder(height, width), sorted);
                Assert.Equal(expected, sorted);
            }
        }).Check(NetworkScenarios.Runs(200));
    }

    [Fact]
    public void SplitRefusesDuplicatesAndLeavesTheCellsAlone()
    {
        InputCell[] cells = [new(1, 0, 0, 1f), new(0, 0, 1, 2f), new(0, 0, 1, 3f)];
        InputCell[] before = [.. cells];
        Assert.False(new CanonicalCellOrder(2, 2).TrySplitByChannel(cells, 2));
        Assert.Equal(before, cells);
        Assert.Throws<InvalidInputException>(() => InputCells.Canonicalize(cells, 2, 2, 2, []));
    }
}
