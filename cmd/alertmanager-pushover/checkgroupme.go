package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
)

// checkGroupMeBots asks GroupMe whether each GroupMe recipient's bot id is
// one of the access token's user's bots (GET /v3/bots). Without an access
// token it cannot ask: it says so and checks nothing.
func checkGroupMeBots(ctx context.Context, cfg *config.Config, w io.Writer) error {
	var rooms []*routing.Recipient
	var ids []string
	for _, r := range cfg.Built().Router.Recipients {
		if r.Kind == routing.KindGroupMe {
			rooms, ids = append(rooms, r), append(ids, r.BotID)
		}
	}
	if len(rooms) == 0 {
		return nil
	}
	if cfg.Built().GroupMeToken == "" {
		for _, r := range rooms {
			fmt.Fprintf(w, "  recipient %s: GroupMe bot id not checked (checking needs groupme.access_token_file)\n", r.Name)
		}
		return nil
	}
	client, err := newGroupMeClient(cfg, nil)
	if err != nil {
		return err
	}
	bots, err := client.LookupBots(ctx, ids...)
	if err != nil {
		return fmt.Errorf("groupme: looking the bots up: %w", err)
	}
	var errs []error
	for i, r := range rooms {
		if bots[i] == nil {
			errs = append(errs, fmt.Errorf("recipient %q: GroupMe knows no bot with this bot id among the access token's bots", r.Name))
			continue
		}
		fmt.Fprintf(w, "  recipient %s: valid (GroupMe bot %q in group %s)\n", r.Name, bots[i].Name, bots[i].GroupID)
	}
	return errors.Join(errs...)
}
