namespace SpikeSeg.Core.Network;

/// <summary>A CHW map of the first step (inside the window) at which each unit spiked; −1 = never.</summary>
public sealed class FirstSpikeTimes
{
    private readonly int[] times;

    public FirstSpikeTimes(int channels, int height, int width)
    {
        Channels = channels;
        Height = height;
        Width = width;
        times = new int[channels * height * width];
        Clear();
    }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    public ReadOnlySpan<int> Chw => times;

    public int At(int channel, int y, int x) => times[(((channel * Height) + y) * Width) + x];

    internal void Clear() => times.AsSpan().Fill(-1);

    internal void Record(int channel, int y, int x, int step)
    {
        ref int t = ref times[(((channel * Height) + y) * Width) + x];
        if (t < 0)
        {
            t = step;
        }
    }
}
