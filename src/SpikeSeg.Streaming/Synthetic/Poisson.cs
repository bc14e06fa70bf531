using SpikeSeg.Core.Randomness;

namespace SpikeSeg.Streaming.Synthetic;

internal static class Poisson
{
    /// <summary>Knuth's product-of-uniforms draw; exact, and cheap for the small means used here (≤ 64).</summary>
    public static int Draw(double mean, DeterministicRandom random)
    {
        if (mean <= 0)
        {
            return 0;
        }

        double limit = Math.Exp(-mean);
        int k = 0;
        double product = random.NextDouble();
        while (product > limit)
        {
            k++;
            product *= random.NextDouble();
        }

        return k;
    }
}
