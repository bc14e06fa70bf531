namespace SpikeSeg.Core.Learning;

/// <summary>Shape of a [C, H, W] map (spike times, counts, potentials), row-major.</summary>
public readonly record struct SpikeMapShape(int Channels, int Height, int Width)
{
    public int PlaneLength => Height * Width;

    public int Length => Channels * Height * Width;

    public int IndexOf(int channel, int y, int x) => (((channel * Height) + y) * Width) + x;

    public bool Contains(int channel, int y, int x) =>
        (uint)channel < (uint)Channels && (uint)y < (uint)Height && (uint)x < (uint)Width;

    internal void RequireLength(int length, string name, int batch = 1)
    {
        if (Channels < 0 || Height < 0 || Width < 0)
        {
            throw new ArgumentOutOfRangeException(name, $"map shape [{Channels}, {Height}, {Width}] has a negative extent");
        }

        if (length != batch * Length)
        {
            throw new ArgumentException($"{name} holds {length} values, shape {batch}×[{Channels}, {Height}, {Width}] needs {batch * Length}.", name);
        }
    }
}

/// <summary>Shape of an OIHW convolution weight tensor [OutChannels, InChannels, Size, Size].</summary>
public readonly record struct KernelShape(int OutChannels, int InChannels, int Size)
{
    /// <summary>Weights of one output feature (its receptive field): InChannels·Size².</summary>
    public int PerFeature => InChannels * Size * Size;

    public int Length => OutChannels * PerFeature;

    internal void RequireLength(int length, string name)
    {
        if (OutChannels < 0 || InChannels < 0 || Size <= 0)
        {
            throw new ArgumentOutOfRangeException(name, $"kernel shape [{OutChannels}, {InChannels}, {Size}, {Size}] is not valid");
        }

        if (length != Length)
        {
            throw new ArgumentException($"{name} holds {length} values, kernel shape [{OutChannels}, {InChannels}, {Size}, {Size}] needs {Length}.", name);
        }
    }
}

/// <summary>A winner of the WTA competition: the neuron at (<paramref name="Y"/>, <paramref name="X"/>) of map <paramref name="Feature"/>.</summary>
public readonly record struct WtaWinner(int Feature, int Y, int X);
