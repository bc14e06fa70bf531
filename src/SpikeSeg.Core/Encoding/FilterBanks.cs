namespace SpikeSeg.Core.Encoding;

/// <summary>
/// Fixed first-layer kernels (reference-semantics §1.4). Each bank is row-major <c>(out, in, k, k)</c>;
/// values are computed in float64 and stored as float32.
/// </summary>
public static class FilterBanks
{
    /// <summary>Normalised Gaussian on a k×k grid centred at (k − 1)/2: exp(−(x² + y²)/(2σ²)) / Σ.</summary>
    public static double[] Gaussian(int size, double sigma)
    {
        ValidateSize(size);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        var kernel = new double[size * size];
        double centre = (size - 1) / 2.0;
        double sum = 0;
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                double x = i - centre, y = j - centre;
                double v = Math.Exp(-((x * x) + (y * y)) / (2 * sigma * sigma));
                kernel[(i * size) + j] = v;
                sum += v;
            }
        }

        for (int i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= sum;
        }

        return kernel;
    }

    /// <summary>Difference of Gaussians, shape (2, 1, k, k): channel 0 = centre − surround (ON), channel 1 = surround − centre (OFF).</summary>
    public static float[] DifferenceOfGaussians(int size = 7, double sigmaCenter = 1.0, double sigmaSurround = 2.0)
    {
        double[] centre = Gaussian(size, sigmaCenter);
        double[] surround = Gaussian(size, sigmaSurround);
        int cells = size * size;
        var bank = new float[2 * cells];
        for (int i = 0; i < cells; i++)
        {
            bank[i] = (float)(centre[i] - surround[i]);
            bank[cells + i] = (float)(surround[i] - centre[i]);
        }

        return bank;
    }

    /// <summary>
    /// Gabor bank, shape (n, 1, k, k): orientation θᵢ = π(i + 1)/n, x along the row axis, Gaussian envelope
    /// exp(−(x² + y²)/(2σ²)) times cos(2π·f·x_θ) with x_θ = x·cosθ + y·sinθ, each kernel made zero-mean.
    /// </summary>
    public static float[] Gabor(int size = 5, double sigma = 1.0, double frequency = 0.5, int orientations = 4)
    {
        ValidateSize(size);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(orientations);
        int cells = size * size;
        var bank = new float[orientations * cells];
        var kernel = new double[cells];
        double centre = (size - 1) / 2.0;
        for (int o = 0; o < orientations; o++)
        {
            double theta = Math.PI * (o + 1) / orientations;
            double cos = Math.Cos(theta), sin = Math.Sin(theta);
            double mean = 0;
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j < size; j++)
                {
                    double x = i - centre, y = j - centre;
                    double along = (x * cos) + (y * sin);
                    double across = (-x * sin) + (y * cos);
                    double v = Math.Exp(-((along * along) + (across * across)) / (2 * sigma * sigma)) * Math.Cos(2 * Math.PI * frequency * along);
                    kernel[(i * size) + j] = v;
                    mean += v;
                }
            }

            mean /= cells;
            for (int k = 0; k < cells; k++)
            {
                bank[(o * cells) + k] = (float)(kernel[k] - mean);
            }
        }

        return bank;
    }

    /// <summary>
    /// Conv1 initialisation of the reference trainer: the DoG pair (σ 1 / 2) repeated ON, OFF, ON, OFF, … over
    /// <paramref name="outChannels"/>, the same 2-D kernel copied into every input channel; shape (out, in, k, k).
    /// Values are negative in places and deliberately not clamped to the weight range.
    /// </summary>
    public static float[] Conv1DogInit(int outChannels, int inChannels, int size, double sigmaCenter = 1.0, double sigmaSurround = 2.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        float[] dog = DifferenceOfGaussians(size, sigmaCenter, sigmaSurround);
        int cells = size * size;
        var weights = new float[outChannels * inChannels * cells];
        for (int o = 0; o < outChannels; o++)
        {
            ReadOnlySpan<float> source = dog.AsSpan((o % 2) * cells, cells);
            for (int c = 0; c < inChannels; c++)
            {
                source.CopyTo(weights.AsSpan(((o * inChannels) + c) * cells, cells));
            }
        }

        return weights;
    }

    private static void ValidateSize(int size) => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
}
