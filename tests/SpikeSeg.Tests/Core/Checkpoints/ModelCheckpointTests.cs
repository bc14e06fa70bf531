using SpikeSeg.Core.Checkpoints;
using SpikeSeg.Tests.Core.Configuration;

namespace SpikeSeg.Tests.Core.Checkpoints;

public sealed class ModelCheckpointTests
{
    [Fact]
    public void AConsistentCheckpoint_HasNoProblem() => Assert.Null(Valid().FindProblem());

    [Fact]
    public void EachInconsistency_IsNamed()
    {
        var valid = Valid();
        var l = valid.Layers;
        (ModelCheckpoint Broken, string Problem)[] cases =
        [
            (valid with { Layers = [l[0], l[1]] }, "layers: 2 stored, the network has 3"),
            (valid with { Layers = [l[0] with { Shape = [2, 1, 3, 3] }, l[1], l[2]] }, "layer 0 (conv1): weight shape [2,1,3,3], the network needs [2,2,3,3]"),
            (valid with { Layers = [l[0], l[1], l[2] with { Weights = new float[8] }] }, "layer 2 (conv3): 8 weights for shape [1,3,3,3] (27)"),
            (valid with { Layers = [l[0], l[1] with { Thresholds = new float[2] }, l[2]] }, "layer 1 (conv2): 2 thresholds for 3 channels"),
            (valid with { Layers = [l[0], l[1] with { Wins = new long[4] }, l[2]] }, "layer 1 (conv2): 4 win counts for 3 channels"),
            (valid with { Progress = valid.Progress with { CurrentLayer = 4 } }, "progress.currentLayer = 4: must be in 0..3"),
            (valid with { Progress = valid.Progress with { Epoch = -1 } }, "progress counters (epoch -1, step 0, samples 0): must be ≥ 0"),
            (valid with { Progress = valid.Progress with { Phase = (TrainingPhase)9 } }, "progress.phase = 9: unknown phase"),
            (valid with { Progress = valid.Progress with { RngState = [1, 2, 3] } }, "progress.rngState: 3 words, must be 4 words not all zero"),
        ];

        foreach (var (broken, problem) in cases)
        {
            Assert.Equal(problem, broken.FindProblem());
        }
    }

    private static ModelCheckpoint Valid()
    {
        var spec = ValidSpecs.Tiny();
        return new ModelCheckpoint
        {
            Spec = spec,
            Layers =
            [
                new LayerState("conv1", [2, 2, 3, 3], new float[36], new float[2], new long[2]),
                new LayerState("conv2", [3, 2, 3, 3], new float[54], new float[3], new long[3]),
                new LayerState("conv3", [1, 3, 3, 3], new float[27], new float[1], new long[1]),
            ],
            Progress = new TrainingProgress { RngState = [1, 0, 0, 0] },
        };
    }
}
