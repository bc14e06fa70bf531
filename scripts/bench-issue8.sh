#!/usr/bin/env bash
# Issue 8's acceptance figures in one run, side by side (docs/performance.md quotes its output).
# Builds Release, then runs `spikeseg bench` for each configuration the issue names and prints one JSON line per
# configuration plus the ratios the issue asks for. Run on an otherwise idle machine; prints `uptime` first and last.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/SpikeSeg.Host -c Release -nologo -clp:ErrorsOnly >/dev/null
bench=src/SpikeSeg.Host/bin/Release/net10.0/spikeseg
repeat=${REPEAT:-5}
echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD) $(lscpu | sed -n 's/^Model name: *//p') $(nproc) CPUs; uptime: $(uptime)"
run() { local name=$1; shift; printf '%s ' "$name"; "$bench" bench "$@" --json; }
run ref-100ms   --scene reference-bench --preset reference-config --seconds 10 --dt-us 100000 --mode infer --threads 1 --repeat "$repeat" | tee /tmp/issue8-ref100
run ref-1ms     --scene reference-bench --preset reference-config --seconds 10 --dt-us 1000 --mode infer --threads 1 --repeat "$repeat" | tee /tmp/issue8-ref1
run dense-100ms --scene reference-bench --preset reference-config --seconds 2 --dt-us 100000 --mode infer --repeat 1 --baseline dense --warmup-s 0
run dense-1ms   --scene reference-bench --preset reference-config --seconds 0.5 --dt-us 1000 --mode infer --repeat 1 --baseline dense --warmup-s 0
run davis-1     --scene sda-davis --preset sda-live --seconds 4 --dt-us 1000 --mode learn --threads 1 --repeat "$repeat" | tee /tmp/issue8-davis1
run davis-2     --scene sda-davis --preset sda-live --seconds 4 --dt-us 1000 --mode learn --threads 2 --repeat "$repeat" | tee /tmp/issue8-davis2
run gen4-1      --scene sda-gen4 --preset sda-live --seconds 1 --dt-us 1000 --mode learn --threads 1 --repeat 3
run gen4-pipe-2 --scene sda-gen4 --preset sda-live --seconds 1 --dt-us 1000 --mode learn --threads 2 --pipeline --repeat 3
python3 - <<'PY'
import json
def load(name):
    with open(f'/tmp/issue8-{name}') as f:
        return json.loads(f.read().split(' ', 1)[1])
r100, r1, d1, d2 = load('ref100'), load('ref1'), load('davis1'), load('davis2')
print(f"ratio dt 1 ms / 100 ms (events/s): {r1['events_per_s'] / r100['events_per_s']:.3f}")
print(f"ratio 2 streams / 1 stream (events/s): {d2['events_per_s'] / d1['events_per_s']:.3f}")
PY
echo "# uptime: $(uptime)"
