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
//	render  render only what will be sent (templates), attach the chart
//	send    hand the message to the Sender (Pushover, or a dry run), or,
//	        for a recipient of another kind, the page and its chart to its
//	        Notifier (Runtime.Notifiers by recipient kind; e.g. GroupMe, in
//	        package notify/groupmenotify), which renders and sends it itself
//	record  settle the claim (accepted, refused, released) and record an
//	        emergency's receipt (package emergency)
//	fallback when the destination refused the page for good, its quota is
//	        exhausted, or it failed for fallback_after since the first
//	        failed attempt (recorded in the ledger), deliver the page to
//	        the route's fallback recipients, each once under its own key
//
// The request deadline (receiver.timeout) starts before planning; what is
// unfinished then is answered failed_retryable while it goes on, so the
// ledger keeps Alertmanager's retry from doubling it. Each delivery ends
// in one Outcome, counted and kept for the status page (Recent).
//
// A new destination plugs in as a Notifier (a package, and a line of
// wiring that maps its recipient kind to it); work before sending as a
// step of render (as the chart is); work after (an escalation timer) as a
// step of record.
package pipeline
