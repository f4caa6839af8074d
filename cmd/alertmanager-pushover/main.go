// Command alertmanager-pushover is a Prometheus Alertmanager webhook
// receiver that bridges alerts to Pushover. main only wires flags, logging
// and signals to the testable functions of this package.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
