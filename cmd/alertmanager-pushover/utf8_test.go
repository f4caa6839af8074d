package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRoutesTestUTF8LabelNames: a route matching a UTF-8 label name, as
// Alertmanager 0.27+ accepts it, loads and is found by routes test.
func TestRoutesTestUTF8LabelNames(t *testing.T) {
	path := writeFile(t, "u.yml", `
pushover: {token: `+token+`}
recipients: {me: {user_key: `+userKey+`}}
routes: [{name: prod-ns, to: [me], matchers: ['"k8s.namespace"="prod"', '{"service.name"=~"api-.*"}']}]
`)
	code, out, errOut := runCLI(t, "routes", "test", "--config.file="+path, "k8s.namespace=prod", `"service.name"=api-1`)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "route prod-ns\n")
	code, out, _ = runCLI(t, "routes", "test", "--config.file="+path, "k8s.namespace=dev", "service.name=api-1")
	require.Equal(t, 0, code)
	require.Contains(t, out, "no route matches")
}
