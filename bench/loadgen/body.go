package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"strconv"
	"time"
)

// pageID names page i of this run; it appears in the message Pushover gets.
func (lg *loadgen) pageID(i int) string { return fmt.Sprintf("lg-%s-%d", lg.o.run, i) }

// startsAt is when the alerts of this run started: when the load generator
// started, as for alerts that fire during a storm (the bridge knows that
// none of them was paged before it started, so it sends no stateless
// cancel first; a fixed date in the past made every group look older than
// the bridge).
var startsAt = time.Now().UTC()

// body is webhook i: its own group (group key, labels, fingerprints),
// firing: the -payload template made unique, or a synthetic webhook.
func (lg *loadgen) body(i int) []byte {
	if lg.tmpl != nil {
		return fillTemplate(lg.tmpl, lg.pageID(i), uint32(i))
	}
	return synthBody(lg.pageID(i), uint32(i)^lg.salt(), lg.o.alerts, lg.o.severity)
}

// salt makes this run's fingerprints differ from another run's: the bridge
// finds emergencies by fingerprint across groups (a regrouped alert), so
// runs against one bridge (bench/compare.sh state) must not reuse them.
func (lg *loadgen) salt() uint32 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(lg.o.run))
	return h.Sum32()
}

// synthBody is a webhook with id as its group and fp in its
// fingerprints: alerts alerts, each of severity. It is written by hand
// rather than with encoding/json, which took a seventh of the load
// generator's CPU; the identifiers it splices in need no escaping ([a-z0-9-], and a severity checked by validSeverity).
func synthBody(id string, fp uint32, alerts int, severity string) []byte {
	b := make([]byte, 0, 900+360*alerts)
	b = append(b, `{"version":"4","receiver":"pushover-bridge","status":"firing","alerts":[`...)
	for a := range alerts {
		if a > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"status":"firing","labels":{"alertname":"LoadTest","group":"`...)
		b = append(b, id...)
		b = append(b, `","instance":"host-`...)
		b = strconv.AppendInt(b, int64(a), 10)
		b = append(b, `:9100","severity":"`...)
		b = append(b, severity...)
		b = append(b, `"},"annotations":{"summary":"load test page `...)
		b = append(b, id...)
		b = append(b, `"},"startsAt":"`...)
		b = startsAt.AppendFormat(b, time.RFC3339Nano)
		b = append(b, `","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.example.com/graph","fingerprint":"`...)
		b = appendHex8(b, fp)
		b = appendHex8(b, uint32(a))
		b = append(b, `"}`...)
	}
	b = append(b, `],"groupLabels":{"alertname":"LoadTest","group":"`...)
	b = append(b, id...)
	b = append(b, `"},"commonLabels":{"alertname":"LoadTest","group":"`...)
	b = append(b, id...)
	b = append(b, `","severity":"`...)
	b = append(b, severity...)
	b = append(b, `"},"commonAnnotations":{"summary":"load test page `...)
	b = append(b, id...)
	b = append(b, `"},"externalURL":"http://alertmanager.example.com","groupKey":"{}:{alertname=\"LoadTest\", group=\"`...)
	b = append(b, id...)
	b = append(b, `\"}","truncatedAlerts":0,"notification_reason":"first notification"}`...)
	return b
}

// validSeverity: a severity synthBody can splice in without escaping.
func validSeverity(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// appendHex8 appends v as 8 lower-case hex digits (fmt's %08x).
func appendHex8(b []byte, v uint32) []byte {
	const digits = "0123456789abcdef"
	for shift := 28; shift >= 0; shift -= 4 {
		b = append(b, digits[v>>uint(shift)&0xf])
	}
	return b
}

// Placeholders in a payload template: the page id, and the first 8 hex
// digits of each fingerprint (the webhook's number).
var (
	idMark = []byte("@@LGID@@")
	fpMark = []byte("@@LGFP@@")
)

// loadTemplate reads a captured webhook and marks what makes it one group:
// the group key gets "/<id>" appended, the group label "group" (so that the
// id shows in a title made of group labels), every alert that label too,
// and every fingerprint becomes the webhook's number and the alert's.
func loadTemplate(path string) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var w map[string]any
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, fmt.Errorf("payload %s: %w", path, err)
	}
	alerts, ok := w["alerts"].([]any)
	gk, ok2 := w["groupKey"].(string)
	if !ok || !ok2 || len(alerts) == 0 {
		return nil, fmt.Errorf("payload %s: not an Alertmanager webhook (no alerts or groupKey)", path)
	}
	w["groupKey"] = gk + "/" + string(idMark)
	for _, k := range []string{"groupLabels", "commonLabels"} {
		setLabel(w, k, string(idMark))
	}
	for a, x := range alerts {
		al, ok := x.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("payload %s: alert %d is not an object", path, a)
		}
		setLabel(al, "labels", string(idMark))
		al["fingerprint"] = string(appendHex8(append([]byte(nil), fpMark...), uint32(a)))
	}
	return json.Marshal(w)
}

func setLabel(obj map[string]any, key, id string) {
	m, ok := obj[key].(map[string]any)
	if !ok {
		m = map[string]any{}
		obj[key] = m
	}
	m["group"] = id
}

// fillTemplate is the template with id and webhook number n spliced in.
func fillTemplate(tmpl []byte, id string, n uint32) []byte {
	b := bytes.ReplaceAll(tmpl, idMark, []byte(id))
	return bytes.ReplaceAll(b, fpMark, appendHex8(nil, n))
}
