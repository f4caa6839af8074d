// Package receiver owns the bridge's HTTP surface for Alertmanager: the
// webhook payload type and its lenient decoding, authentication and body
// limits, the per-request pipeline (route each alert, render each
// delivery, cancel emergencies that no longer warrant one, send), the
// dedup ledger that keeps Alertmanager's retries from doubling pages, the
// status-code contract with Alertmanager, and the bridge's metrics.
//
// It never speaks Pushover's wire format: it hands pushover.Message values
// to a Sender.
package receiver
