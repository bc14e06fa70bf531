using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Checkpoints;

/// <summary>
/// Everything needed to continue a run bit for bit: the configuration, every layer's weights and thresholds,
/// and where training stood (wins, counters, phase, convergence history, RNG state). Storage lives in
/// SpikeSeg.Streaming; this model only describes and checks the content.
/// </summary>
public sealed record ModelCheckpoint
{
    /// <summary>The version written by this build; readers reject any other.</summary>
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public required NetworkSpec Spec { get; init; }

    /// <summary>conv1, conv2, conv3 in order.</summary>
    public required IReadOnlyList<LayerState> Layers { get; init; }

    public required TrainingProgress Progress { get; init; }

    /// <summary>The first inconsistency between the parts, or <c>null</c> when the checkpoint is coherent.</summary>
    public string? FindProblem()
    {
        LayerSpec[] specs = [Spec.Conv1, Spec.Conv2, Spec.Conv3];
        if (Layers.Count != specs.Length)
        {
            return $"layers: {Layers.Count} stored, the network has {specs.Length}";
        }

        int inputChannels = Spec.Input.PolarityChannels;
        for (int i = 0; i < specs.Length; i++)
        {
            string? problem = Layers[i].FindProblem(specs[i], inputChannels);
            if (problem is not null)
            {
                return $"layer {i} ({Layers[i].Name}): {problem}";
            }

            inputChannels = specs[i].Channels;
        }

        return Progress.FindProblem(Layers.Count);
    }
}

/// <summary>One layer's learned state.</summary>
/// <param name="Name">Layer name (conv1, conv2, conv3).</param>
/// <param name="Shape">Weight shape (out, in, k, k).</param>
/// <param name="Weights">Row-major weights, Π shape values.</param>
/// <param name="Thresholds">Per output channel threshold θ (homeostatic when enabled).</param>
/// <param name="Wins">Per output channel WTA win count of the current layer-training phase.</param>
public sealed record LayerState(string Name, int[] Shape, float[] Weights, float[] Thresholds, long[] Wins)
{
    internal string? FindProblem(LayerSpec spec, int inputChannels)
    {
        int[] expected = [spec.Channels, inputChannels, spec.KernelSize, spec.KernelSize];
        if (!Shape.AsSpan().SequenceEqual(expected))
        {
            return $"weight shape [{string.Join(',', Shape)}], the network needs [{string.Join(',', expected)}]";
        }

        long cells = (long)spec.Channels * inputChannels * spec.KernelSize * spec.KernelSize;
        if (Weights.Length != cells)
        {
            return $"{Weights.Length} weights for shape [{string.Join(',', Shape)}] ({cells})";
        }

        if (Thresholds.Length != spec.Channels)
        {
            return $"{Thresholds.Length} thresholds for {spec.Channels} channels";
        }

        if (Wins.Length != spec.Channels)
        {
            return $"{Wins.Length} win counts for {spec.Channels} channels";
        }

        return null;
    }
}

/// <summary>Where layer-wise training stood when the checkpoint was taken.</summary>
public sealed record TrainingProgress
{
    public TrainingPhase Phase { get; init; } = TrainingPhase.Untrained;

    /// <summary>Index of the layer being trained (0 = conv1); equals the layer count once training is complete.</summary>
    public int CurrentLayer { get; init; }

    public int Epoch { get; init; }

    /// <summary>Steps processed since training started.</summary>
    public long Step { get; init; }

    public long SamplesSeen { get; init; }

    public IReadOnlyList<ConvergencePoint> History { get; init; } = [];

    /// <summary>Scale-out: the highest broker batch sequence already folded into this model, if fed from a broker.</summary>
    public ulong? LastInputSequence { get; init; }

    /// <summary>The four xoshiro256** words of <c>DeterministicRandom.GetState()</c>.</summary>
    public required ulong[] RngState { get; init; }

    internal string? FindProblem(int layerCount)
    {
        if (!Enum.IsDefined(Phase))
        {
            return $"progress.phase = {Phase}: unknown phase";
        }

        if (CurrentLayer < 0 || CurrentLayer > layerCount)
        {
            return $"progress.currentLayer = {CurrentLayer}: must be in 0..{layerCount}";
        }

        if (Epoch < 0 || Step < 0 || SamplesSeen < 0)
        {
            return $"progress counters (epoch {Epoch}, step {Step}, samples {SamplesSeen}): must be ≥ 0";
        }

        if (RngState.Length != 4 || (RngState[0] | RngState[1] | RngState[2] | RngState[3]) == 0)
        {
            return $"progress.rngState: {RngState.Length} words, must be 4 words not all zero";
        }

        return null;
    }
}

/// <summary>Layer-wise training phase.</summary>
public enum TrainingPhase
{
    Untrained,
    Training,
    Trained,
}

/// <summary>One epoch's convergence figures for one layer.</summary>
/// <param name="Layer">Layer index (0 = conv1).</param>
/// <param name="Epoch">Epoch index.</param>
/// <param name="WinRatio">Fraction of features with at least the minimum wins (the stop rule).</param>
/// <param name="WeightMetric">C = mean(w(1 − w)).</param>
public readonly record struct ConvergencePoint(int Layer, int Epoch, double WinRatio, double WeightMetric);
