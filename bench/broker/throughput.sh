#!/usr/bin/env bash
# End-to-end events/s through RabbitMQ for 1, 2 and 4 cameras on this machine, and the broker's share of
# the CPU time. Not a test: it prints a table for docs/performance.md.
#   usage: bash bench/broker/throughput.sh [SECONDS_OF_SKY=20]
# Starts its own broker on 127.0.0.1 and a free port (infra-recipes.md §1.2) and stops it by PID.
set -eu
cd "$(dirname "$0")/../.."
SECONDS_OF_SKY=${1:-20}
dotnet build src/SpikeSeg.Host -c Release -nologo -clp:ErrorsOnly >/dev/null
SPIKESEG=(dotnet src/SpikeSeg.Host/bin/Release/net10.0/spikeseg.dll)
W=$(mktemp -d)
PORT=$(( 30000 + RANDOM % 5000 ))
RMQ_BIN=/usr/lib/rabbitmq/bin
rmq_env() {
  export HOME="$W/rmq" RABBITMQ_NODENAME="bench@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$PORT" \
    RABBITMQ_DIST_PORT=$((PORT + 20000)) RABBITMQ_CONFIG_FILE="$W/rmq/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$W/rmq/enabled_plugins" \
    RABBITMQ_MNESIA_BASE="$W/rmq/mnesia" RABBITMQ_LOG_BASE="$W/rmq/log" RABBITMQ_PID_FILE="$W/rmq/rabbit.pid" ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}
mkdir -p "$W/rmq/mnesia" "$W/rmq/log"
echo '[].' > "$W/rmq/enabled_plugins"
printf 'listeners.tcp.1 = 127.0.0.1:%s\nloopback_users = none\nlog.console = false\n' "$PORT" > "$W/rmq/rabbitmq.conf"
if ! epmd -names >/dev/null 2>&1; then ( ERL_EPMD_ADDRESS=127.0.0.1 exec epmd ) >/dev/null 2>&1 & EPMD=$!; sleep 0.3; fi
( rmq_env; exec "$RMQ_BIN/rabbitmq-server" ) > "$W/rmq/stdout.log" 2>&1 &
BROKER=$!
cleanup() { kill "$BROKER" 2>/dev/null || true; wait "$BROKER" 2>/dev/null || true; [ -n "${EPMD:-}" ] && kill "$EPMD" 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT
until (echo > /dev/tcp/127.0.0.1/$PORT) 2>/dev/null && [ -s "$W/rmq/rabbit.pid" ]; do sleep 0.2; done
URI="amqp://guest:guest@127.0.0.1:$PORT/"
"${SPIKESEG[@]}" synth --seconds "$SECONDS_OF_SKY" --seed 1 --out "$W/sky.raw" >/dev/null
EVENTS=$("${SPIKESEG[@]}" inspect "$W/sky.raw" --json | grep -o '"events":[0-9]*' | cut -d: -f2)
cpu_of() { # total user+sys clock ticks of a PID and its children that have exited
  awk '{print $14+$15+$16+$17}' "/proc/$1/stat" 2>/dev/null || echo 0
}
beam_pid() { cat "$W/rmq/rabbit.pid"; }   # the Erlang VM of the broker
printf '| cameras | events | wall s | events/s end to end | broker CPU share |\n|---:|---:|---:|---:|---:|\n'
for N in 1 2 4; do
  BEAM=$(beam_pid); B0=$(cpu_of "$BEAM")
  START=$(date +%s.%N)
  PIDS=()
  for i in $(seq 1 "$N"); do
    "${SPIKESEG[@]}" worker --broker "$URI" --camera "b$N-$i" --checkpoints "$W/ckpt" --checkpoint-every 1000 > "$W/worker-$N-$i.log" 2>&1 &
    PIDS+=($!)
    "${SPIKESEG[@]}" publish "$W/sky.raw" --broker "$URI" --camera "b$N-$i" > "$W/publish-$N-$i.log" 2>&1 &
    PIDS+=($!)
  done
  for p in "${PIDS[@]}"; do wait "$p"; done
  END=$(date +%s.%N)
  B1=$(cpu_of "$BEAM")
  WALL=$(echo "$END - $START" | bc -l)
  RATE=$(echo "$N * $EVENTS / $WALL" | bc -l)
  BROKER_TICKS=$((B1 - B0))
  CHILD_TICKS=$(awk '{print $16+$17}' /proc/$$/stat)
  SHARE=$(echo "$BROKER_TICKS / ($BROKER_TICKS + $CHILD_TICKS - ${PREV_CHILD:-0} + 0.0001)" | bc -l)
  PREV_CHILD=$CHILD_TICKS
  printf '| %d | %d | %.1f | %.0f | %.0f %% |\n' "$N" "$((N * EVENTS))" "$WALL" "$RATE" "$(echo "$SHARE * 100" | bc -l)"
done
