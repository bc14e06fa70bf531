#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine with the .NET SDK: installs the Debian packages
# the tests need if they are missing, builds in Release and runs every test. Ends with the runner's
# summary and a plain 'N passed, N failed' line. Exit code 0 only if tests ran and none failed.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
# Test servers (RabbitMQ, Prometheus, Chromium) are started by the tests themselves on 127.0.0.1.
for pkg in rabbitmq-server prometheus python3-numpy libhdf5-103-1 chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  # Debian's packaging must not start services on install (they would bind 0.0.0.0).
  [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; }
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ ! -d ../shared ]; then
  echo "error: ../shared (golden cases, real recordings) must sit beside the repository" >&2
  exit 1
fi

dotnet build SpikeSeg.slnx -c Release -nologo -clp:ErrorsOnly
log=$(mktemp)
set +e
dotnet test tests/SpikeSeg.Tests/SpikeSeg.Tests.csproj -c Release --no-build -nologo \
  --logger "console;verbosity=normal" ${SPIKESEG_TEST_FILTER:+--filter "$SPIKESEG_TEST_FILTER"} 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
# The console logger ends with "Total tests: N", "Passed: N", "Failed: N", "Skipped: N" lines.
total=$(grep -E '^Total tests: +[0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || true)
passed=$(grep -E '^ +Passed: +[0-9]+$' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -E '^ +Failed: +[0-9]+$' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
skipped=$(grep -E '^ +Skipped: +[0-9]+$' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
rm -f "$log"
if [ -z "$total" ]; then
  echo "error: the test runner printed no summary" >&2
  exit 1
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "error: no test was executed" >&2
  exit 1
fi
exit "$rc"
