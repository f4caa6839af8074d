# Sourced by bench/compare.sh: the summaries of its results file, whose
# lines are "SCENARIO BRIDGE ROUND result k=v k=v ...".

# field KEY LINE...: the value of KEY in a result line (stdin).
field() {
	sed -n "s/.* $1=\([^ ]*\).*/\1/p"
}

# median SCENARIO BRIDGE KEY: the median over the rounds.
median() {
	grep "^$1 $2 " "$results" | field "$3" | sort -n | awk '
		{ v[NR] = $1 }
		END { if (NR == 0) { print "-"; exit } if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A / B to two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "-") print "-"; else printf "%.2f\n", a / b }'
}

report_peer() {
	echo
	echo "== side by side, medians of $rounds interleaved rounds of $duration (ratio: this bridge / msteams)"
	echo "| scenario | this bridge | msteams | ratio |"
	echo "|---|---|---|---|"
	for s in c8 c32 storm25; do
		o=$(median $s ours rate) p=$(median $s peer rate)
		echo "| $s webhooks/s | $o | $p | $(ratio "$o" "$p") |"
	done
	for s in c8 c32 storm25 a10 a25 a50 a100; do
		o=$(median $s ours cpu_ms_per_webhook) p=$(median $s peer cpu_ms_per_webhook)
		echo "| $s CPU ms per webhook | $o | $p | $(ratio "$o" "$p") |"
	done
	for s in c8 c32 storm25 a10 a25 a50 a100; do
		o=$(median $s ours cpu_ms_per_message) p=$(median $s peer cpu_ms_per_message)
		om=$(median $s ours messages) ow=$(median $s ours ok) pm=$(median $s peer messages) pw=$(median $s peer ok)
		echo "| $s CPU ms per outbound message (messages/webhook: $(ratio "$om" "$ow") / $(ratio "$pm" "$pw")) | $o | $p | $(ratio "$o" "$p") |"
	done
	echo
	echo "(a2 is c8; all raw results:)"
	cat "$results"
}
