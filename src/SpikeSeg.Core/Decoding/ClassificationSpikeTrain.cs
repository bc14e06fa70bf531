namespace SpikeSeg.Core.Decoding;

/// <summary>
/// The classification spikes of one sample, <c>[Timesteps, Classes, Height, Width]</c> sparse, kept in the
/// reference's iteration order (timestep, class, row-major).
/// </summary>
public sealed class ClassificationSpikeTrain
{
    private readonly ClassificationSpike[] _spikes;

    public ClassificationSpikeTrain(IEnumerable<ClassificationSpike> spikes, int timesteps, int classes, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        if (timesteps <= 0 || classes <= 0 || height <= 0 || width <= 0)
        {
            throw new InvalidInputException($"classification spikes: shape [{timesteps}, {classes}, {height}, {width}] must be positive.");
        }

        _spikes = spikes.ToArray();
        foreach (var s in _spikes)
        {
            if ((uint)s.TimestepIndex >= (uint)timesteps || (uint)s.ClassId >= (uint)classes || (uint)s.Y >= (uint)height || (uint)s.X >= (uint)width)
            {
                throw new InvalidInputException(
                    $"classification spikes: spike (t {s.TimestepIndex}, class {s.ClassId}, y {s.Y}, x {s.X}) lies outside [{timesteps}, {classes}, {height}, {width}].");
            }
        }

        Array.Sort(_spikes);
        Timesteps = timesteps;
        Classes = classes;
        Height = height;
        Width = width;
    }

    public int Timesteps { get; }

    public int Classes { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Every spike in iteration order.</summary>
    public ReadOnlySpan<ClassificationSpike> Spikes => _spikes;

    /// <summary>The nonzero entries of a dense <c>[T, C, H, W]</c> map.</summary>
    public static ClassificationSpikeTrain FromDense(ReadOnlySpan<float> tchw, int timesteps, int classes, int height, int width)
    {
        if (tchw.Length != timesteps * classes * height * width)
        {
            throw new InvalidInputException($"classification spikes: {tchw.Length} values do not fill [{timesteps}, {classes}, {height}, {width}].");
        }

        var spikes = new List<ClassificationSpike>();
        for (int n = 0; n < tchw.Length; n++)
        {
            if (tchw[n] != 0f)
            {
                int x = n % width;
                int y = (n / width) % height;
                int c = (n / (width * height)) % classes;
                int t = n / (width * height * classes);
                spikes.Add(new ClassificationSpike(t, c, y, x));
            }
        }

        return new ClassificationSpikeTrain(spikes, timesteps, classes, height, width);
    }

    /// <summary>The spikes of step <paramref name="timestepIndex"/> as unit cells.</summary>
    public List<ActiveCell> CellsAt(int timestepIndex)
    {
        var cells = new List<ActiveCell>();
        foreach (var s in _spikes)
        {
            if (s.TimestepIndex == timestepIndex)
            {
                cells.Add(new ActiveCell(s.ClassId, s.Y, s.X, 1f));
            }
        }

        return cells;
    }

    /// <summary>The spike count per cell over all timesteps (the reference's time-summed map), as cells.</summary>
    public List<ActiveCell> TimeSummedCells()
    {
        var counts = new Dictionary<(int C, int Y, int X), int>();
        foreach (var s in _spikes)
        {
            counts[(s.ClassId, s.Y, s.X)] = counts.GetValueOrDefault((s.ClassId, s.Y, s.X)) + 1;
        }

        return counts.OrderBy(kv => kv.Key).Select(kv => new ActiveCell(kv.Key.C, kv.Key.Y, kv.Key.X, kv.Value)).ToList();
    }
}
