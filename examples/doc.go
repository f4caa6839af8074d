// Package examples holds no code: it is the home of the example files (the
// bridge configuration, Alertmanager and Prometheus snippets, a
// docker-compose stack, a systemd unit, Kubernetes manifests, alert rules and
// sample payloads) and of the tests that load every one of them, and the
// repository's Dockerfile, so that none of them can drift from the code.
package examples
