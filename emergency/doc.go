// Package emergency owns the lifecycle of emergency messages, the ones
// that ring until someone acknowledges them: the Pushover tag each one
// carries (Tag), the decision whether a repeat still rings or a partial
// resolve is an update (Decide, returning a Decision), the record of what
// was sent (Record), acknowledgements learnt by polling receipts
// (PollOnce, RunPoller) or through Pushover's callback (Acknowledge),
// silences created on acknowledgement (silence_on_ack), and the emergency
// and alertmanager configuration sections and their metrics.
//
// Every emergency carries Tag(receiver, group key, route, recipient).
// When what made a delivery an emergency no longer fires, the pipeline
// cancels it; that needs no state, so it works after a restart with an
// empty ledger. The ledger adds what tags cannot:
//   - a repeat of an emergency that still rings (not acknowledged, expired
//     or cancelled) sends nothing (StillRinging), unless the route sets
//     repeat_while_ringing; once acknowledged or expired, it pages again;
//   - a partial resolve (some alerts of a paged emergency resolved, every
//     alert still firing already paged) does not re-trigger the siren
//     (Update): the recipient gets an update at the route's
//     resolved_priority;
//   - acknowledgements: logged with the recipient's name (never its key),
//     counted, shown to later messages of the group (.Acknowledged), and,
//     with silence_on_ack, turned into Alertmanager silences.
//
// It never sends messages: package pipeline does, and asks it.
package emergency
