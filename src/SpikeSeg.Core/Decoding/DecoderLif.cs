namespace SpikeSeg.Core.Decoding;

/// <summary>
/// The decoder's LIF over an HWC map: <c>V ← max(V + I − λ, 0)</c>; spike where <c>V ≥ θ</c>; reset to 0.
/// No fire-once: a neuron may fire on every step.
/// </summary>
public static class DecoderLif
{
    /// <summary>Integrates <paramref name="currentHwc"/> into <paramref name="membraneHwc"/> and appends the spikes (value 1) as cells.</summary>
    public static void Step(ReadOnlySpan<float> currentHwc, Span<float> membraneHwc, int channels, int width, float threshold, float leak, List<ActiveCell> spikes)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        for (int n = 0; n < membraneHwc.Length; n++)
        {
            float v = Math.Max(membraneHwc[n] + currentHwc[n] - leak, 0f);
            if (v >= threshold)
            {
                int pixel = n / channels;
                spikes.Add(new ActiveCell(n % channels, pixel / width, pixel % width, 1f));
                v = 0f;
            }

            membraneHwc[n] = v;
        }
    }
}
