package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
)

// sendTestGroupMe posts a test message into the GroupMe room of rcp as
// its bot (or, in a dry run, says it would). An emergency priority marks
// the text as one; GroupMe has no other priority.
func sendTestGroupMe(cfg *config.Config, rcp *routing.Recipient, prio pushover.Priority, o sendTestOptions,
	res sendTestResult,
) (sendTestResult, []string, error) {
	secrets := cfg.Secrets()
	res.Priority = prio.String()
	text := o.message
	if text == "" {
		host, _ := os.Hostname()
		text = fmt.Sprintf("A test message from alertmanager-pushover on %s to %s: the GroupMe bot id works.", orNone(host), rcp.Name)
	}
	if o.dryRun {
		res.Status = "dry_run"
		return res, secrets, nil
	}
	client, err := newGroupMeClient(cfg, nil)
	if err != nil {
		return res, secrets, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), sendTestTimeout)
	defer cancel()
	n := groupme.Notification{Title: "alertmanager-pushover test", Text: text, Emergency: prio == pushover.PriorityEmergency}
	if _, err := client.Notify(ctx, rcp.BotID, n); err != nil {
		return res, secrets, fmt.Errorf("posting to %s: %w", rcp.Name, err)
	}
	res.Status, res.SentAt = "sent", time.Now().UTC()
	return res, secrets, nil
}
