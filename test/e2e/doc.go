// Package e2e holds the end-to-end tests: a real Alertmanager posts to the
// bridge binary (built here the way the Dockerfile builds it), which sends to
// the project's fake Pushover. `make test` installs the Alertmanager binary
// and points ALERTMANAGER_BIN at it; without it these tests skip, unless
// E2E_REQUIRED is set (as CI sets it), where they fail.
package e2e
