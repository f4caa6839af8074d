// Package receiver owns the bridge's HTTP surface for Alertmanager: the
// webhook payload type and its lenient decoding, authentication and body
// limits, the per-request pipeline (route each alert, render each
// delivery, cancel emergencies that no longer warrant one, send), its use
// of the ledger to keep Alertmanager's retries from doubling pages, the
// status-code contract with Alertmanager, the configuration sections that
// drive all this (receiver, emergency, alertmanager), and the bridge's
// metrics.
//
// # The emergency lifecycle
//
// Every emergency carries the Pushover tag EmergencyTag(receiver, group
// key, route, recipient). When what made a delivery an emergency no longer
// fires (the group resolved, or the alerts still firing no longer route to
// an emergency), the bridge calls cancel_by_tag before sending the resolved
// message. That needs no state, so it works after a restart with an empty
// ledger and across replicas.
//
// The ledger (package ledger) adds what tags cannot:
//   - a repeat ("repeat interval elapsed", or any re-send of the same
//     firing alerts) of an emergency that still rings (not acknowledged,
//     expired or cancelled) sends nothing (outcome still_ringing), unless
//     the route sets repeat_while_ringing; once it was acknowledged or
//     expired, the repeat pages again;
//   - a partial resolve (some alerts of a paged emergency resolved, every
//     alert still firing already paged) does not re-trigger the siren: the
//     recipient gets an update at the route's resolved_priority and
//     resolved_sound (nothing without send_resolved), and the emergency
//     keeps ringing for what still fires; without a ledger record the
//     bridge pages at the firing priority (a double page beats a lost one);
//   - acknowledgements, learnt by polling receipts (PollOnce, RunPoller)
//     or through Pushover's callback (CallbackHandler): logged with the
//     recipient's name (never its key), counted, shown to later messages
//     of the group (.Acknowledged), and, with silence_on_ack, turned into
//     Alertmanager silences (see Silences).
//
// It never speaks Pushover's wire format: it hands pushover.Message values
// to a Sender.
package receiver
