package pushovertest

import (
	"net/http"
	"time"
)

// Option configures a Server. The switches select behaviour the reference
// marks UNVERIFIED; each documents its default.
type Option func(*config)

type config struct {
	demo             bool
	latency          time.Duration
	start            time.Time
	realClock        bool
	seed             uint64
	truncate         bool
	lenientExpire    bool
	docUserError     bool
	no429Headers     bool
	ignoreGETBody    bool
	legacyRequestIDs bool
	quotaLimit       int
	callbackClient   *http.Client
}

func defaultConfig() config {
	return config{start: time.Now().Truncate(time.Second), seed: 1, quotaLimit: 10000}
}

// WithDemoAccount seeds DemoToken (app "Demo"), DemoUser (devices phone and
// tablet) and DemoGroup (whose one member is DemoUser).
func WithDemoAccount() Option { return func(c *config) { c.demo = true } }

// WithLatency delays every API response by d (default none).
func WithLatency(d time.Duration) Option { return func(c *config) { c.latency = d } }

// WithClock starts the fake clock at t. By default the clock starts at the
// server's creation time, truncated to seconds, and stands still: only
// Advance moves it.
func WithClock(t time.Time) Option { return func(c *config) { c.start = t } }

// WithRealClock makes the fake clock follow the wall clock (plus whatever
// Advance adds), as the standalone fake does.
func WithRealClock() Option { return func(c *config) { c.realClock = true } }

// WithSeed seeds the random source of SetFailureRate (default 1).
func WithSeed(seed uint64) Option { return func(c *config) { c.seed = seed } }

// WithTruncation makes over-length message, title, url and url_title fields
// truncated and accepted. Default: rejected with 400 "is too long", so that
// tests prove the client truncates or rejects them itself.
func WithTruncation() Option { return func(c *config) { c.truncate = true } }

// WithLenientExpire accepts an emergency expire above 10800 s and clamps it,
// as observed in 2024. Default: strict, 400 "expire is invalid".
func WithLenientExpire() Option { return func(c *config) { c.lenientExpire = true } }

// WithDocumentedUserError answers an invalid user of messages.json with the
// documented "user identifier is invalid". Default: the observed text "user
// identifier is not a valid user, group, or subscribed user key".
func WithDocumentedUserError() Option { return func(c *config) { c.docUserError = true } }

// WithoutQuotaHeadersOn429 leaves the X-Limit-App-* headers off 429
// responses. Default: present on 429 (they are never on 400).
func WithoutQuotaHeadersOn429() Option { return func(c *config) { c.no429Headers = true } }

// WithIgnoreGETBody ignores parameters in the body of GET requests. Default:
// they are honoured, like the query string.
func WithIgnoreGETBody() Option { return func(c *config) { c.ignoreGETBody = true } }

// WithLegacyRequestIDs answers with 32-hex-digit request ids, as Pushover did
// before 2016. Default: UUIDv4.
func WithLegacyRequestIDs() Option { return func(c *config) { c.legacyRequestIDs = true } }

// WithQuota sets the monthly message limit of the account (default 10000).
func WithQuota(limit int) Option { return func(c *config) { c.quotaLimit = limit } }

// WithCallbackClient sets the client that POSTs acknowledgement callbacks
// (default: a client with a 5 s timeout).
func WithCallbackClient(hc *http.Client) Option { return func(c *config) { c.callbackClient = hc } }
