package groupmetest

import (
	"slices"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/fakeserver"
)

// Demo identities, seeded by WithDemo. They are made up: GroupMe's ids are
// alphanumeric strings, and its access tokens 40 letters and digits.
const (
	DemoBotID       = "b0ad1f1b3c2e4d5f6a7b8c9d0e"
	DemoGroupID     = "12345678"
	DemoAccessToken = "DemoAccessToken0000000000000000000000000"
)

// Endpoint names, as in groupme.EndpointPost and groupme.EndpointPictures.
const (
	EndpointPost     = "bots_post"
	EndpointPictures = "pictures"
	EndpointBots     = "bots"
)

// Post is a message a bot posted.
type Post struct {
	BotID       string       `json:"bot_id"`
	GroupID     string       `json:"group_id"`
	Text        string       `json:"text"`
	PictureURL  string       `json:"picture_url,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
	UserAgent   string       `json:"user_agent"`
	At          time.Time    `json:"at"`
}

// Attachment is one element of a post's attachments array.
type Attachment struct {
	Type string `json:"type"`
	URL  string `json:"url,omitempty"`
}

// Picture is an image the image service stored.
type Picture struct {
	URL         string    `json:"url"`
	ContentType string    `json:"content_type"` // as sent
	Format      string    `json:"format"`       // as detected: png, jpeg or gif
	Width       int       `json:"width"`
	Height      int       `json:"height"`
	Size        int       `json:"size"`
	At          time.Time `json:"at"`
	data        []byte
}

// Request is one recorded API request. It holds no secret.
type Request struct {
	Method   string    `json:"method"`
	Path     string    `json:"path"`
	Endpoint string    `json:"endpoint"`
	Status   int       `json:"status"` // 0 when no answer was written
	Fault    string    `json:"fault,omitempty"`
	At       time.Time `json:"at"`
}

// state is what the server knows; guarded by Server.mu.
type state struct {
	latency  time.Duration
	bots     map[string]string // bot id to group id
	tokens   map[string]bool
	pictures map[string]*Picture // by URL path below /i/
	order    []string            // picture names in upload order
	posts    []Post
	requests []Request
	recent   map[string][]time.Time // posts per bot, for the rate limit
	faults   fakeserver.Schedule[Fault]
}

func newState(latency time.Duration) state {
	return state{latency: latency, bots: map[string]string{}, tokens: map[string]bool{},
		pictures: map[string]*Picture{}, recent: map[string][]time.Time{}}
}

// AddBot registers a bot that posts into group.
func (s *Server) AddBot(botID, groupID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.bots[botID] = groupID
}

// AddAccessToken registers an access token the image service accepts.
func (s *Server) AddAccessToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.tokens[token] = true
}

// SetLatency delays every later API answer by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.latency = d
}

// Posts returns the accepted posts, oldest first.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.st.posts)
	for i := range out {
		out[i].Attachments = slices.Clone(out[i].Attachments)
	}
	return out
}

// Requests returns the recorded API requests, in the order they ended.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.st.requests)
}

// Pictures returns the stored pictures, oldest first.
func (s *Server) Pictures() []Picture {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Picture, 0, len(s.st.order))
	for _, name := range s.st.order {
		p := *s.st.pictures[name]
		p.data = nil
		out = append(out, p)
	}
	return out
}

// Reset forgets posts, requests, pictures, queued faults and rate-limit
// history; bots, tokens and latency stay.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.posts, s.st.requests, s.st.order = nil, nil, nil
	s.st.faults.Clear()
	s.st.pictures, s.st.recent = map[string]*Picture{}, map[string][]time.Time{}
}

// limited records a post of bot at now and reports whether it exceeds the
// rate limit. A refused post does not count.
func (st *state) limited(cfg *config, bot string, now time.Time) bool {
	if cfg.rateLimit <= 0 {
		return false
	}
	kept := st.recent[bot][:0]
	for _, t := range st.recent[bot] {
		if now.Sub(t) < cfg.rateWindow {
			kept = append(kept, t)
		}
	}
	st.recent[bot] = kept
	if len(kept) >= cfg.rateLimit {
		return true
	}
	st.recent[bot] = append(kept, now)
	return false
}
