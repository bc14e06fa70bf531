using SpikeSeg.Core.Tracking;

namespace SpikeSeg.Tests.Core.Tracking;

public sealed class InstanceTrackerTests
{
    private const long StepUs = 10_000;

    private static TrackAssignment[] Step(InstanceTracker tracker, long t, params (double X, double Y)[] points)
    {
        var detections = points.Select(p => new TrackedDetection(p.X, p.Y)).ToArray();
        var result = new TrackAssignment[detections.Length];
        tracker.Update(t, detections, result);
        return result;
    }

    [Fact]
    public void SatelliteCrossingTheFieldKeepsOneId()
    {
        var tracker = new InstanceTracker();
        var ids = new HashSet<int>();
        for (int k = 0; k < 100; k++)
        {
            // 2 px per step: faster than half the gate, so only a velocity prediction keeps up after turns of speed.
            var a = Step(tracker, k * StepUs, (10 + (2.0 * k), 50 + (0.5 * k)));
            ids.Add(a[0].TrackId);
        }

        Assert.Single(ids);
        Assert.True(tracker.ActiveTracks[0].Confirmed);
        Assert.Equal(200.0, tracker.ActiveTracks[0].VelocityXPerS, 6);
    }

    [Fact]
    public void FastObjectBeyondTheGateIsFollowedByPrediction()
    {
        // 10 px per step is beyond the 6 px gate; after two hits the velocity estimate carries it.
        var tracker = new InstanceTracker(new TrackerOptions(GateRadiusPx: 6, VelocitySmoothing: 1.0));
        Step(tracker, 0, (0, 0));
        Step(tracker, StepUs, (5, 0));
        var ids = new HashSet<int>();
        for (int k = 2; k < 20; k++)
        {
            ids.Add(Step(tracker, k * StepUs, (5 + (5.0 * (k - 1)), 0))[0].TrackId);
        }

        Assert.Single(ids);
    }

    [Fact]
    public void TwoObjectsKeepTheirOwnIds()
    {
        var tracker = new InstanceTracker();
        int? first = null, second = null;
        for (int k = 0; k < 50; k++)
        {
            // Listed in alternating order so the result cannot depend on input order.
            var pa = (10 + (1.0 * k), 20.0);
            var pb = (100 - (1.0 * k), 80.0);
            var a = k % 2 == 0 ? Step(tracker, k * StepUs, pa, pb) : Step(tracker, k * StepUs, pb, pa);
            int idA = k % 2 == 0 ? a[0].TrackId : a[1].TrackId;
            int idB = k % 2 == 0 ? a[1].TrackId : a[0].TrackId;
            first ??= idA;
            second ??= idB;
            Assert.Equal(first, idA);
            Assert.Equal(second, idB);
        }

        Assert.NotEqual(first, second);
        Assert.Equal(2, tracker.TracksCreated);
    }

    [Fact]
    public void GapLongerThanAllowedOpensANewTrack()
    {
        var options = new TrackerOptions(MaxGapUs: 50_000);
        var tracker = new InstanceTracker(options);
        int id0 = Step(tracker, 0, (10, 10))[0].TrackId;
        int id1 = Step(tracker, 40_000, (10, 10))[0].TrackId;
        int id2 = Step(tracker, 100_000, (10, 10))[0].TrackId;
        Assert.Equal(id0, id1);
        Assert.NotEqual(id1, id2);
        Assert.Equal(1, tracker.TracksClosed);
    }

    [Fact]
    public void SingleStepNoiseIsNeverConfirmed()
    {
        var tracker = new InstanceTracker(new TrackerOptions(ConfirmHits: 3));
        var a = Step(tracker, 0, (10, 10), (200, 100));
        Assert.All(a, x => Assert.False(x.Confirmed));
        var b = Step(tracker, StepUs, (11, 10));
        Assert.False(b[0].Confirmed);
        var c = Step(tracker, 2 * StepUs, (12, 10));
        Assert.True(c[0].Confirmed);
        Assert.Equal(a[0].TrackId, c[0].TrackId);
    }

    [Fact]
    public void ContestedDetectionGoesToTheNearestPrediction()
    {
        var tracker = new InstanceTracker(new TrackerOptions(GateRadiusPx: 10));
        Step(tracker, 0, (0, 0), (8, 0));
        var a = Step(tracker, StepUs, (7, 0));
        // Track at 8 is 1 px away, track at 0 is 7 px away: the nearer one wins, the other is left unmatched.
        Assert.Equal(1, a[0].TrackId);
    }

    [Fact]
    public void ConfirmedTrackTakesItsDetectionBeforeANearerTentativeOne()
    {
        var tracker = new InstanceTracker(new TrackerOptions(GateRadiusPx: 10));
        Step(tracker, 0, (0, 0));
        int confirmed = Step(tracker, StepUs, (0, 0))[0].TrackId;
        // A stray detection opens a tentative track 4 px away; the next detection is nearer to it than to the real track.
        int tentative = Step(tracker, 2 * StepUs, (0, 0), (4, 0))[1].TrackId;
        var a = Step(tracker, 3 * StepUs, (3, 0));
        Assert.NotEqual(confirmed, tentative);
        Assert.Equal(confirmed, a[0].TrackId);
    }

    [Fact]
    public void TentativeTrackClosesAfterItsShortGapWhileAConfirmedOneCoasts()
    {
        var options = new TrackerOptions(TentativeMaxGapUs: 30_000, MaxGapUs: 500_000);
        var tracker = new InstanceTracker(options);
        int stray = Step(tracker, 0, (10, 10), (100, 100))[1].TrackId;
        int confirmed = Step(tracker, StepUs, (10, 10))[0].TrackId;
        Assert.Equal(2, tracker.ActiveTracks.Count);

        // 40 ms after its last hit the confirmed track continues; the one-hit track (50 ms) was closed, so a new id opens.
        var a = Step(tracker, 5 * StepUs, (10, 10), (100, 100));
        Assert.Equal(confirmed, a[0].TrackId);
        Assert.NotEqual(stray, a[1].TrackId);
        Assert.Equal(1, tracker.TracksClosed);
    }

    [Fact]
    public void OneStrayCentroidDoesNotBreakASlowTrack()
    {
        // 0.4 px per step with one centroid 6.4 px off the path (inside the 8 px gate): with α = 1 and β = 0.5 the
        // velocity jumps by 320 px/s and the next detection falls outside the gate; the α-β defaults absorb it.
        static HashSet<int> Run(TrackerOptions options)
        {
            var tracker = new InstanceTracker(options);
            var ids = new HashSet<int>();
            for (int k = 0; k < 60; k++)
            {
                double x = 100 + (0.4 * k), y = 50;
                if (k == 30)
                {
                    x -= 5;
                    y += 4;
                }

                ids.Add(Step(tracker, k * StepUs, (x, y))[0].TrackId);
            }

            return ids;
        }

        Assert.Single(Run(TrackerOptions.Default));
        Assert.True(Run(TrackerOptions.Default with { PositionSmoothing = 1.0, VelocitySmoothing = 0.5 }).Count > 1);
    }

    [Fact]
    public void PositionFollowsThePredictionCorrectedByAlpha()
    {
        var tracker = new InstanceTracker(new TrackerOptions(PositionSmoothing: 0.25, VelocitySmoothing: 0.5));
        Step(tracker, 0, (0, 0));
        Step(tracker, StepUs, (1, 0)); // initialises: x = 1, v = 100 px/s
        Step(tracker, 2 * StepUs, (4, 0)); // predicted 2, residual 2
        var track = tracker.ActiveTracks[0];
        Assert.Equal(2 + (0.25 * 2), track.X, 9);
        Assert.Equal(100 + (0.5 * 2 / 0.01), track.VelocityXPerS, 6);
    }

    [Fact]
    public void RejectsInvalidOptions()
    {
        Assert.Throws<ArgumentException>(() => new InstanceTracker(new TrackerOptions(GateRadiusPx: 0)));
        Assert.Throws<ArgumentException>(() => new InstanceTracker(new TrackerOptions(VelocitySmoothing: 1.5)));
        Assert.Throws<ArgumentException>(() => new InstanceTracker(new TrackerOptions(PositionSmoothing: 0)));
        Assert.Throws<ArgumentException>(() => new InstanceTracker(new TrackerOptions(TentativeMaxGapUs: 0)));
    }
}
