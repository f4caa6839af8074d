// Package pushovertest is an in-process fake of the Pushover API
// (https://pushover.net/api), shaped like net/http/httptest.Server and
// faithful to §6 of the project's reference/pushover-api.md.
//
// It serves messages.json, receipts (poll, cancel, cancel_by_tag),
// users/validate.json, sounds.json, apps/limits.json and the Groups API
// (groups/{key}.json and its add_user, remove_user or delete_user,
// disable_user and enable_user) under /1/, with the
// validation order, error bodies and status codes Pushover uses; it records
// every request, message and receipt; it injects faults (HTML 5xx, malformed
// bodies, 429, slow replies, hangs, closed connections); and it counts what
// the client must respect: concurrent requests, connections opened, duplicate
// messages. A JSON control API under /_fake/ (and the Control client) drives
// it from other processes, such as cmd/fakepushover.
//
// Behaviour that Pushover does not document is a switch (an Option) with a
// documented default. It is for tests only; production code must not import it.
package pushovertest
