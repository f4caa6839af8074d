// Package ha holds the high-availability tests of issue 12, on the real
// binaries: two bridge processes sharing one real redis-server (through
// internal/redistest) behind a round-robin reverse proxy, fed by two real
// Alertmanagers in one gossip cluster, or by a sender that posts each
// webhook twice at once as an Alertmanager HA pair does, and the fake
// Pushover. They check that every page goes out exactly once, that a
// resolve or an acknowledgement handled by one replica is seen by the
// other, what a replica SIGKILLed in a storm costs (the crash window, whose
// figures they log and bound), and that pages keep going out while Redis is
// away. It has no code outside its tests.
package ha
