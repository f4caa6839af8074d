package groupmetest

import "time"

// Option configures a Server.
type Option func(*config)

type config struct {
	demo           bool
	latency        time.Duration
	lenientPicture bool
	postStatus     int
	rateLimit      int
	rateWindow     time.Duration
	rateStatus     int
	retryAfter     time.Duration
	now            func() time.Time
}

func defaultConfig() config {
	return config{postStatus: 201, rateStatus: 420, now: time.Now}
}

// WithDemo seeds DemoBotID (in DemoGroupID) and DemoAccessToken.
func WithDemo() Option { return func(c *config) { c.demo = true } }

// WithLatency delays every API answer by d (default none).
func WithLatency(d time.Duration) Option { return func(c *config) { c.latency = d } }

// WithLenientPictureURL accepts any absolute picture_url. Default: only
// URLs this fake's image service issued, as GroupMe requires images to go
// through its image service.
func WithLenientPictureURL() Option { return func(c *config) { c.lenientPicture = true } }

// WithPostStatus sets the status of an accepted post (default 201, as
// documented; some clients have seen 202).
func WithPostStatus(code int) Option { return func(c *config) { c.postStatus = code } }

// WithRateLimit lets each bot post at most n times per window; further
// posts are answered with the rate-limit status (default 420, as
// documented; see WithRateLimitStatus). GroupMe publishes no numbers, so
// there is no limit by default.
func WithRateLimit(n int, window time.Duration) Option {
	return func(c *config) { c.rateLimit, c.rateWindow = n, window }
}

// WithRateLimitStatus answers rate-limited requests with code (420 or 429).
func WithRateLimitStatus(code int) Option { return func(c *config) { c.rateStatus = code } }

// WithRetryAfter adds a Retry-After header to rate-limited answers
// (default none: GroupMe documents none).
func WithRetryAfter(d time.Duration) Option { return func(c *config) { c.retryAfter = d } }

// WithClock replaces time.Now for recorded times and the rate limit window.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }
