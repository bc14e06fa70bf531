namespace SpikeSeg.Core.Encoding;

/// <summary>Receives the steps of a <see cref="StepBinner"/> in step order, every step exactly once.</summary>
public interface IStepSink
{
    /// <summary>A step with at least one active cell. <paramref name="step"/> is reused after the call returns.</summary>
    void OnStep(SparseStep step);

    /// <summary>
    /// <paramref name="stepCount"/> consecutive steps without input, starting at step <paramref name="firstStepIndex"/>
    /// (which begins at <paramref name="firstStartUs"/>). Runs keep a long quiet gap (or a timestamp jump) to one call;
    /// a layer settles the leak those steps owe in one go.
    /// </summary>
    void OnEmptySteps(long firstStepIndex, long stepCount, long firstStartUs);
}
