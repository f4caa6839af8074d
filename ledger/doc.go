// Package ledger is the bridge's memory of what it did: every delivery
// Pushover accepted (so that an Alertmanager retry re-sends only what
// failed, and an identical re-delivery sends nothing) and every emergency
// message it sent (receipt, tag, route, recipient name, group, the alerts
// that made it an emergency, expiry, acknowledgement, cancellation), and
// the escalations of emergencies (EscalationKeeper: the escalation
// engine's Store, so an escalation survives a restart).
//
// Ledger is the interface the bridge uses (see its documentation for the
// claim protocol that keeps replicas from sending a page twice); Local is
// the implementation for one replica.
//
// A Local ledger keeps everything in memory and, when opened on a directory,
// writes each change through to a bbolt file there. Reads never touch the
// disk: the file is loaded once at Open. Concurrent writes are grouped into
// one bbolt transaction (group commit: what arrives during a commit shares
// the next one), so a burst of pages costs a few fsyncs, not one each in
// series, and a lone write waits for nothing but its own fsync.
//
// The ledger is never a point of failure. A file that cannot be opened
// (corrupt, locked by another process, unwritable directory) makes
// OpenOrMemory return an in-memory ledger together with the error; a write
// that fails later keeps the change in memory. Either way Health reports
// the problem and the Observer hears of it, so the bridge reports it loudly
// and keeps delivering pages.
//
// Packages pipeline and emergency use it; the main package opens it.
package ledger
