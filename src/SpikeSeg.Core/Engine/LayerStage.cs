using System.Runtime.InteropServices;
using SpikeSeg.Core.Network;
using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Core.Engine;

/// <summary>
/// One layer of the encoder as a unit of ownership: the spiking convolution, the pooling after it (conv1,
/// conv2) and its online learner (learning layers). In the live pipeline each stage is one actor; the
/// single-threaded <see cref="SpikeSegEngine"/> calls the same stages in the same order, which is why the two
/// produce identical output.
/// </summary>
public sealed class LayerStage
{
    private readonly List<LayerSpike> _spikes = [];
    private readonly List<PooledSpike> _pooled = [];
    private readonly List<InputCell> _next = [];

    private readonly int[] _bestAtPosition;
    private readonly long[] _bestStamp;
    private long _stamp;

    public LayerStage(string name, ISpikingLayer layer, ISpikePool? pool, OnlineLearner? learner, bool inhibitAcrossMaps = false, DeterministicRandom? random = null)
    {
        Name = name;
        Random = random ?? new DeterministicRandom(0);
        Layer = layer ?? throw new ArgumentNullException(nameof(layer));
        Pool = pool;
        Learner = learner;
        InhibitAcrossMaps = inhibitAcrossMaps;
        _bestAtPosition = inhibitAcrossMaps ? new int[layer.Geometry.OutputPositions] : [];
        _bestStamp = inhibitAcrossMaps ? new long[layer.Geometry.OutputPositions] : [];
    }

    public bool InhibitAcrossMaps { get; }

    /// <summary>
    /// This stage's own random source (dead-neuron recovery). One per stage, seeded from the network seed and the
    /// stage index, so a stage draws the same numbers whether it runs in the single-threaded engine or in its own
    /// actor on another thread.
    /// </summary>
    public DeterministicRandom Random { get; }

    public static DeterministicRandom StageRandom(ulong seed, int stageIndex) => new(seed ^ (0x9E3779B97F4A7C15UL * (ulong)(stageIndex + 1)));

    /// <summary>Spikes removed by the across-maps inhibition.</summary>
    public long InhibitedSpikes { get; private set; }

    public string Name { get; }

    public ISpikingLayer Layer { get; }

    public ISpikePool? Pool { get; }

    public OnlineLearner? Learner { get; }

    /// <summary>Spikes of the last step, canonical order.</summary>
    public ReadOnlySpan<LayerSpike> Spikes => CollectionsMarshal.AsSpan(_spikes);

    /// <summary>Pooled spikes of the last step (with their argmax indices); empty for a stage without pooling.</summary>
    public ReadOnlySpan<PooledSpike> Pooled => CollectionsMarshal.AsSpan(_pooled);

    /// <summary>The next layer's input: pooled spikes as unit cells.</summary>
    public ReadOnlySpan<InputCell> Output => CollectionsMarshal.AsSpan(_next);

    public long TotalSpikes { get; private set; }

    /// <summary>One step. Returns the number of STDP updates applied.</summary>
    public int Step(ReadOnlySpan<InputCell> input, int stepInWindow)
    {
        Learner?.ObserveInput(input, stepInWindow);
        Layer.Step(input, _spikes);
        if (InhibitAcrossMaps)
        {
            Inhibit();
        }

        TotalSpikes += _spikes.Count;
        int updates = Learner?.ObserveSpikes(Spikes, stepInWindow, Layer) ?? 0;
        _pooled.Clear();
        _next.Clear();
        if (Pool is not null)
        {
            Pool.Pool(Spikes, _pooled);
            foreach (var p in _pooled)
            {
                _next.Add(new InputCell(p.Channel, p.Y, p.X, 1f));
            }
        }

        return updates;
    }

    /// <summary>Keeps, per position, the spike with the highest pre-reset potential (ties → lowest map), in canonical order.</summary>
    private void Inhibit()
    {
        if (_spikes.Count < 2)
        {
            return;
        }

        _stamp++;
        int width = Layer.Geometry.OutWidth;
        for (int i = 0; i < _spikes.Count; i++)
        {
            var s = _spikes[i];
            int pos = (s.Y * width) + s.X;
            if (_bestStamp[pos] != _stamp || s.PreResetPotential > _spikes[_bestAtPosition[pos]].PreResetPotential)
            {
                _bestStamp[pos] = _stamp;
                _bestAtPosition[pos] = i;
            }
        }

        int kept = 0;
        for (int i = 0; i < _spikes.Count; i++)
        {
            var s = _spikes[i];
            if (_bestAtPosition[(s.Y * width) + s.X] == i)
            {
                _spikes[kept++] = s;
            }
        }

        InhibitedSpikes += _spikes.Count - kept;
        _spikes.RemoveRange(kept, _spikes.Count - kept);
    }

    /// <summary>Window end: the learner's bookkeeping. Returns true when this layer's learning just ended.</summary>
    public bool EndWindow() => Learner?.EndWindow(Layer, Random) ?? false;

    /// <summary>Window start in windowed (reference) mode: membranes and fire-once marks cleared.</summary>
    public void ResetState() => Layer.Reset();
}
