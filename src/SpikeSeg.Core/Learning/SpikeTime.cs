namespace SpikeSeg.Core.Learning;

/// <summary>
/// Spike times are in steps (float, as the reference stores them). "Never" is −1 in the trainer's maps
/// and +∞ in the library's; both conventions mean the same thing here: a time counts as a spike only
/// when it is finite and ≥ 0.
/// </summary>
public static class SpikeTime
{
    /// <summary>The trainer's marker for "never fired".</summary>
    public const float NeverTrainer = -1f;

    /// <summary>The library's marker for "never fired" (also the padding value of receptive fields).</summary>
    public const float NeverLibrary = float.PositiveInfinity;

    public static bool HasFired(float timeSteps) => timeSteps >= 0f && timeSteps < float.PositiveInfinity;

    /// <summary>The reference's causality test: LTP iff the pre neuron fired at or before the post spike.</summary>
    public static bool IsCausal(float preTimeSteps, float postTimeSteps) => HasFired(preTimeSteps) && preTimeSteps <= postTimeSteps;
}
