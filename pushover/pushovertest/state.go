package pushovertest

import (
	"crypto/sha256"
	"math/rand/v2"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/fakeserver"
)

// Well-known demo identities, from the examples of Pushover's documentation.
const (
	DemoToken = "azGDORePK8gMaC0QOYAMyEEuzJnyUi"
	DemoUser  = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG" // devices "phone" and "tablet"
	DemoGroup = "gznej3rKEVAvPUxu9vvNnqpmZpokzF" // one member: DemoUser
)

// state is everything the server knows; guarded by Server.mu.
type state struct {
	cfg      *config
	rng      *rand.Rand
	apps     map[string]string // token to name
	users    map[string]*user
	groups   map[string]*group // key to delivery group
	sounds   map[string]string // custom sounds of the (single) account
	quota    quota
	offset   time.Duration // what Advance added to the clock
	latency  time.Duration
	receipts map[string]*receipt
	order    []string // receipt ids in creation order

	faults   fakeserver.Schedule[Fault]
	rates    map[FaultKind]float64
	requests []Request
	messages []Message
	seen     map[[sha256.Size]byte]struct{} // hashes of accepted messages, for duplicates
	stats    Stats
}

type user struct {
	devices  []string
	licenses []string
}

type quota struct {
	limit, remaining int
	reset            time.Time
}

func newState(cfg *config, rng *rand.Rand) state {
	st := state{
		cfg: cfg, rng: rng, latency: cfg.latency,
		apps: map[string]string{}, users: map[string]*user{}, groups: map[string]*group{},
		sounds: map[string]string{}, receipts: map[string]*receipt{},
		rates: map[FaultKind]float64{}, seen: map[[sha256.Size]byte]struct{}{},
	}
	st.quota = quota{limit: cfg.quotaLimit, remaining: cfg.quotaLimit, reset: nextReset(st.now())}
	return st
}

// now is the fake clock.
func (st *state) now() time.Time {
	if st.cfg.realClock {
		return time.Now().Add(st.offset)
	}
	return st.cfg.start.Add(st.offset)
}

// refreshQuota applies the monthly reset once the clock has passed it.
func (st *state) refreshQuota() {
	if now := st.now(); !now.Before(st.quota.reset) {
		st.quota.remaining = st.quota.limit
		st.quota.reset = nextReset(now)
	}
}

var chicago = loadChicago()

func loadChicago() *time.Location {
	if loc, err := time.LoadLocation("America/Chicago"); err == nil {
		return loc
	}
	return time.FixedZone("UTC-6", -6*60*60)
}

// nextReset is the next 1st of the month, 00:00 America/Chicago.
func nextReset(now time.Time) time.Time {
	t := now.In(chicago)
	return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, chicago)
}

func (s *Server) seedDemo() {
	s.AddApp(DemoToken, "Demo")
	s.AddUser(DemoUser, "phone", "tablet")
	s.AddGroup(DemoGroup, DemoUser)
}

// AddApp registers an application token. All apps share one account quota
// (the post-2026 model).
func (s *Server) AddApp(token, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.apps[token] = name
}

// AddUser registers a user key with its active devices (possibly none) and
// the license "Android".
func (s *Server) AddUser(key string, devices ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.users[key] = &user{devices: append([]string(nil), devices...), licenses: []string{"Android"}}
}

// SetLicenses replaces the licenses ("Android", "iOS", "Desktop") of a user.
func (s *Server) SetLicenses(key string, licenses ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.st.users[key]; ok {
		u.licenses = append([]string(nil), licenses...)
	}
}

// AddGroup registers a delivery group named "Group" whose members are user
// keys (see CreateGroup).
func (s *Server) AddGroup(key string, members ...string) { s.CreateGroup(key, "Group", members...) }

// AddSound adds a custom sound of the account, listed by sounds.json.
func (s *Server) AddSound(name, description string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.sounds[name] = description
}

// SetQuota sets the account's monthly limit and what remains of it.
func (s *Server) SetQuota(limit, remaining int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.refreshQuota()
	s.st.quota.limit, s.st.quota.remaining = limit, remaining
}

// Now returns the fake clock's time.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.now()
}

// SetLatency delays every later API response by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.latency = d
}
