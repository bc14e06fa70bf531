namespace SpikeSeg.Core.Tracking;

/// <summary>
/// Links instances across steps into tracks with stable ids: constant-velocity prediction, a distance
/// gate, and global-nearest-neighbour assignment solved greedily over all (track, detection) pairs in
/// ascending distance, confirmed tracks first. Greedy GNN is exact enough here because satellites are sparse
/// and far apart compared with the gate, and it is deterministic (ties broken by track id, then detection
/// index), which the reproducibility rule of design.md §3 requires. A confirmed track coasts through missed
/// steps for up to <see cref="TrackerOptions.MaxGapUs"/>; a tentative one (a stray detection) lives only
/// <see cref="TrackerOptions.TentativeMaxGapUs"/>, so it cannot wait beside a real track and take over its
/// detections when the real track's prediction drifts.
/// </summary>
public sealed class InstanceTracker
{
    private readonly TrackerOptions _options;
    // Sized up front so that the live path's first few tracks do not grow buffers mid-stream.
    private readonly List<Track> _active = new(16);
    private readonly List<(int Rank, double Distance, int Track, int Detection)> _pairs = new(64);
    private bool[] _trackTaken = new bool[16];
    private int _nextId;

    public InstanceTracker(TrackerOptions? options = null)
    {
        _options = options ?? TrackerOptions.Default;
        if (_options.GateRadiusPx <= 0 || _options.MaxGapUs <= 0 || _options.ConfirmHits < 1
            || _options.VelocitySmoothing <= 0 || _options.VelocitySmoothing > 1 || _options.TentativeMaxGapUs <= 0
            || _options.PositionSmoothing <= 0 || _options.PositionSmoothing > 1)
        {
            throw new ArgumentException($"Invalid tracker options {_options}.", nameof(options));
        }
    }

    /// <summary>Tracks currently open (seen within the gap).</summary>
    public IReadOnlyList<Track> ActiveTracks => _active;

    /// <summary>Every track ever opened (ids are 0 … TracksCreated − 1).</summary>
    public int TracksCreated => _nextId;

    /// <summary>Tracks closed because they were not seen for longer than the gap.</summary>
    public int TracksClosed { get; private set; }

    /// <summary>
    /// Assigns every detection of the step ending at <paramref name="timeUs"/> to a track (continuing one or
    /// opening a new one). <paramref name="assignments"/> receives one entry per detection, in order.
    /// </summary>
    public void Update(long timeUs, ReadOnlySpan<TrackedDetection> detections, Span<TrackAssignment> assignments)
    {
        if (assignments.Length < detections.Length)
        {
            throw new ArgumentException("One assignment slot per detection is needed.", nameof(assignments));
        }

        CloseStaleTracks(timeUs);

        _pairs.Clear();
        double gate2 = _options.GateRadiusPx * _options.GateRadiusPx;
        for (int t = 0; t < _active.Count; t++)
        {
            var (px, py) = _active[t].PredictAt(timeUs);
            for (int d = 0; d < detections.Length; d++)
            {
                double dx = detections[d].CentroidX - px, dy = detections[d].CentroidY - py;
                double d2 = (dx * dx) + (dy * dy);
                if (d2 <= gate2)
                {
                    _pairs.Add((_active[t].Confirmed ? 0 : 1, d2, t, d));
                }
            }
        }

        _pairs.Sort(static (a, b) =>
        {
            int c = a.Rank.CompareTo(b.Rank);
            if (c != 0)
            {
                return c;
            }

            c = a.Distance.CompareTo(b.Distance);
            if (c != 0)
            {
                return c;
            }

            c = a.Track.CompareTo(b.Track);
            return c != 0 ? c : a.Detection.CompareTo(b.Detection);
        });

        if (_trackTaken.Length < _active.Count)
        {
            _trackTaken = new bool[Math.Max(_active.Count, _trackTaken.Length * 2)];
        }

        Array.Clear(_trackTaken, 0, _active.Count);
        for (int d = 0; d < detections.Length; d++)
        {
            assignments[d] = new TrackAssignment(-1, false);
        }

        foreach (var (_, _, t, d) in _pairs)
        {
            if (_trackTaken[t] || assignments[d].TrackId >= 0)
            {
                continue;
            }

            _trackTaken[t] = true;
            var track = _active[t];
            Continue(track, detections[d], timeUs);
            assignments[d] = new TrackAssignment(track.Id, track.Confirmed);
        }

        for (int d = 0; d < detections.Length; d++)
        {
            if (assignments[d].TrackId < 0)
            {
                var track = new Track(_nextId++, detections[d].CentroidX, detections[d].CentroidY, timeUs)
                {
                    Confirmed = _options.ConfirmHits <= 1,
                };
                _active.Add(track);
                assignments[d] = new TrackAssignment(track.Id, track.Confirmed);
            }
        }
    }

    private void Continue(Track track, TrackedDetection detection, long timeUs)
    {
        // An α-β filter: the residual against the constant-velocity prediction corrects the position by α and the
        // velocity by β/Δt. The second hit initialises the velocity from the two detections (α = β = 1).
        double dtS = (timeUs - track.LastSeenUs) * 1e-6;
        var (px, py) = track.PredictAt(timeUs);
        double rx = detection.CentroidX - px, ry = detection.CentroidY - py;
        bool first = track.Hits == 1;
        if (dtS > 0)
        {
            double beta = first ? 1.0 : _options.VelocitySmoothing;
            track.VelocityXPerS += beta * rx / dtS;
            track.VelocityYPerS += beta * ry / dtS;
        }

        double alpha = first ? 1.0 : _options.PositionSmoothing;
        track.X = px + (alpha * rx);
        track.Y = py + (alpha * ry);
        track.LastSeenUs = timeUs;
        track.Hits++;
        track.Confirmed |= track.Hits >= _options.ConfirmHits;
    }

    private void CloseStaleTracks(long timeUs)
    {
        int kept = 0;
        for (int i = 0; i < _active.Count; i++)
        {
            long maxGapUs = _active[i].Confirmed ? _options.MaxGapUs : _options.TentativeMaxGapUs;
            if (timeUs - _active[i].LastSeenUs <= maxGapUs)
            {
                _active[kept++] = _active[i];
            }
            else
            {
                TracksClosed++;
            }
        }

        _active.RemoveRange(kept, _active.Count - kept);
    }
}
