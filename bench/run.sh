#!/bin/sh
# Load test: builds the bridge and the fake Pushover with scripts/build.sh,
# runs them as separate processes on this machine, and drives POST /alerts
# with bench/loadgen in three scenarios:
#
#   zero   the fake answers at once: full speed (target >= 2000/s, peak RSS
#          < 50 MB), then a fixed 500/s (target p99 < 20 ms)
#   slow   the fake answers in 100 ms: target >= 18/s (90 % of 2 connections
#          / 0.1 s), the fake never sees more than 2 requests at once
#   storm  1000 distinct alert groups at once against a fake answering in
#          20 ms: every page delivered exactly once (some after 503 and
#          Alertmanager-style retries), every request answered
#
#   bench/run.sh [zero|slow|storm ...]     (default: all three)
#
# Environment: DURATION (default 10s) for the timed runs, TOOLS_GOGC
# (default 400) for the fake and the load generator, CHECK=1 to exit 1
# when a target is missed, KEEP=1 to keep the temporary directory (logs).
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/amp-bench.XXXXXX")
duration=${DURATION:-10s}
# The fake and the load generator share the machine with the bridge: they
# collect garbage less often (GOGC=400; they hold little) so that they take
# less of its CPU. The bridge runs with its own defaults.
tools_gogc=${TOOLS_GOGC:-400}
check=""
[ "${CHECK:-}" = 1 ] && check="-check"
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	if [ "${KEEP:-}" = 1 ]; then echo "logs kept in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT INT TERM

echo "building into $tmp/bin"
scripts/build.sh "$tmp/bin/alertmanager-pushover"
scripts/build.sh "$tmp/bin/fakepushover" ./pushover/pushovertest/cmd/fakepushover
go build -o "$tmp/bin/loadgen" ./bench/loadgen
lg="$tmp/bin/loadgen"
token=bench-bearer-token

# start_fake LATENCY: starts the fake, sets fake_pid and fake_url.
start_fake() {
	rm -f "$tmp/fake.out" # not a previous fake's address
	GOGC=$tools_gogc "$tmp/bin/fakepushover" --listen 127.0.0.1:0 --latency "$1" --quota 100000000 >"$tmp/fake.out" 2>"$tmp/fake.err" &
	fake_pid=$!
	pids="$pids $fake_pid"
	i=0
	until fake_url=$(sed -n 's/^listening on //p' "$tmp/fake.out" 2>/dev/null) && [ -n "$fake_url" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "fake did not start:"; cat "$tmp/fake.err"; exit 1; }
		sleep 0.1
	done
}

# start_bridge NAME [RECEIVER_TIMEOUT]: starts the bridge against the fake,
# with its ledger in a fresh storage path; sets bridge_pid and bridge_url.
start_bridge() {
	cat >"$tmp/$1.yml" <<EOF
pushover:
  token: azGDORePK8gMaC0QOYAMyEEuzJnyUi
  api_url: $fake_url/1/
receiver:
  bearer_token: $token
  timeout: ${2:-8s}
recipients:
  oncall: {user_key: uQiRzpo4DXghDmr9QzzfQu27cmVRsG}
routes:
  - name: everything
    to: [oncall]
    priority: normal
EOF
	addr=$("$lg" free-addr)
	"$tmp/bin/alertmanager-pushover" --config.file="$tmp/$1.yml" --web.listen-address="$addr" \
		--storage.path="$tmp/$1-data" >"$tmp/$1-bridge.log" 2>&1 &
	bridge_pid=$!
	pids="$pids $bridge_pid"
	bridge_url="http://$addr"
	i=0
	until curl -fsS "$bridge_url/-/ready" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "bridge did not start:"; cat "$tmp/$1-bridge.log"; exit 1; }
		sleep 0.1
	done
}

stop() {
	for p in "$@"; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
}

loadgen() {
	GOGC=$tools_gogc "$lg" -url "$bridge_url/alerts" -token "$token" -fake "$fake_url" -pid "$bridge_pid" $check "$@"
}

status=0
scenario_zero() {
	start_fake 0s
	start_bridge zero
	loadgen -name "zero-latency fake, full speed" -duration "$duration" -concurrency 16 -min-rate 2000 -max-rss 50 || status=1
	loadgen -name "zero-latency fake, 500/s" -duration "$duration" -rate 500 -max-p99 20ms -max-rss 50 || status=1
	stop "$bridge_pid" "$fake_pid"
}

scenario_slow() {
	start_fake 100ms
	start_bridge slow
	loadgen -name "fake answering in 100 ms, full speed" -duration "$duration" -concurrency 8 -min-rate 18 -max-peak 2 || status=1
	stop "$bridge_pid" "$fake_pid"
}

scenario_storm() {
	start_fake 20ms
	start_bridge storm
	loadgen -name "storm: 1000 groups at once, fake answering in 20 ms" -storm 1000 -max-peak 2 -max-rss 100 -settle 60s || status=1
	stop "$bridge_pid" "$fake_pid"
}

for s in ${*:-zero slow storm}; do
	"scenario_$s"
done
exit $status
