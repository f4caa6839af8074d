// Package pushover is the project's client for the Pushover API
// (https://pushover.net/api): messages (form and multipart), receipts,
// cancel, cancel_by_tag, user validation, sounds and app limits.
//
// It owns Pushover's wire format, its limits (as named constants), the
// classification of every outcome into typed errors, and Pushover's rules for
// friendly clients: at most two concurrent connections, and no retry sooner
// than five seconds after a failure. It knows nothing about Alertmanager.
package pushover
