package schedule_test

// The tests name real zones; the embedded database makes them independent
// of the host's /usr/share/zoneinfo. Only tests and cmd import it, never
// the library.
import _ "time/tzdata"
