// Package receiver owns the bridge's HTTP surface for Alertmanager and
// Pushover: POST /alerts (bearer authentication, the body cap, the cap on
// webhooks in progress, decoding through package webhook, the answer and
// its status code: see StatusCode), POST /pushover/callback/{secret}
// (Pushover's acknowledgement callback, handed to package emergency), the
// `receiver` configuration section, and the webhook_* metrics.
//
// It holds no pipeline logic: a decoded webhook goes to package pipeline,
// which plans, sends and records its deliveries.
package receiver
