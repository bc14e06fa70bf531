namespace SpikeSeg.Core.Encoding;

/// <summary>How an event's polarity value chooses its input channel when there are two polarity channels.</summary>
public enum PolarityChannelRule
{
    /// <summary>
    /// SpikeSeg default (reference-semantics §16.4): ON (value &gt; 0) → channel 0, OFF (value ≤ 0) → channel 1,
    /// whatever else the sample contains.
    /// </summary>
    FixedOnFirst,

    /// <summary>
    /// The reference's data-dependent rule (§1.2.4), decided per sample from its polarity values:
    /// min &lt; 0 → (1 − p) // 2; min = 0 and max ≤ 1 → p; otherwise p − min; then clipped to {0, 1}.
    /// Only for reproducing golden files: a 0/1 sample sends ON to channel 1, a ±1 sample to channel 0.
    /// </summary>
    ReferenceDataDependent,
}
