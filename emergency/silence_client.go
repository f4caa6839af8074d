package emergency

import (
	"errors"
	"time"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// silence creates the silences of an acknowledged emergency in the
// background: it never blocks a page. Each is tried silenceAttempts times;
// outcomes are logged and counted.
func (t *Tracker) silence(rt *Runtime, e ledger.Emergency) {
	target := silenceTarget{base: rt.Alertmanager.URL, token: rt.AlertmanagerToken}
	if target.base == "" {
		// A URL a webhook names is anyone's choice who can reach POST
		// /alerts: it never gets a credential.
		target = silenceTarget{base: e.ExternalURL}
	}
	silences := Silences(e, t.now())
	if target.base == "" {
		t.metrics.Silences.WithLabelValues("failed").Add(float64(len(silences)))
		level.Error(t.logger).Log("msg", "cannot create silences: no alertmanager.url and no externalURL in the payload",
			"route", e.Route)
		return
	}
	timeout := time.Duration(rt.Alertmanager.Timeout)
	if timeout <= 0 {
		timeout = DefaultAlertmanagerTimeout
	}
	t.silences.Go(func() {
		for _, s := range silences {
			t.createSilence(rt, target, timeout, e, s)
		}
	})
}

// silenceTarget is where silences go, and the credential for it: only a
// configured alertmanager.url ever gets one.
type silenceTarget struct {
	base, token string
}

func (t *Tracker) createSilence(rt *Runtime, target silenceTarget, timeout time.Duration, e ledger.Emergency, s Silence) {
	var err error
	wait := silenceBackoff
	for attempt := 1; attempt <= silenceAttempts; attempt++ {
		var id string
		if id, err = t.postSilence(target, timeout, s); err == nil {
			t.metrics.Silences.WithLabelValues("created").Inc()
			level.Info(t.logger).Log("msg", "silence created", "route", e.Route, "silence_id", id,
				"ends_at", s.EndsAt.UTC().Format(time.RFC3339), "matchers", len(s.Matchers))
			return
		}
		// Only a failure that may pass is retried: a refusal cannot, and a
		// garbled answer may hide a silence that was created.
		if !errors.Is(err, amclient.ErrUnavailable) || attempt == silenceAttempts {
			break
		}
		if t.sleep(t.ctx, wait) != nil {
			break // the application is stopping
		}
		wait *= 2
	}
	t.metrics.Silences.WithLabelValues("failed").Inc()
	level.Error(t.logger).Log("msg", "could not create silence", "route", e.Route, "err", rt.Secrets.String(err.Error()))
}

// postSilence posts one silence through amclient and returns its ID.
func (t *Tracker) postSilence(target silenceTarget, timeout time.Duration, s Silence) (string, error) {
	c, err := amclient.New(target.base, target.token, t.http, timeout)
	if err != nil {
		return "", err
	}
	return c.Create(t.ctx, s)
}
