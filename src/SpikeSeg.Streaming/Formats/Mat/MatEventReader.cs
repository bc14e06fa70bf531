using SpikeSeg.Core.Events;

namespace SpikeSeg.Streaming.Formats.Mat;

/// <summary>
/// Events from a MAT v5 file (event-formats.md §8). Two layouts: the EBSSA <c>TD</c> struct (fields x, y, p, ts;
/// x and y are 1-based in the file and are returned 0-based, as tonic does), and the ST-MNIST
/// <c>spiketrain</c> matrix (rows 0..99 taxels holding −1/0/+1, row 100 time in s; x = row % 10,
/// y = row / 10, t = (long)(seconds·1e6), one event per non-zero taxel entry in column order).
/// A MAT-file is not streamable, so the variables are loaded whole (bounded by the element limit).
/// MAT v7.3 (HDF5) files, and bare HDF5 files with the same columns, are read through <see cref="MatHdf5Parser"/>.
/// </summary>
public sealed class MatEventReader : IEventReader
{
    private readonly EventPacket _events;
    private int _next;

    private MatEventReader(EventStreamInfo info, EventPacket events)
    {
        Info = info;
        _events = events;
    }

    public EventStreamInfo Info { get; }

    public static MatEventReader Open(EventByteSource source, EventStreamInfo info)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(info);
        using (source)
        {
            source.Ensure(520);
            if (MatHdf5Parser.IsHdf5(source.Span))
            {
                var columns = MatHdf5Parser.Read(source);
                info.SetMetadata("variable", columns.Variable);
                info.SetMetadata("layout", columns.Variable == "TD" ? "ebssa_td" : "xyp_ts");
                info.SetMetadata("container", "hdf5");
                return new MatEventReader(info, FromColumns(columns.X, columns.Y, columns.P, columns.Ts, columns.CoordinatesOneBased, source));
            }

            var arrays = MatV5Parser.ReadAll(source);
            var td = arrays.FirstOrDefault(a => a.ClassId == MatArray.StructClass && HasEventFields(a));
            if (td is not null)
            {
                info.SetMetadata("variable", td.Name);
                info.SetMetadata("layout", "ebssa_td");
                return new MatEventReader(info, FromTd(td, source));
            }

            var train = arrays.FirstOrDefault(a => a.IsNumeric && a.Dimensions.Count == 2 && a.Dimensions[0] == 101);
            if (train is not null)
            {
                info.SetMetadata("variable", train.Name);
                info.SetMetadata("layout", "stmnist_spiketrain");
                info.Geometry = new SensorGeometry(10, 10);
                return new MatEventReader(info, FromSpikeTrain(train));
            }

            throw source.Error(0, "MAT-file holds neither a TD struct (x, y, p, ts) nor a 101-row spiketrain matrix");
        }
    }

    public int Read(EventPacket into, int maxEvents)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentOutOfRangeException.ThrowIfNegative(maxEvents);
        int take = Math.Min(maxEvents, _events.Count - _next);
        into.CopyFrom(_events, _next, take);
        _next += take;
        return take;
    }

    public void Dispose()
    {
    }

    private static bool HasEventFields(MatArray a) =>
        a.Fields.ContainsKey("x") && a.Fields.ContainsKey("y") && a.Fields.ContainsKey("p") && a.Fields.ContainsKey("ts");

    private static EventPacket FromTd(MatArray td, EventByteSource source) =>
        FromColumns(td.Fields["x"].Data, td.Fields["y"].Data, td.Fields["p"].Data, td.Fields["ts"].Data, oneBased: true, source);

    /// <summary>Events from x, y, p, ts columns; MATLAB's 1-based coordinates become 0-based.</summary>
    private static EventPacket FromColumns(double[] x, double[] y, double[] p, double[] ts, bool oneBased, EventByteSource source)
    {
        if (x.Length != y.Length || x.Length != p.Length || x.Length != ts.Length)
        {
            throw source.Error(0, $"event fields differ in length (x {x.Length}, y {y.Length}, p {p.Length}, ts {ts.Length})");
        }

        int first = oneBased ? 1 : 0;
        int last = first + ushort.MaxValue;
        var events = new EventPacket(Math.Max(1, x.Length));
        for (int i = 0; i < x.Length; i++)
        {
            if (!(x[i] >= first && x[i] <= last && y[i] >= first && y[i] <= last))
            {
                throw source.Error(0, $"event {i} has coordinates ({x[i]}, {y[i]}) outside {first}..{last}");
            }

            if (!(Math.Abs(ts[i]) < 9.2e18))
            {
                throw source.Error(0, $"event {i} has timestamp {ts[i]}, not a µs count");
            }

            events.Add((long)ts[i], (int)x[i] - first, (int)y[i] - first, p[i] > 0 ? (byte)1 : (byte)0);
        }

        return events;
    }

    private static EventPacket FromSpikeTrain(MatArray train)
    {
        const int Rows = 101;
        int columns = train.Dimensions[1];
        var events = new EventPacket(Math.Max(1, columns));
        for (int c = 0; c < columns; c++)
        {
            long t = (long)(train.Data[(c * Rows) + 100] * 1e6);
            for (int r = 0; r < 100; r++)
            {
                double v = train.Data[(c * Rows) + r];
                if (v != 0)
                {
                    events.Add(t, r % 10, r / 10, v > 0 ? (byte)1 : (byte)0);
                }
            }
        }

        return events;
    }
}
