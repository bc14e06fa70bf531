using System.Globalization;

namespace SpikeSeg.Core.Configuration;

/// <summary>
/// Checks a <see cref="NetworkSpec"/> before anything is built from it. Every problem is one line naming the
/// setting (its JSON path), the value and the rule, e.g. <c>conv2.threshold = -1: must be &gt; 0</c>.
/// </summary>
public static class SpecValidator
{
    /// <summary>Largest input side and channel count accepted, so a typo cannot demand gigabytes.</summary>
    public const int MaxInputSide = 4096;

    public const int MaxChannels = 4096;

    public const int MaxKernelSize = 63;

    /// <summary>Every rule <paramref name="spec"/> breaks, in declaration order; empty when valid.</summary>
    public static IReadOnlyList<string> Problems(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var v = new Collector();
        v.Check("name", spec.Name, !string.IsNullOrWhiteSpace(spec.Name), "must not be empty");
        bool input = v.Present("input", spec.Input) && CheckInput(v, spec.Input);

        v.Check("defaultSensor.width", spec.DefaultSensor.Width, spec.DefaultSensor.Width is > 0 and <= ushort.MaxValue + 1, "must be in 1..65536");
        v.Check("defaultSensor.height", spec.DefaultSensor.Height, spec.DefaultSensor.Height is > 0 and <= ushort.MaxValue + 1, "must be in 1..65536");

        bool layers = v.Present("conv1", spec.Conv1) & v.Present("pool1", spec.Pool1) & v.Present("conv2", spec.Conv2)
            & v.Present("pool2", spec.Pool2) & v.Present("conv3", spec.Conv3);
        if (layers)
        {
            CheckLayer(v, "conv1", spec.Conv1);
            CheckLayer(v, "conv2", spec.Conv2);
            CheckLayer(v, "conv3", spec.Conv3);
            if (input)
            {
                int side = Math.Min(spec.Input.Width, spec.Input.Height);
                int afterPool1 = CheckPool(v, "pool1", spec.Pool1, side);
                if (afterPool1 > 0)
                {
                    CheckPool(v, "pool2", spec.Pool2, afterPool1);
                }
            }
        }

        if (v.Present("learning", spec.Learning))
        {
            CheckLearning(v, spec.Learning);
        }

        if (v.Present("decoder", spec.Decoder))
        {
            CheckDecoder(v, spec.Decoder);
        }

        return v.Problems;
    }

    /// <summary>Throws <see cref="InvalidInputException"/> with the first problem, prefixed by <paramref name="source"/> when given.</summary>
    public static void Validate(NetworkSpec spec, string? source = null)
    {
        var problems = Problems(spec);
        if (problems.Count > 0)
        {
            throw new InvalidInputException(source is null ? problems[0] : $"{source}: {problems[0]}");
        }
    }

    /// <summary>Returns whether the input size is valid (the pool checks depend on it).</summary>
    private static bool CheckInput(Collector v, InputSpec input)
    {
        bool width = v.Check("input.width", input.Width, input.Width is > 0 and <= MaxInputSide, $"must be in 1..{MaxInputSide}");
        bool height = v.Check("input.height", input.Height, input.Height is > 0 and <= MaxInputSide, $"must be in 1..{MaxInputSide}");
        v.Check("input.polarityChannels", input.PolarityChannels, input.PolarityChannels is 1 or 2, "must be 1 or 2");
        v.Check("input.stepUs", input.StepUs, input.StepUs > 0, "must be > 0");
        v.Check("input.stepsPerWindow", input.StepsPerWindow, input.StepsPerWindow > 0, "must be > 0");
        return width && height;
    }

    private static void CheckLayer(Collector v, string name, LayerSpec layer)
    {
        v.Check($"{name}.channels", layer.Channels, layer.Channels is > 0 and <= MaxChannels, $"must be in 1..{MaxChannels}");
        v.Check($"{name}.kernelSize", layer.KernelSize, layer.KernelSize is > 0 and <= MaxKernelSize && layer.KernelSize % 2 == 1, $"must be odd and in 1..{MaxKernelSize}");
        bool threshold = v.Check($"{name}.threshold", layer.Threshold, float.IsFinite(layer.Threshold) && layer.Threshold > 0, "must be > 0");
        // Against an invalid threshold only the sign of λ is checked, so one mistake gives one message.
        v.Check($"{name}.leak", layer.Leak, float.IsFinite(layer.Leak) && layer.Leak >= 0 && !(threshold && layer.Leak > layer.Threshold), "must be in [0, threshold]");
        v.Check($"{name}.leakMode", layer.LeakMode, Enum.IsDefined(layer.LeakMode), "must be Subtractive or Multiplicative");
        v.Check($"{name}.neuron", layer.Neuron, Enum.IsDefined(layer.Neuron), "must be Lif or If");
    }

    /// <summary>Returns the pooled side, or 0 when the pool is invalid.</summary>
    private static int CheckPool(Collector v, string name, PoolSpec pool, int inputSide)
    {
        bool kernel = v.Check($"{name}.kernel", pool.Kernel, pool.Kernel > 0, "must be > 0");
        bool stride = v.Check($"{name}.stride", pool.Stride, pool.Stride > 0, "must be > 0");
        if (!kernel || !stride)
        {
            return 0;
        }

        return v.Check($"{name}.kernel", pool.Kernel, pool.Kernel <= inputSide, $"must be ≤ its input side {inputSide}")
            ? pool.OutputSize(inputSide)
            : 0;
    }

    private static void CheckLearning(Collector v, LearningSpec l)
    {
        v.Check("learning.rule", l.Rule, Enum.IsDefined(l.Rule), "must be a known learning rule");
        v.Check("learning.learningRatePlus", l.LearningRatePlus, float.IsFinite(l.LearningRatePlus) && l.LearningRatePlus >= 0, "must be ≥ 0");
        v.Check("learning.learningRateMinus", l.LearningRateMinus, float.IsFinite(l.LearningRateMinus) && l.LearningRateMinus >= 0, "must be ≥ 0");
        v.Check("learning.traceTauSteps", l.TraceTauSteps, float.IsFinite(l.TraceTauSteps) && l.TraceTauSteps > 0, "must be > 0");
        v.Check("learning.weightMin", l.WeightMin, float.IsFinite(l.WeightMin) && float.IsFinite(l.WeightMax) && l.WeightMin < l.WeightMax, "must be < weightMax");
        v.Check("learning.initMean", l.InitMean, l.InitMean >= l.WeightMin && l.InitMean <= l.WeightMax, "must be in [weightMin, weightMax]");
        v.Check("learning.initStd", l.InitStd, float.IsFinite(l.InitStd) && l.InitStd >= 0, "must be ≥ 0");
        v.Check("learning.wtaMode", l.WtaMode, Enum.IsDefined(l.WtaMode), "must be Global, Local or Both");
        v.Check("learning.wtaTieRule", l.WtaTieRule, Enum.IsDefined(l.WtaTieRule), "must be Radius or ReferenceSamePixel");
        v.Check("learning.wtaLocalRadius", l.WtaLocalRadius, l.WtaLocalRadius >= 0, "must be ≥ 0");
        if (v.Present("learning.homeostasis", l.Homeostasis))
        {
            var h = l.Homeostasis;
            v.Check("learning.homeostasis.thetaRest", h.ThetaRest, float.IsFinite(h.ThetaRest) && h.ThetaRest > 0, "must be > 0");
            v.Check("learning.homeostasis.thetaPlus", h.ThetaPlus, float.IsFinite(h.ThetaPlus) && h.ThetaPlus >= 0, "must be ≥ 0");
            v.Check("learning.homeostasis.tauTheta", h.TauTheta, float.IsFinite(h.TauTheta) && h.TauTheta > 0, "must be > 0");
            v.Check("learning.homeostasis.thetaMax", h.ThetaMax, float.IsFinite(h.ThetaMax) && h.ThetaMax >= h.ThetaRest, "must be ≥ thetaRest");
            v.Check("learning.homeostasis.deadThreshold", h.DeadThreshold, h.DeadThreshold is >= 0 and <= 1, "must be in [0, 1]");
            v.Check("learning.homeostasis.recoveryBoost", h.RecoveryBoost, float.IsFinite(h.RecoveryBoost) && h.RecoveryBoost >= 0, "must be ≥ 0");
        }

        if (v.Present("learning.convergence", l.Convergence))
        {
            var c = l.Convergence;
            v.Check("learning.convergence.minWinsPerFeature", c.MinWinsPerFeature, c.MinWinsPerFeature >= 1, "must be ≥ 1");
            v.Check("learning.convergence.targetRatio", c.TargetRatio, c.TargetRatio is > 0 and <= 1, "must be in (0, 1]");
            v.Check("learning.convergence.patience", c.Patience, c.Patience >= 1, "must be ≥ 1");
            v.Check("learning.convergence.maxEpochs", c.MaxEpochs, c.MaxEpochs >= 1, "must be ≥ 1");
            v.Check("learning.convergence.weightMetricThreshold", c.WeightMetricThreshold, float.IsFinite(c.WeightMetricThreshold) && c.WeightMetricThreshold >= 0, "must be ≥ 0");
        }
    }

    private static void CheckDecoder(Collector v, DecoderSpec d)
    {
        v.Check("decoder.threshold", d.Threshold, float.IsFinite(d.Threshold) && d.Threshold > 0, "must be > 0");
        v.Check("decoder.leak", d.Leak, float.IsFinite(d.Leak) && d.Leak >= 0, "must be ≥ 0");
        v.Check("decoder.delayDecay", d.DelayDecay, d.DelayDecay is >= 0 and <= 1, "must be in [0, 1]");
        v.Check("decoder.hulkThreshold", d.HulkThreshold, d.HulkThreshold is >= 0 and <= 1, "must be in [0, 1]");
        v.Check("decoder.smashThreshold", d.SmashThreshold, d.SmashThreshold is >= 0 and <= 1, "must be in [0, 1]");
        v.Check("decoder.unpoolIndices", d.UnpoolIndices, Enum.IsDefined(d.UnpoolIndices), "must be PerTimestep or LastTimestep");
    }

    private sealed class Collector
    {
        public List<string> Problems { get; } = [];

        public bool Check<T>(string setting, T value, bool ok, string rule)
        {
            if (!ok)
            {
                Problems.Add($"{setting} = {Format(value)}: {rule}");
            }

            return ok;
        }

        public bool Present<T>(string setting, T? value)
        {
            if (value is null)
            {
                Problems.Add($"{setting} = null: must be present");
            }

            return value is not null;
        }

        private static string Format<T>(T value) => value switch
        {
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            string s => $"\"{s}\"",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            null => "null",
            _ => value.ToString() ?? "null",
        };
    }
}
