using SpikeSeg.Core.Learning;

namespace SpikeSeg.Tests.Core.Learning;

public sealed class LibraryStdpTests
{
    private static readonly MultiplicativeRule Rule = new(0.04f, 0.03f);

    [Fact]
    public void Gather_PlacesTheWindowAndFillsOutsideWithInfinity()
    {
        var shape = new SpikeMapShape(1, 3, 3);
        float[] pre = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var field = new float[9];
        ReceptiveField.Gather(pre, shape, -1, 0, 3, field);
        float inf = float.PositiveInfinity;
        Assert.Equal([inf, inf, inf, 1, 2, 3, 4, 5, 6], field);
    }

    [Fact]
    public void GatherMisaligned_ShiftsTheTopLeftBorderField()
    {
        var shape = new SpikeMapShape(1, 3, 3);
        float[] pre = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var field = new float[9];
        ReceptiveField.GatherMisalignedAtBorder(pre, shape, 0, 0, 3, field);
        float inf = float.PositiveInfinity;
        // Rows/cols [0, 2) copied to the top-left, not offset by one as the aligned field would be.
        Assert.Equal([1, 2, inf, 4, 5, inf, inf, inf, inf], field);
    }

    [Fact]
    public void UpdateWeightsForWinner_WithPadding_UsesTheAlignedField()
    {
        var shape = new SpikeMapShape(1, 3, 3);
        var pre = new float[9];
        var weights = Enumerable.Repeat(0.5f, 9).ToArray();
        double metric = LibraryStdp.UpdateWeightsForWinner(weights, pre, shape, 0f, 0, 0, 3, 1, 1, Rule, new WeightBounds(0f, 1f));

        float[] expected = [0.4925f, 0.4925f, 0.4925f, 0.4925f, 0.51f, 0.51f, 0.4925f, 0.51f, 0.51f];
        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(expected[i], weights[i], 6);
        }

        double expectedMetric = ((5 * 0.4925 * 0.5075) + (4 * 0.51 * 0.49)) / 9;
        Assert.Equal(expectedMetric, metric, 6);
    }

    [Fact]
    public void BatchUpdate_CorrectedAlignment_AveragesPerFeature()
    {
        var kernel = new KernelShape(2, 1, 1);
        var pre = new SpikeMapShape(1, 2, 2);
        var post = new SpikeMapShape(2, 2, 2);
        float inf = float.PositiveInfinity;
        // Feature 0: two winners (causal, anti-causal); feature 1: one causal winner.
        float[] postTimes = [1, 0, inf, inf, 2, inf, inf, inf];
        float[] preTimes = [0, 1, 0, 0];
        var delta = new float[2];
        LibraryStdp.ComputeBatchUpdate([0.5f, 0.5f], kernel, preTimes, pre, postTimes, post, Rule, BatchUpdateAlignment.Corrected, delta);
        Assert.Equal((0.01f - 0.0075f) / 2f, delta[0], 6);
        Assert.Equal(0.01f, delta[1], 6);

        LibraryStdp.ComputeBatchUpdate([0.5f, 0.5f], kernel, preTimes, pre, postTimes, post, Rule, BatchUpdateAlignment.ReferenceMisaligned, delta);
        // Reference: divided by all three winners.
        Assert.Equal((0.01f - 0.0075f) / 3f, delta[0], 6);
        Assert.Equal(0.01f / 3f, delta[1], 6);
    }

    [Fact]
    public void BatchUpdate_CorrectedAndReference_AgreeAwayFromTheBorder()
    {
        var kernel = new KernelShape(1, 1, 3);
        var shape = new SpikeMapShape(1, 5, 5);
        var preTimes = Enumerable.Range(0, 25).Select(i => (float)(i % 4)).ToArray();
        var postTimes = Enumerable.Repeat(float.PositiveInfinity, 25).ToArray();
        postTimes[shape.IndexOf(0, 2, 2)] = 2f;
        var weights = Enumerable.Range(0, 9).Select(i => 0.1f * (i + 1)).ToArray();
        var corrected = new float[9];
        var reference = new float[9];
        LibraryStdp.ComputeBatchUpdate(weights, kernel, preTimes, shape, postTimes, shape, Rule, BatchUpdateAlignment.Corrected, corrected);
        LibraryStdp.ComputeBatchUpdate(weights, kernel, preTimes, shape, postTimes, shape, Rule, BatchUpdateAlignment.ReferenceMisaligned, reference);
        Assert.Equal(corrected, reference);
        Assert.Contains(corrected, d => d > 0);
        Assert.Contains(corrected, d => d < 0);
    }
}
