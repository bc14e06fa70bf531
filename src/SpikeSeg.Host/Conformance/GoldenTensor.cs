using System.Text.Json;

namespace SpikeSeg.Host.Conformance;

/// <summary>
/// A tensor from a golden case file: <c>{"shape", "data"}</c> (row-major nested lists, "inf"/"-inf" strings
/// for infinities) or <c>{"shape", "ones": [[idx...]...]}</c> for sparse binary tensors.
/// </summary>
public sealed class GoldenTensor
{
    public GoldenTensor(int[] shape, double[] data)
    {
        Shape = shape;
        Data = data;
    }

    public int[] Shape { get; }

    /// <summary>Row-major values, in double so that float32 golden values survive exactly.</summary>
    public double[] Data { get; }

    public int Length => Data.Length;

    public float[] ToFloat()
    {
        var result = new float[Data.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = (float)Data[i];
        }

        return result;
    }

    public int[] ToInt()
    {
        var result = new int[Data.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = checked((int)Data[i]);
        }

        return result;
    }

    public static GoldenTensor Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("shape", out var shapeElement))
        {
            throw new FormatException($"Expected a tensor object with a 'shape', got {element.ValueKind}.");
        }

        int[] shape = shapeElement.EnumerateArray().Select(e => e.GetInt32()).ToArray();
        long length = 1;
        foreach (int d in shape)
        {
            length *= d;
        }

        var data = new double[checked((int)length)];
        if (element.TryGetProperty("data", out var dense))
        {
            int at = 0;
            Flatten(dense, data, ref at);
            if (at != data.Length)
            {
                throw new FormatException($"Tensor data has {at} values, shape says {data.Length}.");
            }
        }
        else if (element.TryGetProperty("ones", out var ones))
        {
            foreach (var index in ones.EnumerateArray())
            {
                long flat = 0;
                int axis = 0;
                foreach (var i in index.EnumerateArray())
                {
                    flat = (flat * shape[axis]) + i.GetInt32();
                    axis++;
                }

                data[flat] = 1.0;
            }
        }
        else
        {
            throw new FormatException("Tensor has neither 'data' nor 'ones'.");
        }

        return new GoldenTensor(shape, data);
    }

    public static double ParseNumber(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString() switch
        {
            "inf" or "Infinity" => double.PositiveInfinity,
            "-inf" or "-Infinity" => double.NegativeInfinity,
            "nan" or "NaN" => double.NaN,
            var s => throw new FormatException($"Unexpected string '{s}' in tensor data."),
        },
        JsonValueKind.True => 1.0,
        JsonValueKind.False => 0.0,
        _ => throw new FormatException($"Unexpected {e.ValueKind} in tensor data."),
    };

    private static void Flatten(JsonElement e, double[] into, ref int at)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in e.EnumerateArray())
            {
                Flatten(child, into, ref at);
            }

            return;
        }

        if (at >= into.Length)
        {
            throw new FormatException("Tensor data has more values than its shape.");
        }

        into[at++] = ParseNumber(e);
    }
}
