// Package e2e holds the end-to-end tests: a real Alertmanager posts to the
// bridge binary (built here the way the Dockerfile builds it), which sends to
// the project's fake Pushover. `make test` installs the Alertmanager binary
// and points ALERTMANAGER_BIN at it; without it these tests skip, unless
// E2E_REQUIRED is set (as CI sets it), where they fail. E2E_BRIDGE_BIN runs
// them against a bridge binary built elsewhere (another revision, say).
//
// Each test has its own fake Pushover (in process), bridge and Alertmanager
// on free ports, and runs in parallel with the others. Tests await what the
// fake recorded, or the bridge's and Alertmanager's metrics; to show that
// something did not happen (a second page), they wait for a later event that
// proves the pipeline moved past it, such as the resolved notification.
package e2e
