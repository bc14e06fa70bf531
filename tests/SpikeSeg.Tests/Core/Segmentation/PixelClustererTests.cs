using SpikeSeg.Core.Segmentation;

namespace SpikeSeg.Tests.Core.Segmentation;

public sealed class PixelClustererTests
{
    private const int Width = 40, Height = 30;

    private static int[] Clusters(PixelClusterer clusterer, int[] pixels, int radius, out int count)
    {
        var result = new int[pixels.Length];
        count = clusterer.Cluster(pixels, result, radius);
        return result;
    }

    private static int Flat(int x, int y) => (y * Width) + x;

    [Fact]
    public void TwoBlobsSplitAtTheirGapAndJoinWhenTheRadiusBridgesIt()
    {
        var clusterer = new PixelClusterer(Width, Height);
        // Columns 5–6 and 10–11 on one row: a gap of 4 columns between 6 and 10.
        int[] pixels = [Flat(10, 3), Flat(5, 3), Flat(11, 3), Flat(6, 3)];
        var three = Clusters(clusterer, pixels, 3, out int n3);
        Assert.Equal(2, n3);
        Assert.Equal([0, 1, 0, 1], three); // numbered by first appearance in the input
        Clusters(clusterer, pixels, 4, out int n4);
        Assert.Equal(1, n4);
    }

    [Fact]
    public void DistanceIsChebyshevAndClippedAtTheImageEdges()
    {
        var clusterer = new PixelClusterer(Width, Height);
        int[] diagonal = [Flat(0, 0), Flat(2, 2), Flat(Width - 1, Height - 1)];
        var c = Clusters(clusterer, diagonal, 2, out int n);
        Assert.Equal(2, n);
        Assert.Equal(c[0], c[1]);
        Assert.NotEqual(c[0], c[2]);
    }

    [Fact]
    public void MatchesABruteForceUnionFindOnRandomSets()
    {
        var clusterer = new PixelClusterer(Width, Height);
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            int[] pixels = Enumerable.Range(0, Width * Height).OrderBy(_ => random.Next()).Take(random.Next(0, 60)).ToArray();
            int radius = random.Next(1, 5);
            var got = Clusters(clusterer, pixels, radius, out int count);

            var parent = Enumerable.Range(0, pixels.Length).ToArray();
            int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
            for (int i = 0; i < pixels.Length; i++)
            {
                for (int j = i + 1; j < pixels.Length; j++)
                {
                    if (Math.Abs((pixels[i] % Width) - (pixels[j] % Width)) <= radius && Math.Abs((pixels[i] / Width) - (pixels[j] / Width)) <= radius)
                    {
                        parent[Find(i)] = Find(j);
                    }
                }
            }

            Assert.Equal(pixels.Select((_, i) => Find(i)).Distinct().Count(), count);
            for (int i = 0; i < pixels.Length; i++)
            {
                for (int j = 0; j < pixels.Length; j++)
                {
                    Assert.Equal(Find(i) == Find(j), got[i] == got[j]);
                }
            }
        }
    }

    [Fact]
    public void RejectsRepeatedPixelsAndStaysUsable()
    {
        var clusterer = new PixelClusterer(Width, Height);
        Assert.Throws<ArgumentException>(() => clusterer.Cluster([Flat(1, 1), Flat(1, 1)], new int[2], 1));
        Assert.Throws<ArgumentException>(() => clusterer.Cluster([Width * Height], new int[1], 1));
        Clusters(clusterer, [Flat(1, 1)], 1, out int n);
        Assert.Equal(1, n);
    }
}
