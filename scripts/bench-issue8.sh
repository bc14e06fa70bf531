#!/usr/bin/env bash
# Issue 8's acceptance figures in one run, side by side (docs/performance.md quotes its output).
# Builds Release, then runs `spikeseg bench` for each configuration the issue names and prints one JSON line per
# configuration plus the ratios the issue asks for. Each ratio comes from PAIRS pairs of runs taken back to back
# (numerator and denominator in the same minute) and is reported as the median of the pairs with every pair
# beside it: on a shared machine one disturbed minute should move one pair, not the figure.
# Run on an otherwise idle machine; prints `uptime` first and last.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/SpikeSeg.Host -c Release -nologo -clp:ErrorsOnly >/dev/null
bench=src/SpikeSeg.Host/bin/Release/net10.0/spikeseg
repeat=${REPEAT:-5}
pairs=${PAIRS:-3}
out=${OUT:-/tmp/issue8}
mkdir -p "$out"
echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD) $(lscpu | sed -n 's/^Model name: *//p') $(nproc) CPUs; uptime: $(uptime)"
run() { local name=$1; shift; printf '%s ' "$name"; "$bench" bench "$@" --json | tee "$out/$name"; }
ref=(--scene reference-bench --preset reference-config --seconds 10 --mode infer --threads 1 --repeat "$repeat")
davis=(--scene sda-davis --preset sda-live --seconds 4 --dt-us 1000 --mode learn --repeat "$repeat")
for p in $(seq 1 "$pairs"); do
  run "ref-100ms-$p" "${ref[@]}" --dt-us 100000
  run "ref-1ms-$p" "${ref[@]}" --dt-us 1000
done
run dense-100ms --scene reference-bench --preset reference-config --seconds 2 --dt-us 100000 --mode infer --repeat 1 --baseline dense --warmup-s 0
run dense-1ms --scene reference-bench --preset reference-config --seconds 0.5 --dt-us 1000 --mode infer --repeat 1 --baseline dense --warmup-s 0
for p in $(seq 1 "$pairs"); do
  run "davis-1-$p" "${davis[@]}" --threads 1
  run "davis-2-$p" "${davis[@]}" --threads 2
done
run gen4-1 --scene sda-gen4 --preset sda-live --seconds 1 --dt-us 1000 --mode learn --threads 1 --repeat 3
run gen4-pipe-2 --scene sda-gen4 --preset sda-live --seconds 1 --dt-us 1000 --mode learn --threads 2 --pipeline --repeat 3
OUT="$out" PAIRS="$pairs" python3 - <<'PY'
import json, os, statistics
out, pairs = os.environ['OUT'], int(os.environ['PAIRS'])
def load(name):
    with open(f'{out}/{name}') as f:
        return json.load(f)
def ratio(label, top, bottom, key='events_per_s'):
    rs = [load(f'{top}-{p}')[key] / load(f'{bottom}-{p}')[key] for p in range(1, pairs + 1)]
    print(f"ratio {label}: median {statistics.median(rs):.3f} (pairs: {', '.join(f'{r:.3f}' for r in rs)})")
ratio('dt 1 ms / 100 ms (events/s)', 'ref-1ms', 'ref-100ms')
ratio('2 streams / 1 stream (events/s)', 'davis-2', 'davis-1')
d100, d1 = load('dense-100ms')['dense'], load('dense-1ms')['dense']
print(f"ratio dense baseline dt 1 ms / 100 ms (events/s): {d1['events_per_s'] / d100['events_per_s']:.3f}")
for name in ['ref-100ms', 'davis-1']:
    vals = [load(f'{name}-{p}') for p in range(1, pairs + 1)]
    eps = ', '.join('%.2f M' % (v['events_per_s'] / 1e6) for v in vals)
    rtf = ', '.join('%.2f' % v['realtime_factor'] for v in vals)
    p99 = ', '.join('%.0f us' % v['latency_p99_us'] for v in vals)
    print(f"{name}: events/s {eps}; x real time {rtf}; p99 {p99}")
PY
echo "# uptime: $(uptime)"
