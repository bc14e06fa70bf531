namespace SpikeSeg.Host.Dashboard;

/// <summary>One instance box on the dashboard, sensor pixels, inclusive; <see cref="Track"/> −1 when untracked.</summary>
internal readonly record struct DashboardBox(int X0, int Y0, int X1, int Y1, int Track, bool Confirmed);

/// <summary>
/// What the dashboard draws for one stretch of steps (about 33 ms): the active input pixels, which of them the
/// network claims (inside an instance box of their step), and the latest box of each track. Immutable once sealed;
/// the publisher thread reads it while the segmenter thread builds the next one.
/// </summary>
/// <param name="Seq">Frame number: first step / steps per frame, so it grows with stream time.</param>
/// <param name="Pixels">Packed active pixels: <c>(y·inputWidth + x) &lt;&lt; 2 | salient &lt;&lt; 1 | channel</c>.</param>
/// <param name="PixelsDropped">Active pixels left out because the frame reached its pixel cap.</param>
internal sealed record DashboardFrame(
    string Stream,
    long Seq,
    long FirstStep,
    long LastStep,
    long TStartUs,
    long TEndUs,
    long Events,
    int Instances,
    uint[] Pixels,
    int PixelsDropped,
    DashboardBox[] Boxes);
