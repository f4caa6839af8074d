package config

import (
	"fmt"

	"github.com/alertmanager-pushover/alertmanager-pushover/graph"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
)

// checkChartTimeout requires a chart to be bounded well within the
// webhook's own deadline: a chart must never delay a page.
func (c *Config) checkChartTimeout() error {
	if !c.Prometheus.Enabled() || c.Prometheus.Timeout < c.Receiver.Timeout {
		return nil
	}
	return &configerr.ConfigError{Section: "prometheus", Field: "timeout", Err: fmt.Errorf(
		"%w: %s must be shorter than receiver.timeout (%s): a chart must never delay a page",
		configerr.ErrInvalid, c.Prometheus.Timeout, c.Receiver.Timeout)}
}

// prometheusSecrets are the credentials written inline in the prometheus
// section (those in files are read by the HTTP client, never held here).
func prometheusSecrets(p *graph.Config) []string {
	h := p.HTTPClientConfig
	out := []string{string(h.BearerToken)}
	if h.BasicAuth != nil {
		out = append(out, string(h.BasicAuth.Password))
	}
	if h.Authorization != nil {
		out = append(out, string(h.Authorization.Credentials))
	}
	if h.OAuth2 != nil {
		out = append(out, string(h.OAuth2.ClientSecret))
	}
	return out
}
