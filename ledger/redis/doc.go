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
// Every key starts with the configured prefix (DefaultKeyPrefix):
//
//	d:<delivery key>   "c<holder>" while claimed, "a<unix nanos>" once accepted
//	e:<receipt>        an emergency, as JSON
//	t:<tag>            set of the receipts of a tag
//	g:<hash>           set of the receipts of a group (receiver, group key)
//	out                sorted set of the ringing receipts by expiry (ms)
//	sent               sorted set of the receipts by sending time (ns)
//	lease:<name>       the holder of a background job's lease
//
// Records expire with the ledger's retention (Redis TTLs); the indexes
// expire with their longest-lived member and are trimmed as they are read,
// so nothing scans the keyspace. The scripts touch keys they build from
// the prefix, so the ledger needs a standalone server (or a primary with
// replicas or Sentinel), not Redis Cluster.
//
// # Exactly once across replicas, and the crash window
//
// Claim reserves the deliveries of one webhook in one round trip (one Lua
// script over all their keys): a key that is free (or holds an accepted
// record old enough to be re-sent as a reminder) becomes "claimed by this
// replica" with a short expiry, atomically, so of two replicas handling the
// same delivery at the same moment exactly one sends it. Record turns the
// claim into the accepted record; Release drops a claim whose send failed,
// so Alertmanager's retry can send. A replica that dies between claiming
// and recording leaves a claim that expires after the claim TTL: until
// then a retry of that delivery is answered "in flight" (not sent); after
// it, the retry sends. If the dead replica's send had reached Pushover,
// that retry is a double page: the crash window is the time between
// Pushover accepting a message and the Record that follows it (one round
// trip to the store), the same window the bbolt ledger has between the
// send and its fsync. A replica that stalls past the claim TTL while
// sending can also double, so the TTL must exceed the send timeout.
//
// # Never a point of failure
//
// Every call has a short deadline (Options.Timeout). When the server is
// unreachable calls fail fast with an error, Health reports it, the
// Observer hears ledger_healthy 0 and the error, and the caller sends the
// page anyway: duplicates across replicas become possible, losses do not.
// The client reconnects by itself; the first call that succeeds (or the
// health check of Run) makes the ledger healthy again, without a restart.
//
// Only the ledger package's users (the pipeline and the main package)
// should import it.
package redisledger
