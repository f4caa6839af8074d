package main

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

var idRE = regexp.MustCompile(`lg-[0-9a-z]+-[0-9]+`)

// answers sums up the outcomes of the webhooks.
type answers struct {
	firsts, totals                       []time.Duration
	codes                                map[int]int
	attempts, retried5, noAnswer, gaveUp int
}

func (lg *loadgen) answers() answers {
	a := answers{codes: map[int]int{}}
	for _, x := range lg.out {
		a.firsts = append(a.firsts, x.first)
		a.totals = append(a.totals, x.total)
		a.codes[x.code]++
		a.attempts += x.attempts
		a.retried5 += x.retried5
		a.noAnswer += x.noAnswer
		if x.code == 0 || x.code >= 500 {
			a.gaveUp++
		}
	}
	return a
}

// pages is what the fake's messages say about this run's pages.
type pages struct{ distinct, missing, doubled int }

// checkPages: every page reached someone, and no recipient got the same
// page twice (a page may go to several recipients, e.g. an emergency to
// the on-call person and a message to the team).
func (lg *loadgen) checkPages(msgs []pushovertest.Message, sent int) pages {
	perPage := map[string]int{}
	perDest := map[string]int{}
	prefix := "lg-" + lg.o.run + "-"
	for _, m := range msgs {
		for _, id := range uniq(idRE.FindAllString(m.Title+"\n"+m.Message, -1)) {
			if strings.HasPrefix(id, prefix) {
				perPage[id]++
				perDest[id+"\x00"+strings.Join(m.Users, ",")]++
			}
		}
	}
	var p pages
	p.distinct = len(perPage)
	for i := range sent {
		if perPage[lg.pageID(i)] == 0 {
			p.missing++
		}
	}
	for _, n := range perDest {
		if n > 1 {
			p.doubled++
		}
	}
	return p
}

func (lg *loadgen) report(ctx context.Context, ctl *pushovertest.Control, before pushovertest.Stats, cpu0 time.Duration, sent int, elapsed time.Duration) int {
	o := lg.o
	after, err := lg.settle(ctx, ctl, before, sent)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		return 2
	}
	cpu := procCPU(o.pid) - cpu0
	var msgs []pushovertest.Message
	if o.sink == "" && (o.verify || o.emergencyBehind > 0) {
		if msgs, err = ctl.Messages(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			return 2
		}
	}
	var pg pages
	if o.sink == "" && o.verify {
		pg = lg.checkPages(msgs, sent)
	}
	a := lg.answers()
	rate := float64(a.codes[200]) / elapsed.Seconds()
	hwm, rss := procMem(o.pid)
	out := after.Messages - before.Messages
	lg.printReport(a, pg, before, after, sent, rate, elapsed, hwm, rss)
	res := fmt.Sprintf("result rate=%.1f webhooks=%d ok=%d messages=%d hwm_mib=%.1f rss_mib=%.1f", rate, sent, a.codes[200], out, hwm, rss)
	if o.pid != 0 {
		fmt.Printf("  bridge CPU        %.2fs: %.3f ms per webhook, %.3f ms per outbound message (%d)\n",
			cpu.Seconds(), perMs(cpu, sent), perMs(cpu, out), out)
		res += fmt.Sprintf(" cpu_s=%.2f cpu_ms_per_webhook=%.3f cpu_ms_per_message=%.3f", cpu.Seconds(), perMs(cpu, sent), perMs(cpu, out))
	}
	if o.emergencyBehind > 0 {
		res += lg.reportEmergency(msgs)
	}
	code := lg.verdict(a, pg, after, rate, hwm)
	fmt.Println(res)
	return code
}

// perMs is d divided by n, in milliseconds.
func perMs(d time.Duration, n int) float64 {
	if n <= 0 {
		return 0
	}
	return float64(d) / float64(time.Millisecond) / float64(n)
}

// settle waits for deliveries that finish after their webhook was answered.
func (lg *loadgen) settle(ctx context.Context, ctl *pushovertest.Control, before pushovertest.Stats, sent int) (pushovertest.Stats, error) {
	var after pushovertest.Stats
	for deadline := time.Now().Add(lg.o.settle); ; {
		st, err := lg.stats(ctx, ctl)
		if err != nil {
			return st, err
		}
		quiet := st.Requests == after.Requests && st.InFlight == 0
		after = st
		if st.Messages-before.Messages >= sent || quiet || time.Now().After(deadline) {
			return after, nil
		}
		time.Sleep(time.Second)
	}
}

func (lg *loadgen) printReport(a answers, pg pages, before, after pushovertest.Stats, sent int, rate float64, elapsed time.Duration, hwm, rss float64) {
	fmt.Printf("scenario %s\n", lg.o.name)
	fmt.Printf("  webhooks          %d sent, %d attempts, answers %s\n", sent, a.attempts, fmtCodes(a.codes))
	fmt.Printf("  retried           %d after 5xx, %d after no answer, %d given up\n", a.retried5, a.noAnswer, a.gaveUp)
	fmt.Printf("  throughput        %.0f notifications/s (%d delivered in %.2fs)\n", rate, a.codes[200], elapsed.Seconds())
	fmt.Printf("  first attempt     p50 %s  p99 %s  max %s\n", pct(a.firsts, 50), pct(a.firsts, 99), pct(a.firsts, 100))
	fmt.Printf("  until delivered   p50 %s  p99 %s  max %s\n", pct(a.totals, 50), pct(a.totals, 99), pct(a.totals, 100))
	fmt.Printf("  bridge memory     peak RSS (VmHWM) %.1f MiB, RSS now %.1f MiB\n", hwm, rss)
	if lg.o.sink != "" {
		fmt.Printf("  sink              %d posts\n", after.Messages-before.Messages)
		return
	}
	fmt.Printf("  pushover          %d requests, %d messages accepted, %d duplicates (fake), peak concurrency %d, %d connections opened\n",
		after.Requests-before.Requests, after.Messages-before.Messages, after.DuplicateMessages-before.DuplicateMessages,
		after.PeakConcurrentRequests, after.ConnectionsOpened-before.ConnectionsOpened)
	if lg.o.verify {
		fmt.Printf("  pages             %d distinct delivered, %d missing, %d doubled\n", pg.distinct, pg.missing, pg.doubled)
	}
}

// verdict prints PASS or what was missed; 1 when -check is set and
// something was missed.
func (lg *loadgen) verdict(a answers, pg pages, after pushovertest.Stats, rate, hwm float64) int {
	o := lg.o
	var misses []string
	if pg.missing > 0 || pg.doubled > 0 || a.gaveUp > 0 {
		misses = append(misses, fmt.Sprintf("exactly once: %d missing, %d doubled, %d unanswered", pg.missing, pg.doubled, a.gaveUp))
	}
	if o.minRate > 0 && rate < o.minRate {
		misses = append(misses, fmt.Sprintf("throughput %.0f/s < %.0f/s", rate, o.minRate))
	}
	if p := pct(a.firsts, 99); o.maxP99 > 0 && p >= o.maxP99 {
		misses = append(misses, fmt.Sprintf("p99 %s >= %s", p, o.maxP99))
	}
	if o.maxRSSMiB > 0 && hwm >= o.maxRSSMiB {
		misses = append(misses, fmt.Sprintf("peak RSS %.1f MiB >= %.0f MiB", hwm, o.maxRSSMiB))
	}
	if o.maxPeak > 0 && after.PeakConcurrentRequests > o.maxPeak {
		misses = append(misses, fmt.Sprintf("peak concurrency %d > %d", after.PeakConcurrentRequests, o.maxPeak))
	}
	if len(misses) == 0 {
		fmt.Println("  result            PASS")
		return 0
	}
	fmt.Println("  result            MISS: " + strings.Join(misses, "; "))
	if o.check {
		return 1
	}
	return 0
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func fmtCodes(codes map[int]int) string {
	keys := make([]int, 0, len(codes))
	for k := range codes {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var parts []string
	for _, k := range keys {
		name := strconv.Itoa(k)
		if k == 0 {
			name = "none"
		}
		parts = append(parts, fmt.Sprintf("%s×%d", name, codes[k]))
	}
	return strings.Join(parts, " ")
}

// pct is the p-th percentile of ds (100: the maximum).
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	i = min(max(i-1, 0), len(s)-1)
	return s[i].Round(10 * time.Microsecond)
}
