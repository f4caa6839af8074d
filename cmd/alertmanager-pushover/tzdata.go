package main

// The schedules name IANA time zones: embed the zone database so that the
// binary works on hosts (and scratch images) without /usr/share/zoneinfo.
import _ "time/tzdata"
