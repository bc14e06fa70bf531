using SpikeSeg.Streaming.Pipeline;

namespace SpikeSeg.Tests.Streaming.Pipeline;

public sealed class PipelineInputPoolTests
{
    [Fact]
    public async Task StepInputsComeInReusedArraysAndEachHoldsItsOwnStepsCells()
    {
        var spec = PipelineTestScenes.Spec();
        var options = PipelineTestScenes.Options(spec);
        var sky = PipelineTestScenes.Sky(2, 5);

        // The oracle: the binner alone, each step's cells summed into a checksum.
        var expected = new Dictionary<long, (int Cells, double Sum)>();
        var binner = new SpikeSeg.Core.Encoding.StepBinner(SpikeSeg.Core.Encoding.StepBinnerOptions.FromInput(spec.Input, options.Sensor, 0));
        var oracle = new ChecksumSink(expected);
        foreach (var chunk in SpikeSeg.Streaming.Synthetic.SkySceneGenerator.Generate(sky))
        {
            binner.Add(chunk.Events, oracle);
        }

        binner.Flush(oracle);

        var observer = new InputRecorder();
        await using var pipeline = SegmentationPipeline.Start(spec, options, new PipelineOptions { StepObserver = observer }, originUs: 0);
        await PipelineTestScenes.RunPipelineAsync(pipeline, sky);

        Assert.Equal(expected.Count, observer.Seen.Count);
        foreach (var (step, seen) in observer.Seen)
        {
            Assert.Equal(expected[step], (seen.Cells, seen.Sum));
        }

        // Two seconds of 1 ms steps with input in nearly every one: without reuse every step would bring its own array.
        Assert.True(observer.Seen.Count > 1500, $"{observer.Seen.Count} steps with input");
        Assert.True(observer.DistinctArrays < observer.Seen.Count / 4, $"{observer.DistinctArrays} distinct input arrays for {observer.Seen.Count} steps");
    }

    private static double Checksum(ReadOnlySpan<SpikeSeg.Core.Network.InputCell> cells)
    {
        double sum = 0;
        foreach (var c in cells)
        {
            sum += (((c.Channel * 1000.0) + c.Y) * 1000.0) + c.X + c.Value;
        }

        return sum;
    }

    private sealed class ChecksumSink(Dictionary<long, (int Cells, double Sum)> steps) : SpikeSeg.Core.Encoding.IStepSink
    {
        public void OnStep(SpikeSeg.Core.Encoding.SparseStep step)
        {
            var cells = new SpikeSeg.Core.Network.InputCell[step.Count];
            for (int i = 0; i < cells.Length; i++)
            {
                cells[i] = new SpikeSeg.Core.Network.InputCell(step.Channel[i], step.Y[i], step.X[i], step.Value[i]);
            }

            steps[step.StepIndex] = (cells.Length, Checksum(cells));
        }

        public void OnEmptySteps(long firstStepIndex, long stepCount, long firstStartUs)
        {
        }
    }

    private sealed class InputRecorder : IStepObserver
    {
        private readonly HashSet<object> _arrays = new(ReferenceEqualityComparer.Instance);

        public Dictionary<long, (int Cells, double Sum)> Seen { get; } = [];

        public int DistinctArrays => _arrays.Count;

        public void OnStep(PipelineStep step, SpikeSeg.Core.Output.SegmentationFrame frame)
        {
            if (step.Input.IsEmpty)
            {
                return;
            }

            Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(step.Input, out var segment));
            _arrays.Add(segment.Array!);
            Seen[step.StepIndex] = (step.Input.Length, Checksum(step.Input.Span));
        }
    }
}
