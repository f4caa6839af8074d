// Package redisledger is the bridge's ledger on Valkey or Redis (the Redis
// 7 protocol), shared by every replica of the bridge: the deliveries
// claimed and accepted, Pushover's refusals, the emergencies with their
// receipts, acknowledgements and cancellations, and the leases that keep a
// background job (the receipt poller) on one replica at a time. It
// implements the same interface as the embedded bbolt ledger, which stays
// the default for one replica.
//
// # Keys
//
// Every key starts with the configured prefix (ledger.DefaultRedisKeyPrefix by default):
//
//	c:<delivery key>   a claim: its expiry (20 digits of Unix ns) and holder
//	d:<delivery key>   accepted: when (20 digits of Unix ns)
//	x:<delivery key>   refused for good: when
//	e:<receipt>        an emergency, as JSON
//	t:<tag>            set of the receipts of a tag
//	g:<hash>           set of the receipts of a group (receiver, group key)
//	f:<fingerprint>    set of the receipts sent for an alert
//	out                sorted set of the ringing receipts by expiry (ms)
//	sent               sorted set of the receipts by sending time (ms)
//	recent             list of the latest deliveries (status page rows)
//	lease:<name>       a background job's lease: its expiry and holder
//	esc:<id>           an escalation record, as JSON (escalations.go)
//	escdue             sorted set of the pending escalations by wake-up (ms)
//
// Records expire with the ledger's retention (Redis TTLs, computed from the
// ledger's clock when written); claims and leases expire by the ledger's
// clock, compared in the script, and by their own TTL on the server in any
// case, so a skew between replicas' clocks (milliseconds under NTP) moves
// an expiry by that much, never more than the TTL. The indexes
// expire with their longest-lived member and are trimmed as they are read,
// so nothing scans the keyspace. The scripts touch keys they build from
// the prefix, so the ledger needs a standalone server (or a primary with
// replicas or Sentinel), not Redis Cluster.
//
// # Exactly once across replicas, and the crash window
//
// Claim checks and takes a delivery key in one Lua script, so of two
// replicas handling the same delivery at the same moment exactly one gets
// Claimed and sends it; the other gets Held (and answers 503, so
// Alertmanager retries and then finds it Accepted). Claims made at the
// same time (the deliveries of one webhook, which the pipeline runs in
// parallel) share one script run: one round trip for all of them. Accept
// turns the claim into the accepted record, Refuse into the refused one,
// Release drops it when the send failed in a way a retry may pass.
//
// A replica that dies between claiming and accepting leaves a claim that
// expires after the claim's TTL (the pipeline asks twice the webhook
// timeout and a margin): until then a retry of that delivery is Held (503,
// retried later); after it, the retry sends. If the dead replica's message
// had reached Pushover, that retry is a double page. The crash window is
// therefore the time between Pushover accepting a message and the Accept
// that follows (one round trip to the store, about a millisecond on a
// local network), the same window the bbolt ledger has between the send
// and its fsync. A replica that stalls past the claim's TTL while sending
// can also double a page; the TTL is set well above the send timeout.
//
// # Never a point of failure
//
// Every call has a short deadline (Options.Timeout). When the server is
// unreachable calls fail fast with an error, Health reports it, the
// Observer hears ledger_healthy 0 and the error, and the caller sends the
// page anyway: duplicates across replicas become possible, losses do not.
// The client reconnects by itself; the first call that succeeds (or the
// check of RunJanitor) makes the ledger healthy again, without a restart.
// SetLogger sends what the client logs by itself to the bridge's logger.
//
// Only the main package should import it: it opens the ledger from the
// `ledger.redis` section (ledger.RedisConfig) and hands it to the pipeline
// and the emergency tracker as a ledger.Ledger.
package redisledger
