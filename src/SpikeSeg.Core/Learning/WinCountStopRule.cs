using SpikeSeg.Core.Configuration;

namespace SpikeSeg.Core.Learning;

/// <summary>What <see cref="WinCountStopRule.EndEpoch"/> decides for the layer.</summary>
public enum StopDecision
{
    Continue,

    /// <summary>The ratio of features with enough wins reached the target.</summary>
    Converged,

    /// <summary><c>Patience</c> consecutive epochs without a strictly better ratio.</summary>
    PatienceExhausted,

    /// <summary>The layer ran <c>MaxEpochs</c> epochs.</summary>
    MaxEpochs,
}

/// <summary>
/// The reference's stop rule for one layer (§8). After every epoch: ratio = fraction of features with
/// ≥ MinWinsPerFeature wins; an epoch whose ratio is strictly above the best so far is an improvement
/// (the first epoch always is). Checked in this order: ratio ≥ TargetRatio → Converged; Patience epochs
/// in a row without improvement → PatienceExhausted; MaxEpochs epochs run → MaxEpochs; else Continue.
/// Each layer runs its own 0 … MaxEpochs−1 (§16.15: the reference shares the counter across layers).
/// </summary>
public sealed class WinCountStopRule
{
    public WinCountStopRule(ConvergenceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.MinWinsPerFeature < 0 || spec.Patience < 1 || spec.MaxEpochs < 1 || !(spec.TargetRatio >= 0f && spec.TargetRatio <= 1f))
        {
            throw new InvalidInputException(
                $"learning.convergence: minWinsPerFeature {spec.MinWinsPerFeature} (≥ 0), patience {spec.Patience} (≥ 1), maxEpochs {spec.MaxEpochs} (≥ 1), targetRatio {spec.TargetRatio} (0…1) — one is out of range");
        }

        Spec = spec;
        Reset();
    }

    public ConvergenceSpec Spec { get; }

    public int EpochsCompleted { get; private set; }

    public int EpochsWithoutImprovement { get; private set; }

    /// <summary>Best ratio so far; −1 before the first epoch.</summary>
    public double BestRatio { get; private set; }

    /// <summary>Whether the last epoch improved the best ratio (the reference then marks its checkpoint "best").</summary>
    public bool LastEpochImproved { get; private set; }

    /// <summary>The layer counts as converged iff its best ratio reached the target.</summary>
    public bool HasConverged => BestRatio >= Spec.TargetRatio;

    public void Reset()
    {
        EpochsCompleted = 0;
        EpochsWithoutImprovement = 0;
        BestRatio = -1.0;
        LastEpochImproved = false;
    }

    public StopDecision EndEpoch(ReadOnlySpan<int> wins)
    {
        double ratio = WinCounts.RatioWithAtLeast(wins, Spec.MinWinsPerFeature);
        EpochsCompleted++;
        LastEpochImproved = ratio > BestRatio;
        if (LastEpochImproved)
        {
            BestRatio = ratio;
            EpochsWithoutImprovement = 0;
        }
        else
        {
            EpochsWithoutImprovement++;
        }

        if (ratio >= Spec.TargetRatio)
        {
            return StopDecision.Converged;
        }

        if (EpochsWithoutImprovement >= Spec.Patience)
        {
            return StopDecision.PatienceExhausted;
        }

        return EpochsCompleted >= Spec.MaxEpochs ? StopDecision.MaxEpochs : StopDecision.Continue;
    }
}
