// Package pipeline carries out one webhook in stages, as Alertmanager's
// notify pipeline does:
//
//	plan    route each alert (routing), compute delivery keys and emergency
//	        tags, the priority, and every decision that needs the ledger
//	        (still ringing, partial resolve: package emergency)
//	claim   per delivery, wait for the same delivery in flight here, then
//	        claim its key in the ledger: already accepted (deduplicated),
//	        refused before, or held by another replica send nothing
//	chart   for a route with a graph range, start the webhook's chart once
//	        the first delivery attaching it has claimed (PlanCharts: one
//	        per distinct alert and options; a Charter bounds it by
//	        prometheus.timeout, and any failure sends without it)
//	cancel  stop the recipient's emergencies the plan says no longer ring
//	render  render only what will be sent (the route's templates; not for
//	        a SelfRendering destination, which renders its own), and wait
//	        for the chart (Page.PNG)
//	send    hand the Page to the Notifier of the recipient's kind
//	        (Runtime.Notifiers: Pushover's in notify/pushovernotify,
//	        GroupMe's in notify/groupmenotify, or a DryRun of each), which
//	        turns it into its wire format and sends it
//	record  settle the claim (accepted, refused, released), record an
//	        emergency's receipt (package emergency) and start its
//	        escalation when the route escalates (package escalation)
//	fallback when the destination refused the page for good, its quota is
//	        exhausted, or it failed for fallback_after since the first
//	        failed attempt (recorded in the ledger), deliver the page to
//	        the route's fallback recipients, each once under its own key
//
// A schedule in a route's to pages whoever is on call when planned
// (Runtime.Schedules). A resolved delivery resolves its scope's
// escalation; an acknowledgement stops it (Acknowledged). EscalationPager
// pages the later levels for the engine and cancels their receipts.
//
// The request deadline (receiver.timeout) starts before planning; what is
// unfinished then is answered failed_retryable while it goes on, so the
// ledger keeps Alertmanager's retry from doubling it. Each delivery ends
// in one Outcome, counted and kept for the status page (Recent).
//
// The pipeline knows no destination's wire format: it imports neither
// pushover nor groupme (only the neutral priority vocabulary). A Page is
// destination-neutral (the rendered title, message and url, priority,
// sound, ttl, retry/expire, the emergency's tag and callback, the chart's
// PNG); a Notifier answers Delivered (its request id, an emergency's
// receipt) or an error classified by *DestinationError (Retryable,
// Permanent, Quota with its reset; MaybeAccepted when no answer was read).
// Emergencies ring only at Pushover: its Notifier is also the Canceller
// (by receipt, or by tag).
//
// Adding a third destination is a new package and one line of wiring:
//
//	// notify/slacknotify: implements pipeline.Notifier over its client,
//	// mapping its errors with &pipeline.DestinationError{Class: …}
//	func (n *Notifier) Notify(ctx context.Context, p pipeline.Page) (pipeline.Delivered, error)
//
//	// cmd/alertmanager-pushover/wiring.go, in notifiers():
//	routing.KindSlack: func() (pipeline.Notifier, error) { return slacknotify.New(…), nil },
//
// (with its recipient kind in routing, and its section in config). Work
// before sending is a step of render (as the chart is); work after (an
// escalation timer) a step of record.
package pipeline
