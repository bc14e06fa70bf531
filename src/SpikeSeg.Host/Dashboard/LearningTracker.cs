using SpikeSeg.Core.Learning;
using SpikeSeg.Core.Network;

namespace SpikeSeg.Host.Dashboard;

/// <summary>One layer at one learning sample.</summary>
/// <param name="Convergence">C = mean(w(1 − w)) of the layer's weights; NaN before its first step.</param>
/// <param name="SpikesPerSecond">Spikes per second of stream time since the previous sample; NaN for the first.</param>
internal sealed record LayerSample(string Name, long Version, double Convergence, double SpikesPerSecond, ConvWeightsSnapshot? Weights);

/// <summary>The learning state of a stream at one moment of its stream time.</summary>
internal sealed record LearningSample(string Stream, double TimeS, IReadOnlyList<LayerSample> Layers);

/// <summary>
/// Samples a feed's learning state for the dashboard: convergence per layer from the weight snapshots, spike rates
/// from the spike totals, and a bounded history for the convergence curves. Used by the publisher thread only.
/// </summary>
internal sealed class LearningTracker(DashboardFeed feed, int historyCapacity = 900)
{
    private readonly Queue<(double TimeS, double[] Convergence)> _history = new();
    private readonly long[] _lastSpikes = new long[DashboardFeed.Layers];
    private double _lastTimeS = double.NaN;
    private readonly Lock _historyGate = new();

    /// <summary>Stream time of the last sealed frame end, seconds (set by the publisher as it takes frames).</summary>
    public double StreamTimeS { get; set; } = double.NaN;

    /// <summary>A sample now, appended to the history; null while the stream has no step yet.</summary>
    public LearningSample? Sample()
    {
        var (w1, w2, w3) = feed.Weights();
        if (w1 is null || w2 is null || w3 is null || double.IsNaN(StreamTimeS))
        {
            return null;
        }

        ConvWeightsSnapshot[] weights = [w1, w2, w3];
        double dt = StreamTimeS - _lastTimeS;
        var layers = new LayerSample[DashboardFeed.Layers];
        var convergence = new double[DashboardFeed.Layers];
        for (int i = 0; i < layers.Length; i++)
        {
            long spikes = feed.Spikes(i);
            double rate = dt > 0 ? (spikes - _lastSpikes[i]) / dt : double.NaN;
            _lastSpikes[i] = spikes;
            convergence[i] = ConvergenceMetric.Compute(weights[i].Oihw);
            layers[i] = new LayerSample($"conv{i + 1}", weights[i].Version, convergence[i], rate, weights[i]);
        }

        _lastTimeS = StreamTimeS;
        lock (_historyGate)
        {
            _history.Enqueue((StreamTimeS, convergence));
            while (_history.Count > historyCapacity)
            {
                _history.Dequeue();
            }
        }

        return new LearningSample(feed.Name, StreamTimeS, layers);
    }

    /// <summary>The convergence history for a newly connected browser (read from the request thread).</summary>
    public (double TimeS, double[] Convergence)[] History()
    {
        lock (_historyGate)
        {
            return [.. _history];
        }
    }
}
