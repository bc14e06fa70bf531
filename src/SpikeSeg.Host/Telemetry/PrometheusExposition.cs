using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace SpikeSeg.Host.Telemetry;

/// <summary>
/// Serves SpikeSeg's own instruments in the Prometheus text format (0.0.4). The OpenTelemetry Prometheus
/// exporter is not obtainable here, so a MeterListener aggregates the same instruments the OTLP exporter
/// sees: counters as running sums (<c>_total</c>), gauges and up-down counters as last/summed values,
/// histograms as cumulative buckets. Names follow the Prometheus conventions: dots become underscores and
/// the unit becomes a suffix (<c>s</c> → <c>_seconds</c>).
/// </summary>
public sealed class PrometheusExposition : IDisposable
{
    private static readonly double[] SecondsBuckets = [1e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 5e-2, 0.1, 0.5, 1, 5];
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Family> _families = new();
    private readonly Func<string, bool> _meterFilter;

    public PrometheusExposition(Func<string, bool>? meterFilter = null)
    {
        _meterFilter = meterFilter ?? (name => name.StartsWith("SpikeSeg", StringComparison.Ordinal));
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_meterFilter(instrument.Meter.Name))
            {
                _families.TryAdd(instrument, new Family(instrument));
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The Prometheus name of an OpenTelemetry instrument name and unit.</summary>
    public static string MetricName(string instrumentName, string? unit, bool isCounter)
    {
        var sb = new StringBuilder(instrumentName.Length + 16);
        foreach (char c in instrumentName)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }

        string suffix = unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "us" => "_microseconds",
            "By" => "_bytes",
            "1" => "_ratio",
            _ => "",
        };
        if (suffix.Length > 0 && !sb.ToString().EndsWith(suffix, StringComparison.Ordinal))
        {
            sb.Append(suffix);
        }

        if (isCounter)
        {
            sb.Append("_total");
        }

        return sb.ToString();
    }

    public string Scrape()
    {
        _listener.RecordObservableInstruments();
        var sb = new StringBuilder();
        foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            family.Write(sb);
        }

        return sb.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_families.TryGetValue(instrument, out var family))
        {
            family.Record(value, tags);
        }
    }

    private enum Kind
    {
        Counter,
        Gauge,
        UpDown,
        Histogram,
    }

    private sealed class Family
    {
        private readonly ConcurrentDictionary<string, Series> _series = new();
        private readonly Kind _kind;
        private readonly string _help;

        public Family(Instrument instrument)
        {
            Type t = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
            _kind = t == typeof(Counter<>) || t == typeof(ObservableCounter<>) ? Kind.Counter
                : t == typeof(Histogram<>) ? Kind.Histogram
                : t == typeof(UpDownCounter<>) || t == typeof(ObservableUpDownCounter<>) ? Kind.UpDown
                : Kind.Gauge;
            IsObservable = instrument.IsObservable;
            Name = MetricName(instrument.Name, instrument.Unit, _kind == Kind.Counter);
            _help = (instrument.Description ?? instrument.Name).Replace('\n', ' ');
        }

        public string Name { get; }

        private bool IsObservable { get; }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string labels = Labels(tags);
            var series = _series.GetOrAdd(labels, _ => new Series(_kind == Kind.Histogram));
            lock (series)
            {
                switch (_kind)
                {
                    case Kind.Counter when IsObservable:
                    case Kind.Gauge:
                        series.Value = value;
                        break;
                    case Kind.Counter:
                    case Kind.UpDown:
                        series.Value += value;
                        break;
                    case Kind.Histogram:
                        series.Count++;
                        series.Value += value;
                        for (int b = 0; b < SecondsBuckets.Length; b++)
                        {
                            if (value <= SecondsBuckets[b])
                            {
                                series.Buckets![b]++;
                            }
                        }

                        break;
                }
            }
        }

        public void Write(StringBuilder sb)
        {
            if (_series.IsEmpty)
            {
                return;
            }

            string type = _kind switch { Kind.Counter => "counter", Kind.Histogram => "histogram", _ => "gauge" };
            sb.Append("# HELP ").Append(Name).Append(' ').Append(_help).Append('\n');
            sb.Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
            foreach (var (labels, series) in _series.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                lock (series)
                {
                    if (_kind != Kind.Histogram)
                    {
                        Sample(sb, Name, labels, series.Value);
                        continue;
                    }

                    for (int b = 0; b < SecondsBuckets.Length; b++)
                    {
                        Sample(sb, Name + "_bucket", Join(labels, $"le=\"{Format(SecondsBuckets[b])}\""), series.Buckets![b]);
                    }

                    Sample(sb, Name + "_bucket", Join(labels, "le=\"+Inf\""), series.Count);
                    Sample(sb, Name + "_sum", labels, series.Value);
                    Sample(sb, Name + "_count", labels, series.Count);
                }
            }
        }

        private static void Sample(StringBuilder sb, string name, string labels, double value)
        {
            sb.Append(name);
            if (labels.Length > 0)
            {
                sb.Append('{').Append(labels).Append('}');
            }

            sb.Append(' ').Append(Format(value)).Append('\n');
        }

        private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

        private static string Format(double v) => double.IsPositiveInfinity(v) ? "+Inf" : v.ToString("R", CultureInfo.InvariantCulture);

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0)
            {
                return "";
            }

            var pairs = new List<(string, string)>(tags.Length);
            foreach (var tag in tags)
            {
                string key = new(tag.Key.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
                string value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
                pairs.Add((key, value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)));
            }

            pairs.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
            return string.Join(',', pairs.Select(p => $"{p.Item1}=\"{p.Item2}\""));
        }
    }

    private sealed class Series(bool histogram)
    {
        public double Value;
        public long Count;
        public readonly long[]? Buckets = histogram ? new long[SecondsBuckets.Length] : null;
    }
}
