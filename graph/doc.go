// Package graph owns the charts attached to pages: it reads the expression
// out of an alert's Prometheus graph link (generatorURL), runs it with
// query_range against the configured Prometheus only (never a host named
// by the payload), and renders the answer as a PNG line chart sized for a
// phone and for Pushover's attachment limit. Its cost is bounded (step,
// answer bytes, series count, prometheus.timeout) and every failure is a
// typed *Error with a Reason, so that the caller sends the page without a
// chart. The pipeline imports it; config composes its Config, and routing
// embeds its Options as the route key `graph`.
package graph
