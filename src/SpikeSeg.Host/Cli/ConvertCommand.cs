using System.CommandLine;
using SpikeSeg.Core;
using SpikeSeg.Core.Events;
using SpikeSeg.Streaming.Formats;
using SpikeSeg.Streaming.Formats.Writers;

namespace SpikeSeg.Host.Cli;

/// <summary><c>spikeseg convert IN OUT [--format F] [--input-format F]</c>: any readable event format to EVT 3.0, AEDAT 4, .npy or text.</summary>
public static class ConvertCommand
{
    private const int ChunkEvents = 1 << 16;

    public static Command Create()
    {
        var input = new Argument<string>("in") { Description = "Input event file, or - for stdin" };
        var output = new Argument<string>("out") { Description = "Output file (.raw = EVT 3.0, .aedat4, .npy, .txt/.csv)" };
        var format = new Option<string?>("--format") { Description = "Output format (evt3, aedat4, npy, text) instead of OUT's extension" };
        var inputFormat = new Option<string?>("--input-format") { Description = "Input format when detection is not wanted" };
        var command = new Command("convert", "Convert an event file to EVT 3.0, AEDAT 4 (LZ4), .npy or text.") { input, output, format, inputFormat };
        command.SetAction(parse =>
        {
            string outPath = parse.GetValue(output)!;
            var outFormat = parse.GetValue(format) is { } name ? EventFormatDetector.Parse(name) : EventWriters.FormatFromExtension(outPath);
            if (!EventWriters.Writable.Contains(outFormat))
            {
                throw new InvalidInputException($"{outPath}: cannot tell the output format (use .raw, .aedat4, .npy, .txt or --format)");
            }

            long events = Convert(parse.GetValue(input)!, InspectCommand.ParseFormat(parse.GetValue(inputFormat)), outPath, outFormat);
            parse.InvocationConfiguration.Output.WriteLine($"{events} events written to {outPath} ({EventFormatDetector.Name(outFormat)})");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Streams every event of <paramref name="inPath"/> into a new file; returns the event count.</summary>
    public static long Convert(string inPath, EventFormat inFormat, string outPath, EventFormat outFormat)
    {
        using var reader = EventReaders.Open(inPath, inFormat);
        string temp = outPath + ".tmp";
        long total = 0;
        try
        {
            using (var writer = EventWriters.Create(new FileStream(temp, FileMode.Create, FileAccess.ReadWrite), outFormat, reader.Info.Geometry))
            {
                var packet = new EventPacket(ChunkEvents);
                while (true)
                {
                    packet.Clear();
                    int n = reader.Read(packet, ChunkEvents);
                    if (n == 0)
                    {
                        break;
                    }

                    writer.Write(packet);
                    total += n;
                }
            }

            File.Move(temp, outPath, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        return total;
    }
}
