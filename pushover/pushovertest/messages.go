package pushovertest

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits the fake enforces, from https://pushover.net/api.
const (
	maxUsers      = 50
	maxAttachment = 5242880
	minRetry      = 30
	maxExpire     = 10800
	maxRetries    = 50
)

var textLimits = []struct {
	name  string
	limit int
}{{"message", 1024}, {"title", 250}, {"url", 512}, {"url_title", 100}}

// handleMessages is POST /1/messages.json, checked in the order of §6.3.
func (s *Server) handleMessages(p *params) *reply {
	st := &s.st
	if r := st.checkToken(p); r != nil {
		return r
	}
	users, r := st.checkUsers(p)
	if r != nil {
		return r
	}
	for _, check := range []func(*params) *reply{
		checkMessage, checkPriority, checkFormat, st.checkEmergency, checkAttachment, st.checkLengths,
	} {
		if r := check(p); r != nil {
			return r
		}
	}
	cost := 0
	for _, u := range users {
		cost += len(st.recipients(u))
	}
	st.refreshQuota()
	if st.quota.remaining < cost {
		r := fail(http.StatusTooManyRequests, nil, "application has reached its monthly message limit")
		if !st.cfg.no429Headers {
			r.header = st.limitHeaders()
		}
		return r
	}
	st.quota.remaining -= cost
	return st.accept(p, users)
}

func (st *state) checkToken(p *params) *reply {
	if _, ok := st.apps[p.get("token")]; !ok {
		return fail(http.StatusBadRequest, object{{"token", "invalid"}}, "application token is invalid")
	}
	return nil
}

func (st *state) checkUsers(p *params) ([]string, *reply) {
	text := "user identifier is not a valid user, group, or subscribed user key"
	if st.cfg.docUserError {
		text = "user identifier is invalid"
	}
	bad := fail(http.StatusBadRequest, object{{"user", "invalid"}}, text)
	keys := strings.Split(p.get("user"), ",")
	if !p.has("user") || len(keys) > maxUsers {
		return nil, bad
	}
	for _, k := range keys {
		_, isUser := st.users[k]
		_, isGroup := st.groups[k]
		if !isUser && !isGroup {
			return nil, bad
		}
	}
	return keys, nil
}

// recipients resolves a user or group key to user keys.
func (st *state) recipients(key string) []string {
	if g, ok := st.groups[key]; ok {
		return g.active()
	}
	return []string{key}
}

func checkMessage(p *params) *reply {
	if strings.TrimSpace(p.get("message")) == "" {
		return fail(http.StatusBadRequest, object{{"message", "cannot be blank"}}, "message cannot be blank")
	}
	return nil
}

func checkPriority(p *params) *reply {
	if !p.has("priority") {
		return nil
	}
	if n, err := strconv.Atoi(p.get("priority")); err != nil || n < -2 || n > 2 {
		return fail(http.StatusBadRequest, object{{"priority", "is invalid, can only be -2, -1, 0, 1, or 2"}}, "priority is invalid")
	}
	return nil
}

func checkFormat(p *params) *reply {
	if p.get("html") == "1" && p.get("monospace") == "1" {
		return fail(http.StatusBadRequest,
			object{{"html", "cannot be set with monospace"}, {"monospace", "cannot be set with html"}},
			"html and monospace are mutually exclusive")
	}
	return nil
}

// seconds parses an integer (or decimal) number of seconds.
func seconds(p *params, k string) (int, bool) {
	if n, err := strconv.Atoi(p.get(k)); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(p.get(k), 64); err == nil {
		return int(f), true
	}
	return 0, false
}

func (st *state) checkEmergency(p *params) *reply {
	if n, _ := strconv.Atoi(p.get("priority")); n != 2 {
		return nil
	}
	expire, okE := seconds(p, "expire")
	retry, okR := seconds(p, "retry")
	switch {
	case !okE:
		return fail(http.StatusBadRequest, object{{"expire", "must be supplied with priority=2"}},
			"expire must be supplied with priority=2, see https://pushover.net/api#priority2")
	case !okR:
		return fail(http.StatusBadRequest, object{{"retry", "must be supplied with priority=2"}},
			"retry must be supplied with priority=2")
	case retry < minRetry:
		return fail(http.StatusBadRequest, object{{"retry", "is too small, must be at least 30 seconds"}}, "retry is invalid")
	case expire > maxExpire && !st.cfg.lenientExpire:
		return fail(http.StatusBadRequest, object{{"expire", "is too large, must be at most 10800 seconds"}}, "expire is invalid")
	case expire > maxExpire:
		p.values["expire"] = strconv.Itoa(maxExpire) // lenient: clamp
	}
	return nil
}

func checkAttachment(p *params) *reply {
	if p.upload != nil && len(p.upload.Data) > maxAttachment {
		return tooLarge(len(p.upload.Data))
	}
	if p.upload != nil && !imageType(p.upload.ContentType, true) {
		return notImage(p.upload.ContentType)
	}
	if !p.has("attachment_base64") {
		return nil
	}
	if !p.has("attachment_type") {
		return fail(http.StatusBadRequest, object{{"attachment_type", "must be supplied with attachment_base64"}},
			"attachment_type must be supplied with attachment_base64")
	}
	if !imageType(p.get("attachment_type"), false) {
		return notImage(p.get("attachment_type"))
	}
	data, err := base64.StdEncoding.DecodeString(p.get("attachment_base64"))
	if err != nil {
		return fail(http.StatusBadRequest, object{{"attachment_base64", "is invalid"}}, "attachment_base64 is not valid base64")
	}
	if len(data) > maxAttachment {
		return tooLarge(len(data))
	}
	p.upload = &upload{Filename: "attachment", ContentType: p.get("attachment_type"), Data: data}
	return nil
}

func tooLarge(n int) *reply {
	return fail(http.StatusBadRequest, object{{"attachment", "is too large"}},
		fmt.Sprintf("attachment is too large (%d bytes is more than %d limit)", n, maxAttachment))
}

// checkLengths rejects over-length text, or truncates it WithTruncation.
func (st *state) checkLengths(p *params) *reply {
	for _, f := range textLimits {
		v := p.get(f.name)
		if utf8.RuneCountInString(v) <= f.limit {
			continue
		}
		if !st.cfg.truncate {
			return fail(http.StatusBadRequest, object{{f.name, "is too long"}},
				fmt.Sprintf("%s is too long, must be at most %d characters", f.name, f.limit))
		}
		p.values[f.name] = string([]rune(v)[:f.limit])
	}
	return nil
}

// accept logs the message, creates the receipt of an emergency and answers 200.
func (st *state) accept(p *params, users []string) *reply {
	now := st.now()
	m := Message{
		Time: now, App: p.get("token"), Users: users, Params: copyValues(p.values),
		Title: p.get("title"), Message: p.get("message"), Deliveries: st.deliveries(users, p.get("device")),
	}
	if m.Title == "" {
		m.Title = st.apps[m.App]
	}
	m.Priority, _ = strconv.Atoi(p.get("priority"))
	if p.upload != nil {
		m.Attachment, m.AttachmentName, m.AttachmentType = p.upload.Data, p.upload.Filename, p.upload.ContentType
	}
	r := success()
	if m.Priority == 2 {
		m.Receipt = st.newReceipt(p, users, now)
		r = success(kv{"receipt", m.Receipt})
	}
	st.logMessage(m)
	r.header = st.limitHeaders()
	return r
}

func (st *state) limitHeaders() http.Header {
	h := http.Header{}
	h.Set("X-Limit-App-Limit", strconv.Itoa(st.quota.limit))
	h.Set("X-Limit-App-Remaining", strconv.Itoa(st.quota.remaining))
	h.Set("X-Limit-App-Reset", strconv.FormatInt(st.quota.reset.Unix(), 10))
	return h
}

// deliveries resolves who gets the message on which devices: device is
// honoured only for a single user key; unknown devices mean all devices.
func (st *state) deliveries(keys []string, device string) []Delivery {
	var out []Delivery
	for _, k := range keys {
		for _, u := range st.recipients(k) {
			d := Delivery{User: u}
			if usr, ok := st.users[u]; ok {
				d.Devices = usr.devices
				if len(keys) == 1 && st.groups[k] == nil && device != "" {
					if picked := intersect(usr.devices, strings.Split(device, ",")); len(picked) > 0 {
						d.Devices = picked
					}
				}
			}
			out = append(out, d)
		}
	}
	return out
}

func intersect(have, want []string) []string {
	var out []string
	for _, w := range want {
		for _, h := range have {
			if h == w {
				out = append(out, w)
			}
		}
	}
	return out
}

func copyValues(m map[string]string) map[string]string {
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// unix formats a time as Pushover's integer, 0 for the zero time.
func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
