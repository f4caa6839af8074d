package main

import (
	"github.com/go-kit/log"
	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// docsToken is the application token of Pushover's API documentation, which
// examples/config.yml (and so the container image's built-in configuration)
// holds. Pushover refuses it.
const docsToken = "azGDORePK8gMaC0QOYAMyEEuzJnyUi"

// demoDryRun tells whether to serve in dry run: when asked to, and when the
// configuration is the demo one (the documentation's token against the real
// Pushover), which could only fail every page (422, which Alertmanager
// drops) while the bridge reports ready. That case is logged loudly.
func demoDryRun(cfg *config.Config, dryRun bool, logger log.Logger) bool {
	if dryRun || cfg.Built().Token != docsToken || cfg.Pushover.APIURL != pushover.DefaultBaseURL {
		return dryRun
	}
	level.Error(logger).Log("msg", "THE CONFIGURATION IS THE DEMO ONE: it holds the token of Pushover's documentation, "+
		"which Pushover refuses; serving in DRY RUN, NOTHING IS SENT. Mount your own configuration "+
		"(with your application's token_file) over it")
	return true
}
