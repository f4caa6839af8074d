// Package escalation owns escalation policies at run time: when an
// emergency stays unacknowledged, page the next level of people, until
// someone acknowledges or the alerts resolve.
//
// A Record is the whole state of one escalation (its policy as it was at
// the first page, what each level paged, the acknowledgement), kept in a
// Store that the ledger implements, so an escalation survives a restart
// and is shared by replicas. The Engine fires due levels (Run, on the one
// replica that holds the Lease) and stops escalations (Acknowledge,
// Resolve, on any replica). It sends nothing itself: a Pager renders and
// sends a level's page, a Canceller stops receipts from ringing, a
// Resolver turns schedule names into whoever is on call when the level
// fires. Package pipeline starts escalations when it sends an emergency
// and implements those interfaces; package routing holds the configured
// levels (a route's escalate list).
//
// # Compared with PagerDuty-style escalation policies
//
// Like a PagerDuty escalation policy, a route's escalate list is an
// ordered list of levels, each naming people or on-call schedules, and
// the first acknowledgement at any level stops the whole escalation:
// every level's phone stops ringing (cancelled by receipt) and no later
// level is paged. The differences:
//
//   - Each level's delay counts from the first page (after: 10m, then
//     after: 25m), not from the level before it; PagerDuty's "escalates
//     after N minutes" is per level. Absolute delays read as a timeline
//     and do not shift when a level is added.
//   - Every level keeps ringing until the acknowledgement: level 2 is
//     paged in addition to level 1, not instead of it, so whoever wakes
//     first answers.
//   - There is no `repeat` of the whole policy ("loop N times"): after the
//     last level, the pages ring until Pushover's expire (up to 3 hours),
//     and when Alertmanager's repeat_interval pages the group again, that
//     page starts a new escalation from level 1. A loop can also be
//     written out as more levels.
//   - There is no incident object, reassignment or snooze; an
//     acknowledgement is Pushover's (the receipt poll or callback) or the
//     action page's. A resolve from Alertmanager cancels every level.
//   - Levels fire only for emergency-priority pages (a route with a
//     templated priority escalates only the pages that render to it).
//
// # Guarantees
//
// A level is recorded as fired only after Pushover accepted its page; a
// failed page is retried with exponential backoff, under the same
// PageKey, which the Pager must honour (the ledger's Claim) so that a
// retry after a crash between the send and the record pages nobody
// twice. Two engines over one store and lease fire each level once.
package escalation
