using SpikeSeg.Core;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Tests.Core.Network;

public sealed class InputCellsTests
{
    [Fact]
    public void CanonicalOrderIsChannelThenRowThenColumn()
    {
        var sorted = new List<InputCell>();
        InputCells.Canonicalize([new(1, 0, 0, 1f), new(0, 2, 1, 2f), new(0, 2, 0, 3f), new(0, 0, 3, 4f)], 2, 3, 4, sorted);
        Assert.Equal([new InputCell(0, 0, 3, 4f), new(0, 2, 0, 3f), new(0, 2, 1, 2f), new(1, 0, 0, 1f)], sorted);
    }

    [Fact]
    public void DenseFramesRoundTrip()
    {
        float[] frame = [0, 1.5f, 0, 0, -2f, 0, 0, 0, 3f, 0, 0, 0];
        var cells = new List<InputCell>();
        InputCells.FromDense(frame, 2, 2, 3, cells);
        Assert.Equal([new InputCell(0, 0, 1, 1.5f), new(0, 1, 1, -2f), new(1, 0, 2, 3f)], cells);
        var back = new float[12];
        InputCells.ToDense(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(cells), 2, 3, back);
        Assert.Equal(frame, back);
    }

    [Theory]
    [InlineData(2, 0, 0, 1f, "outside")]
    [InlineData(0, -1, 0, 1f, "outside")]
    [InlineData(0, 0, 4, 1f, "outside")]
    [InlineData(0, 0, 0, float.NaN, "non-finite")]
    public void BadCellsGetAOneLineError(int channel, int y, int x, float value, string expected)
    {
        var ex = Assert.Throws<InvalidInputException>(() => InputCells.Canonicalize([new InputCell(channel, y, x, value)], 2, 3, 4, []));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        var scan = Assert.Throws<InvalidInputException>(() => InputCells.CheckAndTestCanonical([new InputCell(0, 0, 0, 1f), new InputCell(channel, y, x, value)], 2, 3, 4));
        Assert.Equal(ex.Message, scan.Message);
    }

    [Fact]
    public void OnlyStrictlyAscendingCanonicalInputPassesAsAlreadyOrdered()
    {
        Assert.True(InputCells.CheckAndTestCanonical([], 2, 3, 4));
        Assert.True(InputCells.CheckAndTestCanonical([new(0, 0, 3, 4f), new(0, 2, 0, 3f), new(0, 2, 1, 2f), new(1, 0, 0, 1f)], 2, 3, 4));
        Assert.False(InputCells.CheckAndTestCanonical([new(0, 2, 1, 2f), new(0, 2, 0, 3f)], 2, 3, 4));
        Assert.False(InputCells.CheckAndTestCanonical([new(1, 0, 0, 1f), new(0, 2, 1, 2f)], 2, 3, 4));
        // A repeated cell is not ascending: it goes to the sorting path, which rejects it.
        Assert.False(InputCells.CheckAndTestCanonical([new(0, 1, 1, 1f), new(0, 1, 1, 1f)], 1, 3, 3));
    }

    [Fact]
    public void DuplicateCellsAreRejected()
    {
        var ex = Assert.Throws<InvalidInputException>(() => InputCells.Canonicalize([new(0, 1, 1, 1f), new(0, 0, 0, 1f), new(0, 1, 1, 1f)], 1, 3, 3, []));
        Assert.Contains("twice", ex.Message, StringComparison.Ordinal);
    }
}
