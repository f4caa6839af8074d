package redisledger

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// Ledger is the ledger on a Redis or Valkey server. It is safe for
// concurrent use. The zero value is not usable: see Open.
type Ledger struct {
	opts    Options
	rdb     *redis.Client
	prefix  string
	where   string   // the redacted URL
	secrets []string // what errors must never show: the URL, the password
	scripts scripts
	claims  *claimer

	mu    sync.Mutex
	err   error // nil while the last call succeeded
	known bool  // a call was made: the Observer heard the health
}

// Open connects to the server of cfg. It does not wait for the server:
// a server that is away makes the ledger unhealthy, not the bridge fail,
// and the client connects when the server comes. Only a configuration
// that cannot be used (a bad URL, an unreadable url_file) is an error,
// and it never quotes the URL.
func Open(cfg ledger.RedisConfig, opts Options) (*Ledger, error) {
	opts = opts.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	raw, err := cfg.ReadURL()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	ro, err := clientOptions(raw, &cfg.TLSConfig, opts)
	if err != nil {
		return nil, err
	}
	l := &Ledger{opts: opts, rdb: redis.NewClient(ro), prefix: cfg.KeyPrefix, where: ledger.RedactRedisURL(raw),
		secrets: secretsOf(raw), scripts: newScripts()}
	l.claims = &claimer{run: l.runClaims}
	return l, nil
}

// secretsOf lists the strings of raw that must never be shown, longest first.
func secretsOf(raw string) []string {
	s := []string{raw}
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok && p != "" {
			s = append(s, u.User.String(), p)
		}
	}
	return s
}

// Where is the server, without credentials (for the status page).
func (l *Ledger) Where() string { return l.where }

// Durable reports that the ledger outlives the process (the server keeps it).
func (l *Ledger) Durable() bool { return true }

// health is the last call's failure, or nil.
func (l *Ledger) health() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// Healthy reports whether the last call to the server succeeded.
func (l *Ledger) Healthy() bool { return l.health() == nil }

func (l *Ledger) setHealth(err error) {
	l.mu.Lock()
	changed := !l.known || (l.err == nil) != (err == nil)
	l.err, l.known = err, true
	l.mu.Unlock()
	if changed {
		l.opts.Observer.LedgerHealthy(err == nil)
	}
}

// Error is a call to the server that failed. Its text never holds the
// URL or the password.
type Error struct {
	Op  string
	msg string
	err error
}

// Error implements error.
func (e *Error) Error() string { return "ledger " + e.Op + ": " + e.msg }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.err }

// done reports the outcome of a call: a failure is counted, makes the
// ledger unhealthy and comes back as an *Error; a success makes it healthy.
// A missing key (redis.Nil) or a lost optimistic transaction is no failure
// of the server.
func (l *Ledger) done(op string, err error) error {
	if err == nil || errors.Is(err, redis.Nil) || errors.Is(err, redis.TxFailedErr) {
		l.setHealth(nil)
		return err
	}
	e := &Error{Op: op, msg: l.redact(err.Error()), err: err}
	l.opts.Observer.LedgerError(op)
	l.setHealth(fmt.Errorf("redis at %s unreachable: %w", l.where, e))
	return e
}

func (l *Ledger) redact(s string) string {
	for _, secret := range l.secrets {
		s = strings.ReplaceAll(s, secret, "<secret>")
	}
	return s
}

// ctx bounds a call by the ledger's timeout.
func (l *Ledger) ctx(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(parent, l.opts.Timeout)
}

// Ping asks the server whether it answers, and updates the health.
func (l *Ledger) Ping(ctx context.Context) error {
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	return l.done("ping", l.rdb.Ping(ctx).Err())
}

// Close closes the connections. It is safe to call twice.
func (l *Ledger) Close() error {
	if err := l.rdb.Close(); err != nil && !errors.Is(err, redis.ErrClosed) {
		return l.done("close", err)
	}
	return nil
}

func (l *Ledger) key(kind, id string) string { return l.prefix + kind + id }

// nanos is t as 20 zero-padded digits of Unix nanoseconds, so that the
// scripts compare times as strings (Lua's numbers are doubles).
func nanos(t time.Time) string { return fmt.Sprintf("%020d", t.UnixNano()) }

// Health is nil while the server answers; else why it does not, with no
// secret in the text. It asks nothing: RunJanitor and every call keep it current.
func (l *Ledger) Health(context.Context) error { return l.health() }

var _ ledger.Ledger = (*Ledger)(nil)
