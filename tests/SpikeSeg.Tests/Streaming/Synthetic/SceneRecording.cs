using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Tests.Streaming.Synthetic;

/// <summary>A whole (short) synthetic scene copied out of the reused chunks, for assertions.</summary>
internal sealed class SceneRecording
{
    public List<long> T { get; } = [];

    public List<int> X { get; } = [];

    public List<int> Y { get; } = [];

    public List<byte> P { get; } = [];

    public List<int> Id { get; } = [];

    public List<LabelRow> Labels { get; } = [];

    public int MaxChunkCapacity { get; private set; }

    public static SceneRecording Of(SkySceneOptions options)
    {
        var r = new SceneRecording();
        foreach (var chunk in SkySceneGenerator.Generate(options))
        {
            var e = chunk.Events;
            for (int i = 0; i < e.Count; i++)
            {
                Assert.InRange(e.TimestampUs[i], chunk.StartUs, chunk.EndUs - 1);
                r.T.Add(e.TimestampUs[i]);
                r.X.Add(e.X[i]);
                r.Y.Add(e.Y[i]);
                r.P.Add(e.Polarity[i]);
                r.Id.Add(chunk.ObjectIds[i]);
            }

            foreach (var label in chunk.Labels)
            {
                Assert.InRange(label.TimestampUs, chunk.StartUs, chunk.EndUs - 1);
            }

            r.Labels.AddRange(chunk.Labels);
            r.MaxChunkCapacity = Math.Max(r.MaxChunkCapacity, e.Capacity);
        }

        return r;
    }
}
