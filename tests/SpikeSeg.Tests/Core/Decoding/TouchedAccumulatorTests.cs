using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Tests.Core.Decoding;

public sealed class TouchedAccumulatorTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(2, 5)]
    [InlineData(4, 5)]
    [InlineData(3, 7)]
    [InlineData(8, 5)]
    [InlineData(36, 3)]
    public void FastScatter_EqualsScalarScatter_AndMarksTheSamePixelsInTheSameOrder(int targets, int kernelSize)
    {
        var random = new Random((targets * 100) + kernelSize);
        var kernel = TransposedKernel.From(DecoderTestModels.RandomBank(random, 3, targets, kernelSize, -1f, 1f));
        var fast = new TouchedAccumulator();
        var scalar = new TouchedAccumulator();
        var marked = new TouchedAccumulator();
        var setOnly = new TouchedAccumulator(firstTouchOrder: false);
        for (int round = 0; round < 4; round++)
        {
            // Widths around one and two bitmap words; every border, so kernels are clipped on each side.
            int height = random.Next(1, 12), width = new[] { 1, 5, 63, 64, 65, 130 }[random.Next(6)];
            fast.Begin(height, width, targets);
            scalar.Begin(height, width, targets);
            marked.Begin(height, width, targets);
            setOnly.Begin(height, width, targets);
            var expected = new float[height * width * targets];
            for (int i = 0; i < 30; i++)
            {
                int y = random.Next(3) == 0 ? (random.Next(2) == 0 ? 0 : height - 1) : random.Next(height);
                int x = random.Next(3) == 0 ? (random.Next(2) == 0 ? 0 : width - 1) : random.Next(width);
                var cell = new ActiveCell(random.Next(3), y, x, random.Next(2) == 0 ? 1f : random.NextSingle() * 2f);
                fast.Scatter(kernel, cell);
                setOnly.Scatter(kernel, cell);
                scalar.Scatter(kernel, cell, vectorized: false);
                marked.MarkUnchecked(kernel, cell.Channel, cell.Y, cell.X);
                TransposedConvolution.ScatterCell(expected, height, width, kernel, cell, vectorized: false);
            }

            Assert.Equal(expected, fast.Values.ToArray());
            Assert.Equal(expected, scalar.Values.ToArray());
            Assert.Equal(scalar.TouchedPixels.ToArray(), fast.TouchedPixels.ToArray());
            Assert.Equal(scalar.TouchedPixels.ToArray(), marked.TouchedPixels.ToArray());
            Assert.All(marked.Values.ToArray(), v => Assert.Equal(0f, v));
            Assert.Equal(expected, setOnly.Values.ToArray());
            Assert.Equal(0, setOnly.TouchedPixels.Length);
            var ascending = new List<int>();
            setOnly.Rows.AppendAscending(ascending);
            Assert.Equal(fast.TouchedPixels.ToArray().Order(), ascending);
        }
    }

    [Fact]
    public void Begin_ZeroesWhatThePreviousUseTouched()
    {
        var random = new Random(3);
        var kernel = TransposedKernel.From(DecoderTestModels.RandomBank(random, 1, 2, 5, 0.5f, 1f));
        var accumulator = new TouchedAccumulator();
        accumulator.Begin(20, 70, 2);
        accumulator.Scatter(kernel, new ActiveCell(0, 3, 66, 1f));
        accumulator.Scatter(kernel, new ActiveCell(0, 19, 0, 1f));
        accumulator.Begin(20, 70, 2);
        Assert.All(accumulator.Values.ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(0, accumulator.TouchedPixels.Length);
    }

    [Fact]
    public void SourceNearWindow_EqualsSource_ForEveryPoolShape_AndForIndicesOutsideTheirWindow()
    {
        var random = new Random(5);
        foreach (var pool in new PoolSpec[] { new(2, 2), new(3, 2), new(2, 1), new(3, 3), new(1, 1) })
        {
            var map = DecoderTestModels.RandomIndices(random, 3, 17, 23, pool);
            for (int n = 0; n < map.FlatIndices.Length; n++)
            {
                int c = n / (map.PooledHeight * map.PooledWidth), y = (n / map.PooledWidth) % map.PooledHeight, x = n % map.PooledWidth;
                Assert.Equal(map.Source(c, y, x), map.SourceNearWindow(c, y, x));

                // The array is live: an index written outside its window must still resolve like Source.
                int saved = map.FlatIndices[n];
                map.FlatIndices[n] = random.Next(17 * 23);
                Assert.Equal(map.Source(c, y, x), map.SourceNearWindow(c, y, x));
                map.FlatIndices[n] = saved;
            }
        }
    }
}
