# Sourced by bench/compare.sh: the scenarios that measure this bridge alone.

# metric NAME: the sum of a metric of this bridge over its label sets
# (optionally narrowed by a label filter, e.g. 'outcome="sent"').
metric() {
	curl -fsS "$ours_url/metrics" | awk -v m="$1" -v f="${2:-}" '
		index($1, m) == 1 && (substr($1, length(m) + 1, 1) == "{" || length($1) == length(m)) && index($1, f) { s += $2 }
		END { printf "%d\n", s }'
}

# state_counts: sets emergencies (outstanding) and records (ledger records:
# deliveries sent plus emergencies outstanding, as the metrics count them).
state_counts() {
	emergencies=$(metric alertmanager_pushover_emergencies_outstanding)
	records=$(($(metric alertmanager_pushover_deliveries_total 'outcome="sent"') + emergencies))
}

# state_run TAG COUNT SEVERITY: COUNT 2-alert webhooks of SEVERITY at 8
# senders, page checks off (the fake holds every message of the run).
state_run() {
	record "state ours $1" -name "state: $1" -url "$ours_url/alerts" -token "$token" -fake "$fake_url" -pid "$ours_pid" \
		-settle 10s -verify=false -concurrency 8 -alerts 2 -severity "$3" -count "$2" >/dev/null
	state_counts
	r=$(grep "^state ours $1 " "$results")
	echo "  $1: $emergencies emergencies outstanding, $records ledger records;" \
		"$(echo "$r" | field cpu_ms_per_webhook) ms CPU per webhook, RSS $(echo "$r" | field rss_mib) MiB"
}

scenario_state() {
	target_e=${STATE_EMERGENCIES:-20000} target_r=${STATE_RECORDS:-100000}
	probe=${STATE_PROBE:-500} window=${STATE_WINDOW:-2000}
	echo "== state: growing to $target_e outstanding emergencies and $target_r ledger records (fake: a distinct receipt per emergency)"
	start_fake 0s
	start_ours
	rss0=$(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$ours_pid/status")
	echo "  idle: RSS $rss0 MiB"
	state_run start "$probe" critical
	n=0
	state_counts
	while [ "$emergencies" -lt "$target_e" ]; do
		n=$((n + 1))
		state_run "grow-$n" "$(min "$window" $((target_e - emergencies)))" critical
	done
	while [ "$records" -lt "$target_r" ]; do
		n=$((n + 1))
		state_run "grow-$n" "$(min "$window" $((target_r - records)))" warning # 1 record each
	done
	state_run end "$probe" critical
	stop "$ours_pid" "$fake_pid"
	s=$(grep '^state ours start ' "$results") e=$(grep '^state ours end ' "$results")
	c0=$(echo "$s" | field cpu_ms_per_webhook) c1=$(echo "$e" | field cpu_ms_per_webhook)
	m0=$(echo "$s" | field rss_mib) m1=$(echo "$e" | field rss_mib)
	echo "  CPU per webhook (2-alert critical group, $probe webhooks): $c0 ms at the start, $c1 ms at the end (x$(ratio "$c1" "$c0"))"
	echo "  RSS: $rss0 MiB idle, $m0 MiB after the first probe, $m1 MiB at the end (x$(ratio "$m1" "$m0"))"
}

min() { if [ "$1" -lt "$2" ]; then echo "$1"; else echo "$2"; fi; }

scenario_first() {
	trials=${FIRST_TRIALS:-5} delay=${FIRST_DELAY:-100ms} giveup=${FIRST_GIVE_UP:-5m}
	echo "== first: fake answering in 100 ms, 1,000 non-emergency groups at once, an emergency $delay behind them ($trials trials)"
	t=1
	while [ "$t" -le "$trials" ]; do
		start_fake 100ms
		start_ours
		record "first ours $t" -name "emergency behind a 1,000-group storm, trial $t" -url "$ours_url/alerts" -token "$token" \
			-fake "$fake_url" -pid "$ours_pid" -storm 1000 -severity warning -emergency-behind "$delay" -give-up "$giveup" -settle 120s
		stop "$ours_pid" "$fake_pid"
		t=$((t + 1))
	done
	ms=$(grep '^first ours ' "$results" | field emergency_ms | sort -n | tr '\n' ' ')
	q=$(grep '^first ours ' "$results" | field messages | sort -n | tr '\n' ' ')
	echo "  emergency accepted by the fake after (ms, sorted): $ms; p99 of $trials trials = the largest"
	echo "  messages accepted per trial (quota used; 1,000 groups + the emergency's 2): $q"
}
