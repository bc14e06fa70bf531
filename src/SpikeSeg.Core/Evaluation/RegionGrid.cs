namespace SpikeSeg.Core.Evaluation;

/// <summary>Per-slice TRUE/FALSE region densities over the sensor area, with reusable pixel masks.</summary>
internal sealed class RegionGrid(int width, int height)
{
    private readonly bool[] _truth = new bool[width * height];
    private readonly bool[] _detected = new bool[width * height];

    public void Classify(IReadOnlyList<ScoredDetection> detections, List<LabelPoint> truth, double radius, ref int tp, ref int fn, ref int fp, ref int tn)
    {
        Array.Clear(_truth);
        Array.Clear(_detected);
        int truthPixels = 0, detectedPixels = 0, detectedInTruth = 0;
        int r = (int)Math.Ceiling(radius);
        foreach (var l in truth)
        {
            int cx = (int)Math.Round(l.X), cy = (int)Math.Round(l.Y);
            for (int y = Math.Max(0, cy - r); y <= Math.Min(height - 1, cy + r); y++)
            {
                for (int x = Math.Max(0, cx - r); x <= Math.Min(width - 1, cx + r); x++)
                {
                    double dx = x - l.X, dy = y - l.Y;
                    if ((dx * dx) + (dy * dy) <= radius * radius && !_truth[(y * width) + x])
                    {
                        _truth[(y * width) + x] = true;
                        truthPixels++;
                    }
                }
            }
        }

        foreach (var d in detections)
        {
            for (int y = Math.Max(0, d.Y0); y <= Math.Min(height - 1, d.Y1); y++)
            {
                for (int x = Math.Max(0, d.X0); x <= Math.Min(width - 1, d.X1); x++)
                {
                    int i = (y * width) + x;
                    if (!_detected[i])
                    {
                        _detected[i] = true;
                        detectedPixels++;
                        if (_truth[i])
                        {
                            detectedInTruth++;
                        }
                    }
                }
            }
        }

        int area = width * height;
        double global = (double)detectedPixels / area;
        if (truthPixels > 0)
        {
            double inTruth = (double)detectedInTruth / truthPixels;
            if (inTruth > global)
            {
                tp++;
            }
            else
            {
                fn++;
            }
        }

        int falsePixels = area - truthPixels;
        if (falsePixels > 0)
        {
            double inFalse = (double)(detectedPixels - detectedInTruth) / falsePixels;
            bool positive = truthPixels == 0 ? detectedPixels > 0 : inFalse > global;
            if (positive)
            {
                fp++;
            }
            else
            {
                tn++;
            }
        }
    }
}
