package pushovertest

import (
	"crypto/sha256"
	"io"
	"sort"
	"time"
)

// Request is one recorded API request. Params hold every non-empty
// parameter, token and user keys included: this is test-only data.
type Request struct {
	Time        time.Time         `json:"time"`      // wall clock
	FakeTime    time.Time         `json:"fake_time"` // the fake clock
	Method      string            `json:"method"`
	Path        string            `json:"path"`
	Endpoint    string            `json:"endpoint"` // "messages", "receipt", …; "" for an unknown path
	ContentType string            `json:"content_type"`
	UserAgent   string            `json:"user_agent"`
	Query       string            `json:"query"` // the raw query string
	Params      map[string]string `json:"params"`
	Fault       FaultKind         `json:"fault,omitempty"` // the fault injected, if any
	Status      int               `json:"status"`          // 0 when no response was written
}

// Message is an accepted messages.json request.
type Message struct {
	Time           time.Time         `json:"time"` // the fake clock
	App            string            `json:"app"`
	Users          []string          `json:"users"`
	Title          string            `json:"title"` // the app name when none was sent
	Message        string            `json:"message"`
	Priority       int               `json:"priority"`
	Receipt        string            `json:"receipt,omitempty"`
	Params         map[string]string `json:"params"`
	Deliveries     []Delivery        `json:"deliveries"`
	Attachment     []byte            `json:"attachment,omitempty"`
	AttachmentName string            `json:"attachment_name,omitempty"`
	AttachmentType string            `json:"attachment_type,omitempty"`
}

// Delivery is one user a message reached, on which devices.
type Delivery struct {
	User    string   `json:"user"`
	Devices []string `json:"devices"`
}

// Receipt is the state of an emergency message at the fake clock's now.
type Receipt struct {
	ID                   string        `json:"id"`
	App                  string        `json:"app"`
	Recipients           []string      `json:"recipients"`
	Tags                 []string      `json:"tags"`
	Callback             string        `json:"callback,omitempty"`
	Retry                time.Duration `json:"retry"`
	Expire               time.Duration `json:"expire"`
	CreatedAt            time.Time     `json:"created_at"`
	ExpiresAt            time.Time     `json:"expires_at"`
	LastDeliveredAt      time.Time     `json:"last_delivered_at"`
	RetriesDone          int           `json:"retries_done"`
	Acknowledged         bool          `json:"acknowledged"`
	AcknowledgedAt       time.Time     `json:"acknowledged_at"`
	AcknowledgedBy       string        `json:"acknowledged_by"`
	AcknowledgedByDevice string        `json:"acknowledged_by_device"`
	Expired              bool          `json:"expired"`
	Canceled             bool          `json:"canceled"`
	CalledBack           bool          `json:"called_back"`
	CalledBackAt         time.Time     `json:"called_back_at"`
	PollsTooSoon         int           `json:"polls_too_soon"` // polls less than 5 s after the previous one
}

// Stats are the counters tests assert on.
type Stats struct {
	Requests               int `json:"requests"`
	Messages               int `json:"messages"`
	Receipts               int `json:"receipts"`
	DuplicateMessages      int `json:"duplicate_messages"`
	InFlight               int `json:"in_flight"`
	PeakConcurrentRequests int `json:"peak_concurrent_requests"`
	OpenConnections        int `json:"open_connections"`
	PeakConnections        int `json:"peak_connections"`
	ConnectionsOpened      int `json:"connections_opened"`
	QuotaLimit             int `json:"quota_limit"`
	QuotaRemaining         int `json:"quota_remaining"`
}

// logMessage records an accepted message and counts it as a duplicate when
// an identical one (same parameters and attachment) was accepted before.
func (st *state) logMessage(m Message) {
	keys := make([]string, 0, len(m.Params))
	for k := range m.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	zero := []byte{0}
	for _, k := range keys {
		_, _ = io.WriteString(h, k)
		h.Write(zero)
		_, _ = io.WriteString(h, m.Params[k])
		h.Write(zero)
	}
	h.Write(m.Attachment)
	var key [sha256.Size]byte
	h.Sum(key[:0])
	if _, dup := st.seen[key]; dup {
		st.stats.DuplicateMessages++
	}
	st.seen[key] = struct{}{}
	st.messages = append(st.messages, m)
}

// Requests returns every API request so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.st.requests...)
}

// Messages returns every accepted message so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.st.messages...)
}

// Receipts returns every receipt, oldest first, as of the fake clock's now.
func (s *Server) Receipts() []Receipt {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Receipt, 0, len(s.st.order))
	for _, id := range s.st.order {
		out = append(out, s.st.receipts[id].snapshot(s.st.now()))
	}
	return out
}

// Receipt returns one receipt as of the fake clock's now.
func (s *Server) Receipt(id string) (Receipt, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rc, ok := s.st.receipts[id]
	if !ok {
		return Receipt{}, false
	}
	return rc.snapshot(s.st.now()), true
}

// Stats returns the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.refreshQuota()
	st := s.st.stats
	st.Requests, st.Messages, st.Receipts = len(s.st.requests), len(s.st.messages), len(s.st.order)
	st.QuotaLimit, st.QuotaRemaining = s.st.quota.limit, s.st.quota.remaining
	return st
}

// PeakConcurrentRequests is the most API requests ever in flight at once.
func (s *Server) PeakConcurrentRequests() int { return s.Stats().PeakConcurrentRequests }

// PeakConnections is the most TCP connections ever open at once.
func (s *Server) PeakConnections() int { return s.Stats().PeakConnections }

// ConnectionsOpened is how many TCP connections were accepted in all.
func (s *Server) ConnectionsOpened() int { return s.Stats().ConnectionsOpened }

// DuplicateMessages is how many accepted messages repeated an earlier one.
func (s *Server) DuplicateMessages() int { return s.Stats().DuplicateMessages }

// Reset forgets requests, messages, receipts, faults, failure rates and the
// request counters, and refills the quota. Apps, users, groups, sounds,
// the clock and the latency stay. Open connections stay counted.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &s.st
	st.requests, st.messages = nil, nil
	st.faults.Clear()
	st.receipts, st.order = map[string]*receipt{}, nil
	st.rates, st.seen = map[FaultKind]float64{}, map[[sha256.Size]byte]struct{}{}
	st.stats = Stats{OpenConnections: st.stats.OpenConnections, InFlight: st.stats.InFlight}
	st.quota.remaining = st.quota.limit
}
