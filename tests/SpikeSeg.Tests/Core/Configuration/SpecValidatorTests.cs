using SpikeSeg.Core;
using SpikeSeg.Core.Configuration;
using SpikeSeg.Core.Events;

namespace SpikeSeg.Tests.Core.Configuration;

public sealed class SpecValidatorTests
{
    /// <summary>One mutation per rule, with the exact message it must produce.</summary>
    public static TheoryData<string, string> Violations()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, _, message) in Cases)
        {
            data.Add(name, message);
        }

        return data;
    }

    private static readonly (string Name, Func<NetworkSpec, NetworkSpec> Break, string Message)[] Cases =
    [
        ("name", s => s with { Name = " " }, "name = \" \": must not be empty"),
        ("input", s => s with { Input = null! }, "input = null: must be present"),
        ("input.width", s => s with { Input = s.Input with { Width = 0 } }, "input.width = 0: must be in 1..4096"),
        ("input.height", s => s with { Input = s.Input with { Height = 5000 } }, "input.height = 5000: must be in 1..4096"),
        ("input.polarityChannels", s => s with { Input = s.Input with { PolarityChannels = 3 } }, "input.polarityChannels = 3: must be 1 or 2"),
        ("input.stepUs", s => s with { Input = s.Input with { StepUs = 0 } }, "input.stepUs = 0: must be > 0"),
        ("input.stepsPerWindow", s => s with { Input = s.Input with { StepsPerWindow = -1 } }, "input.stepsPerWindow = -1: must be > 0"),
        ("defaultSensor.width", s => s with { DefaultSensor = new SensorGeometry(0, 10) }, "defaultSensor.width = 0: must be in 1..65536"),
        ("defaultSensor.height", s => s with { DefaultSensor = new SensorGeometry(10, 70000) }, "defaultSensor.height = 70000: must be in 1..65536"),
        ("conv1", s => s with { Conv1 = null! }, "conv1 = null: must be present"),
        ("conv1.channels", s => s with { Conv1 = s.Conv1 with { Channels = 0 } }, "conv1.channels = 0: must be in 1..4096"),
        ("conv1.kernelSize", s => s with { Conv1 = s.Conv1 with { KernelSize = 4 } }, "conv1.kernelSize = 4: must be odd and in 1..63"),
        ("conv2.threshold", s => s with { Conv2 = s.Conv2 with { Threshold = -1 } }, "conv2.threshold = -1: must be > 0"),
        ("conv2.leak", s => s with { Conv2 = s.Conv2 with { Leak = 1.5f } }, "conv2.leak = 1.5: must be in [0, threshold]"),
        ("conv3.leakMode", s => s with { Conv3 = s.Conv3 with { LeakMode = (LeakMode)7 } }, "conv3.leakMode = 7: must be Subtractive or Multiplicative"),
        ("conv3.neuron", s => s with { Conv3 = s.Conv3 with { Neuron = (NeuronModel)9 } }, "conv3.neuron = 9: must be Lif or If"),
        ("pool1.kernel", s => s with { Pool1 = new PoolSpec(0, 2) }, "pool1.kernel = 0: must be > 0"),
        ("pool1.stride", s => s with { Pool1 = new PoolSpec(2, 0) }, "pool1.stride = 0: must be > 0"),
        ("pool1.kernel.size", s => s with { Pool1 = new PoolSpec(17, 1) }, "pool1.kernel = 17: must be ≤ its input side 16"),
        ("pool2.kernel.size", s => s with { Pool2 = new PoolSpec(9, 9) }, "pool2.kernel = 9: must be ≤ its input side 8"),
        ("learning", s => s with { Learning = null! }, "learning = null: must be present"),
        ("learning.rule", s => s with { Learning = s.Learning with { Rule = (LearningRuleKind)42 } }, "learning.rule = 42: must be a known learning rule"),
        ("learning.learningRatePlus", s => s with { Learning = s.Learning with { LearningRatePlus = float.NaN } }, "learning.learningRatePlus = NaN: must be ≥ 0"),
        ("learning.learningRateMinus", s => s with { Learning = s.Learning with { LearningRateMinus = -0.5f } }, "learning.learningRateMinus = -0.5: must be ≥ 0"),
        ("learning.traceTauSteps", s => s with { Learning = s.Learning with { TraceTauSteps = 0 } }, "learning.traceTauSteps = 0: must be > 0"),
        ("learning.weightMin", s => s with { Learning = s.Learning with { WeightMin = 1, InitMean = 1 } }, "learning.weightMin = 1: must be < weightMax"),
        ("learning.initMean", s => s with { Learning = s.Learning with { InitMean = 1.5f } }, "learning.initMean = 1.5: must be in [weightMin, weightMax]"),
        ("learning.initStd", s => s with { Learning = s.Learning with { InitStd = -0.01f } }, "learning.initStd = -0.01: must be ≥ 0"),
        ("learning.wtaMode", s => s with { Learning = s.Learning with { WtaMode = (WtaMode)5 } }, "learning.wtaMode = 5: must be Global, Local or Both"),
        ("learning.wtaTieRule", s => s with { Learning = s.Learning with { WtaTieRule = (WtaTieRule)5 } }, "learning.wtaTieRule = 5: must be Radius or ReferenceSamePixel"),
        ("learning.wtaLocalRadius", s => s with { Learning = s.Learning with { WtaLocalRadius = -1 } }, "learning.wtaLocalRadius = -1: must be ≥ 0"),
        ("learning.homeostasis", s => s with { Learning = s.Learning with { Homeostasis = null! } }, "learning.homeostasis = null: must be present"),
        ("homeostasis.thetaRest", s => WithHomeostasis(s, h => h with { ThetaRest = 0 }), "learning.homeostasis.thetaRest = 0: must be > 0"),
        ("homeostasis.thetaPlus", s => WithHomeostasis(s, h => h with { ThetaPlus = -1 }), "learning.homeostasis.thetaPlus = -1: must be ≥ 0"),
        ("homeostasis.tauTheta", s => WithHomeostasis(s, h => h with { TauTheta = float.PositiveInfinity }), "learning.homeostasis.tauTheta = Infinity: must be > 0"),
        ("homeostasis.thetaMax", s => WithHomeostasis(s, h => h with { ThetaMax = 0.05f }), "learning.homeostasis.thetaMax = 0.05: must be ≥ thetaRest"),
        ("homeostasis.deadThreshold", s => WithHomeostasis(s, h => h with { DeadThreshold = 2 }), "learning.homeostasis.deadThreshold = 2: must be in [0, 1]"),
        ("homeostasis.recoveryBoost", s => WithHomeostasis(s, h => h with { RecoveryBoost = -0.1f }), "learning.homeostasis.recoveryBoost = -0.1: must be ≥ 0"),
        ("learning.convergence", s => s with { Learning = s.Learning with { Convergence = null! } }, "learning.convergence = null: must be present"),
        ("convergence.minWinsPerFeature", s => WithConvergence(s, c => c with { MinWinsPerFeature = 0 }), "learning.convergence.minWinsPerFeature = 0: must be ≥ 1"),
        ("convergence.targetRatio", s => WithConvergence(s, c => c with { TargetRatio = 0 }), "learning.convergence.targetRatio = 0: must be in (0, 1]"),
        ("convergence.patience", s => WithConvergence(s, c => c with { Patience = 0 }), "learning.convergence.patience = 0: must be ≥ 1"),
        ("convergence.maxEpochs", s => WithConvergence(s, c => c with { MaxEpochs = 0 }), "learning.convergence.maxEpochs = 0: must be ≥ 1"),
        ("convergence.weightMetricThreshold", s => WithConvergence(s, c => c with { WeightMetricThreshold = -1 }), "learning.convergence.weightMetricThreshold = -1: must be ≥ 0"),
        ("decoder", s => s with { Decoder = null! }, "decoder = null: must be present"),
        ("decoder.threshold", s => s with { Decoder = s.Decoder with { Threshold = 0 } }, "decoder.threshold = 0: must be > 0"),
        ("decoder.leak", s => s with { Decoder = s.Decoder with { Leak = -1 } }, "decoder.leak = -1: must be ≥ 0"),
        ("decoder.delayDecay", s => s with { Decoder = s.Decoder with { DelayDecay = 1.1f } }, "decoder.delayDecay = 1.1: must be in [0, 1]"),
        ("decoder.hulkThreshold", s => s with { Decoder = s.Decoder with { HulkThreshold = -0.1f } }, "decoder.hulkThreshold = -0.1: must be in [0, 1]"),
        ("decoder.smashThreshold", s => s with { Decoder = s.Decoder with { SmashThreshold = 3 } }, "decoder.smashThreshold = 3: must be in [0, 1]"),
        ("decoder.unpoolIndices", s => s with { Decoder = s.Decoder with { UnpoolIndices = (UnpoolIndexSource)4 } }, "decoder.unpoolIndices = 4: must be PerTimestep or LastTimestep"),
    ];

    [Theory]
    [MemberData(nameof(Violations))]
    public void EachRule_RejectsItsValue_WithOneLineNamingSettingValueAndRule(string rule, string message)
    {
        var broken = Cases.Single(c => c.Name == rule).Break(ValidSpecs.Tiny());
        Assert.Equal([message], SpecValidator.Problems(broken));
        var ex = Assert.Throws<InvalidInputException>(() => SpecValidator.Validate(broken, "my.json"));
        Assert.Equal($"my.json: {message}", ex.Message);
    }

    [Fact]
    public void TheValidSpec_HasNoProblems() => Assert.Empty(SpecValidator.Problems(ValidSpecs.Tiny()));

    [Fact]
    public void EveryProblemIsReported_NotOnlyTheFirst()
    {
        var spec = ValidSpecs.Tiny() with { Conv1 = ValidSpecs.Tiny().Conv1 with { Threshold = 0 }, Decoder = new DecoderSpec { Threshold = 0 } };
        Assert.Equal(["conv1.threshold = 0: must be > 0", "decoder.threshold = 0: must be > 0"], SpecValidator.Problems(spec));
    }

    private static NetworkSpec WithHomeostasis(NetworkSpec s, Func<HomeostasisSpec, HomeostasisSpec> change) =>
        s with { Learning = s.Learning with { Homeostasis = change(s.Learning.Homeostasis) } };

    private static NetworkSpec WithConvergence(NetworkSpec s, Func<ConvergenceSpec, ConvergenceSpec> change) =>
        s with { Learning = s.Learning with { Convergence = change(s.Learning.Convergence) } };
}
