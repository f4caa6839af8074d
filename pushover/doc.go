// Package pushover is the project's client for the Pushover API
// (https://pushover.net/api): messages (form and multipart), receipts,
// cancel, cancel_by_tag, user validation, sounds and app limits.
//
// It owns Pushover's wire format, its limits (as named constants), the
// classification of every outcome into typed errors, and Pushover's rules for
// friendly clients: at most two concurrent connections, and no retry sooner
// than five seconds after a failure. Requests waiting for one of the two
// connections queue by priority (emergencies and cancels first), take
// turns between recipients and age so that none starves (queue.go); in a
// storm, or when the quota runs low, the messages waiting for one recipient
// are folded into one digest message (digest.go). It knows nothing about
// Alertmanager, except that a digest's text counts "alert groups".
package pushover
