using System.CommandLine;
using System.Globalization;
using SpikeSeg.Streaming.Formats.Writers;
using SpikeSeg.Streaming.Numpy;
using SpikeSeg.Streaming.Synthetic;

namespace SpikeSeg.Host.Cli;

/// <summary>
/// <c>spikeseg synth --scene sda --seconds S --seed N --out FILE [--labels CSV] [--ids NPY]</c>: a synthetic sky with
/// ground truth, written in any writable format (the extension chooses: .raw EVT 3.0, .aedat4, .npy, .txt).
/// </summary>
public static class SynthCommand
{
    public static Command Create()
    {
        var scene = new Option<string>("--scene") { Description = $"Scene: {string.Join(", ", SkyScenes.Names)}", DefaultValueFactory = _ => SkyScenes.Sda };
        scene.AcceptOnlyFromAmong([.. SkyScenes.Names]);
        var seconds = new Option<double>("--seconds") { Description = "Length in seconds", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "Seed: the same seed gives a byte-identical file", DefaultValueFactory = _ => 1 };
        var sensor = new Option<string>("--sensor") { Description = $"Sensor preset for the sda scene: {string.Join(", ", SensorPresets.Names)}", DefaultValueFactory = _ => "davis240c" };
        var objects = new Option<int>("--objects") { Description = "Satellites and debris in the sda scene (1–5)", DefaultValueFactory = _ => 3 };
        var output = new Option<FileInfo>("--out") { Description = "Event file (.raw = EVT 3.0, .aedat4, .npy, .txt)", Required = true };
        var labels = new Option<FileInfo?>("--labels") { Description = "Ground truth centroid tracks, CSV t_us,object_id,x,y" };
        var ids = new Option<FileInfo?>("--ids") { Description = "Per-event object ids (.npy int32, −1 = star, noise or hot pixel)" };
        var command = new Command("synth", "Synthesise a sky for space domain awareness (stars, satellites, hot pixels, noise) with ground truth.")
        {
            scene, seconds, seed, sensor, objects, output, labels, ids,
        };
        command.SetAction(parse => Run(
            parse.GetValue(scene)!, parse.GetValue(seconds), parse.GetValue(seed), parse.GetValue(sensor)!, parse.GetValue(objects),
            parse.GetValue(output)!, parse.GetValue(labels), parse.GetValue(ids), parse.InvocationConfiguration.Output));
        return command;
    }

    public static int Run(string sceneName, double seconds, ulong seed, string sensorName, int objects, FileInfo output, FileInfo? labelsFile, FileInfo? idsFile, TextWriter console)
    {
        var options = SkyScenes.Create(sceneName, seconds, seed, SensorPresets.Parse(sensorName), objects);
        var format = EventWriters.FormatFromExtension(output.FullName);
        var allIds = new List<int>();
        var labels = new List<LabelRow>();
        long events = 0;
        string temp = output.FullName + ".tmp";
        using (var writer = EventWriters.Create(new FileStream(temp, FileMode.Create, FileAccess.ReadWrite), format, options.Sensor))
        {
            foreach (var chunk in SkySceneGenerator.Generate(options))
            {
                writer.Write(chunk.Events);
                events += chunk.Events.Count;
                labels.AddRange(chunk.Labels);
                if (idsFile is not null)
                {
                    allIds.AddRange(chunk.ObjectIds.ToArray());
                }
            }
        }

        File.Move(temp, output.FullName, overwrite: true);
        if (labelsFile is not null)
        {
            LabelsCsv.WriteFile(labelsFile.FullName, labels);
        }

        if (idsFile is not null)
        {
            using var stream = File.Create(idsFile.FullName);
            NpyArray.Write<int>(stream, allIds.ToArray(), [allIds.Count]);
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{sceneName}: {events:N0} events over {seconds} s on {options.Sensor} (seed {seed}) → {output.FullName}{(labelsFile is null ? "" : $", labels → {labelsFile.FullName}")}{(idsFile is null ? "" : $", ids → {idsFile.FullName}")}"));
        return ExitCodes.Success;
    }
}
