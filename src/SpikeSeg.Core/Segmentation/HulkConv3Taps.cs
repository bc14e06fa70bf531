using SpikeSeg.Core.Decoding;

namespace SpikeSeg.Core.Segmentation;

/// <summary>
/// What HULK's first stage yields, per weights version. trans_conv3 of a one-hot at (class, y, x) is that class's
/// kernel itself (0 + 1·w = w), so which conv2 cells pass τ depends only on the weights: per kernel tap
/// (class, a, b) the conv2 channels above τ, ascending. A spike near the border walks the taps of its clipped
/// window. Also per class: whether every conv1 cell its spikes can touch ends above τ whatever the sums — with no
/// negative conv2 weight a float sum never falls below any one of its terms (round-to-nearest is monotone), so a
/// touched conv1 cell is above τ as soon as every weight that can reach it is; untrained weights (≈ 0.8) are.
/// </summary>
internal sealed class HulkConv3Taps
{
    private int[] _tapStart = [];
    private int[] _tapChannels = [];
    private bool[] _conv1Certain = [];
    private bool[] _aboveTau = [];

    /// <summary>Conv2 channels above τ of every tap, tap after tap; tap t's are [Start(t), Start(t + 1)).</summary>
    public ReadOnlySpan<int> Channels => _tapChannels;

    public int Start(int tap) => _tapStart[tap];

    /// <summary>Whether a spike of <paramref name="classId"/> leaves every conv1 cell it touches above τ.</summary>
    public bool Conv1Certain(int classId) => _conv1Certain[classId];

    /// <summary>Rebuilds from re-laid kernels (reusing the arrays when the shapes stay).</summary>
    public void Rebuild(TransposedKernel kernel3, TransposedKernel kernel2, float tau)
    {
        int taps = kernel3.SourceChannels * kernel3.KernelSize * kernel3.KernelSize;
        int channels = kernel3.TargetChannels;
        if (_tapStart.Length != taps + 1)
        {
            _tapStart = new int[taps + 1];
        }

        if (_tapChannels.Length != taps * channels)
        {
            _tapChannels = new int[taps * channels];
        }

        var values = kernel3.Values;
        int n = 0;
        for (int tap = 0; tap < taps; tap++)
        {
            _tapStart[tap] = n;
            for (int c = 0; c < channels; c++)
            {
                if (values[(tap * channels) + c] > tau)
                {
                    _tapChannels[n++] = c;
                }
            }
        }

        _tapStart[taps] = n;
        RebuildCertainty(kernel2, kernel3.SourceChannels, taps / kernel3.SourceChannels, tau);
    }

    private void RebuildCertainty(TransposedKernel kernel2, int classes, int tapsPerClass, float tau)
    {
        var weights2 = kernel2.Values;
        int sources = kernel2.SourceChannels;
        int perSource = weights2.Length / sources;
        if (_aboveTau.Length != sources)
        {
            _aboveTau = new bool[sources];
        }

        // NaN fails both tests, so a NaN weight makes nothing certain.
        bool noneNegative = true;
        for (int c = 0; c < sources; c++)
        {
            bool above = true;
            foreach (float w in weights2.AsSpan(c * perSource, perSource))
            {
                noneNegative &= w >= 0f;
                above &= w > tau;
            }

            _aboveTau[c] = above;
        }

        if (_conv1Certain.Length != classes)
        {
            _conv1Certain = new bool[classes];
        }

        for (int i = 0; i < classes; i++)
        {
            bool certain = noneNegative;
            for (int t = _tapStart[i * tapsPerClass]; t < _tapStart[(i + 1) * tapsPerClass] && certain; t++)
            {
                certain = _aboveTau[_tapChannels[t]];
            }

            _conv1Certain[i] = certain;
        }
    }
}
