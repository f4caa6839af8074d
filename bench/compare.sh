#!/bin/sh
# Cost measurements for issue 17, run as separate processes on this machine,
# loopback only, every webhook its own alert group (never deduplicated):
#
#   peer   side by side with prometheus-msteams (a synchronous Alertmanager
#          bridge): webhooks/s at 8 and 32 senders on a 2-alert critical
#          group, the 25-alert storm capture, and CPU per webhook at
#          2/10/25/50/100 alerts per group, in interleaved rounds. This
#          bridge sends to the fake Pushover (1 emergency + 1 team message
#          per critical group, the routes of examples/config.yml), msteams
#          posts to bench/sink (a stand-in Teams webhook answering 200).
#   state  CPU per webhook and RSS at 0 and after the ledger holds
#          STATE_EMERGENCIES outstanding emergencies (the fake answers a
#          distinct receipt for each) and STATE_RECORDS records
#   first  emergencies first: the fake answers in 100 ms, 1,000
#          non-emergency groups arrive at once, one emergency follows
#          them: when did the fake accept it (FIRST_TRIALS trials), and
#          how many messages (quota) did the storm use
#
#   PEER_SRC=/path/to/prometheus-msteams bench/compare.sh [peer|state|first ...]   (default: all three)
#
# The peer: git clone https://github.com/prometheus-msteams/prometheus-msteams
# and check out a release tag (measured with v1.5.4); it is not served by
# the Go module proxy. This script copies PEER_SRC into a temporary
# directory and builds it there with GOFLAGS=-mod=mod: nothing of it enters
# this repository. It runs with an empty environment (it reads flags from
# environment variables), listening on 127.0.0.1, posting to the sink.
#
# Environment: ROUNDS (3), DURATION (5s) per timed run; STATE_EMERGENCIES
# (20000), STATE_RECORDS (100000), STATE_PROBE (500 webhooks per probe);
# FIRST_TRIALS (5), FIRST_DELAY (100ms: the emergency after the storm),
# FIRST_GIVE_UP (5m: a webhook of the storm is retried this long at most);
# TOOLS_GOGC (400) for the fake, the sink and the load generator; KEEP=1
# keeps the temporary directory (logs, results). TEAM_PRIORITY replaces the
# team route's priority template (e.g. TEAM_PRIORITY=normal: a route that
# can never send an emergency, so it never cancels one first).
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/amp-compare.XXXXXX")
rounds=${ROUNDS:-3}
duration=${DURATION:-5s}
tools_gogc=${TOOLS_GOGC:-400}
results=$tmp/results
: >"$results"
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	if [ "${KEEP:-}" = 1 ]; then echo "logs kept in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT INT TERM
scenarios=${*:-peer state first}

echo "building into $tmp/bin"
scripts/build.sh "$tmp/bin/alertmanager-pushover"
scripts/build.sh "$tmp/bin/fakepushover" ./pushover/pushovertest/cmd/fakepushover
go build -o "$tmp/bin/loadgen" ./bench/loadgen
go build -o "$tmp/bin/sink" ./bench/sink
lg="$tmp/bin/loadgen"
token=bench-bearer-token
case " $scenarios " in *" peer "*)
	[ -n "${PEER_SRC:-}" ] && [ -f "$PEER_SRC/go.mod" ] || {
		echo "PEER_SRC must be a prometheus-msteams checkout (see the head of $0)" >&2
		exit 2
	}
	echo "building prometheus-msteams ($(git -C "$PEER_SRC" describe --tags 2>/dev/null || echo unknown)) outside the repository"
	mkdir "$tmp/peer-src"
	(cd "$PEER_SRC" && tar --exclude=.git -cf - .) | (cd "$tmp/peer-src" && tar -xf -)
	(cd "$tmp/peer-src" && GOFLAGS=-mod=mod go build -o "$tmp/bin/prometheus-msteams" ./cmd/server)
	;;
esac

# wait_line FILE: the URL the program printed as "listening on URL".
wait_line() {
	i=0
	until url=$(sed -n 's/^listening on //p' "$1" 2>/dev/null) && [ -n "$url" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "$1: did not start" >&2; exit 1; }
		sleep 0.1
	done
	echo "$url"
}

# wait_ready URL LOG
wait_ready() {
	i=0
	until curl -fsS "$1" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "not ready: $1"; cat "$2"; exit 1; }
		sleep 0.1
	done
}

# start_fake LATENCY: sets fake_pid and fake_url.
start_fake() {
	rm -f "$tmp/fake.out" # not a previous fake's address
	GOGC=$tools_gogc "$tmp/bin/fakepushover" --listen 127.0.0.1:0 --latency "$1" --quota 100000000 >"$tmp/fake.out" 2>"$tmp/fake.err" &
	fake_pid=$!
	pids="$pids $fake_pid"
	fake_url=$(wait_line "$tmp/fake.out")
}

# start_ours: the bridge with the routes of examples/config.yml (the team
# route's priority: TEAM_PRIORITY), a fresh ledger, its default settings;
# sets ours_pid and ours_url.
team_priority=${TEAM_PRIORITY:-'{{ if eq .CommonLabels.severity "critical" }}high{{ else }}normal{{ end }}'}
start_ours() {
	cat >"$tmp/ours.yml" <<EOF
pushover:
  token: azGDORePK8gMaC0QOYAMyEEuzJnyUi
  api_url: $fake_url/1/
receiver:
  bearer_token: $token
recipients:
  oncall: {user_key: uQiRzpo4DXghDmr9QzzfQu27cmVRsG, devices: [phone]}
  team: {user_key: gznej3rKEVAvPUxu9vvNnqpmZpokzF}
routes:
  - name: page-oncall
    matchers: ['severity="critical"']
    to: [oncall]
    priority: emergency
    sound: siren
    continue: true
  - name: team
    matchers: ['severity=~"critical|warning"']
    to: [team]
    priority: '$team_priority'
EOF
	rm -rf "$tmp/ours-data"
	addr=$("$lg" free-addr)
	"$tmp/bin/alertmanager-pushover" --config.file="$tmp/ours.yml" --web.listen-address="$addr" \
		--storage.path="$tmp/ours-data" >"$tmp/ours.log" 2>&1 &
	ours_pid=$!
	pids="$pids $ours_pid"
	ours_url="http://$addr"
	wait_ready "$ours_url/-/ready" "$tmp/ours.log"
}

# start_peer: bench/sink and prometheus-msteams posting to it; sets
# peer_pid, peer_url, sink_pid and sink_url.
start_peer() {
	rm -f "$tmp/sink.out"
	GOGC=$tools_gogc "$tmp/bin/sink" -listen 127.0.0.1:0 >"$tmp/sink.out" 2>"$tmp/sink.err" &
	sink_pid=$!
	pids="$pids $sink_pid"
	sink_url=$(wait_line "$tmp/sink.out")
	printf 'connectors:\n  - alertmanager: %s/webhook\n' "$sink_url" >"$tmp/msteams.yml"
	addr=$("$lg" free-addr)
	env -i PATH=/usr/bin:/bin HOME="$tmp" "$tmp/bin/prometheus-msteams" -http-addr "$addr" \
		-config-file "$tmp/msteams.yml" -template-file "$tmp/peer-src/default-message-card.tmpl" >"$tmp/peer.log" 2>&1 &
	peer_pid=$!
	pids="$pids $peer_pid"
	peer_url="http://$addr"
	wait_ready "$peer_url/config" "$tmp/peer.log"
}

stop() {
	for p in "$@"; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
}

# record TAG: runs loadgen with the remaining arguments, shows its report
# and appends "TAG <result line>" to the results.
record() {
	tag=$1
	shift
	GOGC=$tools_gogc "$lg" "$@" >"$tmp/lg.out" 2>&1 || { cat "$tmp/lg.out" >&2; exit 1; }
	sed 's/^/    /' "$tmp/lg.out"
	echo "$tag $(grep '^result ' "$tmp/lg.out")" >>"$results"
}

run_ours() { # SCENARIO ROUND LOADGEN-ARGS...
	s=$1 r=$2
	shift 2
	start_fake 0s
	start_ours
	record "$s ours $r" -name "$s (this bridge)" -url "$ours_url/alerts" -token "$token" -fake "$fake_url" -pid "$ours_pid" -settle 10s "$@"
	stop "$ours_pid" "$fake_pid"
}

run_peer() { # SCENARIO ROUND LOADGEN-ARGS...
	s=$1 r=$2
	shift 2
	start_peer
	record "$s peer $r" -name "$s (prometheus-msteams)" -url "$peer_url/alertmanager" -sink "$sink_url" -pid "$peer_pid" -settle 10s "$@"
	stop "$peer_pid" "$sink_pid"
}

# args SCENARIO: the loadgen arguments of a peer scenario.
args() {
	case $1 in
	c8) echo "-alerts 2 -severity critical -concurrency 8 -duration $duration" ;;
	c32) echo "-alerts 2 -severity critical -concurrency 32 -duration $duration" ;;
	storm25) echo "-payload $root/bench/testdata/storm-25-alerts.json -concurrency 8 -duration $duration" ;;
	a*) echo "-alerts ${1#a} -severity critical -concurrency 8 -duration $duration" ;;
	esac
}

. "$root/bench/compare-report.sh"
. "$root/bench/compare-scenarios.sh"

scenario_peer() {
	r=1
	while [ $r -le "$rounds" ]; do
		for s in c8 c32 storm25 a10 a25 a50 a100; do
			# shellcheck disable=SC2046 # args are words
			if [ $((r % 2)) = 1 ]; then
				run_ours $s $r $(args $s)
				run_peer $s $r $(args $s)
			else
				run_peer $s $r $(args $s)
				run_ours $s $r $(args $s)
			fi
		done
		r=$((r + 1))
	done
	report_peer
}

for s in $scenarios; do
	"scenario_$s"
done
