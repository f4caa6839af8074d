package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
)

// errTokenInvalid is check-config --online's one answer to a refused
// application token: every other check needs the token, so it is not
// repeated per recipient.
var errTokenInvalid = errors.New("pushover.token: Pushover says the application token is invalid " +
	"(the recipients, devices and sounds could not be checked)")

// checkOnline validates the token, each recipient's key and devices, and
// the routes' sounds with the Pushover API.
func checkOnline(ctx context.Context, cfg *config.Config, w io.Writer) error {
	client, err := newClient(cfg, nil)
	if err != nil {
		return err
	}
	errs := []error{checkGroupMeBots(ctx, cfg, w)}
	for _, r := range cfg.Built().Router.Recipients {
		if r.Kind == routing.KindGroupMe {
			continue // checkGroupMeBots did
		}
		v, err := client.Validate(ctx, r.UserKey, "")
		if tokenRefused(err) {
			return errTokenInvalid
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("recipient %q: %w", r.Name, err))
			continue
		}
		for _, d := range r.Devices {
			if !v.Group && !slices.Contains(v.Devices, d) {
				errs = append(errs, fmt.Errorf("recipient %q: device %q is not one of the user's devices %v", r.Name, d, v.Devices))
			}
		}
		fmt.Fprintf(w, "  recipient %s: valid (%s)\n", r.Name, validKind(v))
	}
	sounds, err := client.Sounds(ctx)
	if tokenRefused(err) {
		return errTokenInvalid
	}
	if err != nil {
		return errors.Join(append(errs, fmt.Errorf("sounds: %w", err))...)
	}
	for _, rt := range cfg.Built().Router.Routes {
		errs = append(errs, checkSounds(rt, sounds)...)
	}
	return errors.Join(errs...)
}

// validKind describes a validated key: a delivery group, or a user and
// their devices.
func validKind(v *pushover.Validation) string {
	if v.Group {
		return "a delivery group"
	}
	if len(v.Devices) == 0 {
		return "a user with no active device"
	}
	return "a user, devices: " + strings.Join(v.Devices, ", ")
}

// tokenRefused tells whether Pushover refused the application token.
func tokenRefused(err error) bool {
	var ae *pushover.APIError
	return errors.As(err, &ae) && ae.Fields["token"] != ""
}

func checkSounds(rt *routing.Route, sounds map[string]string) []error {
	var errs []error
	for _, f := range soundFields(rt) {
		field, s := f[0], f[1]
		if s == "" || routing.IsTemplate(s) {
			continue
		}
		if _, ok := sounds[s]; !ok {
			hint := ""
			if _, ok := sounds[strings.ToLower(s)]; ok {
				hint = fmt.Sprintf(" (did you mean %q? sound names are lower case)", strings.ToLower(s))
			}
			errs = append(errs, fmt.Errorf("route %q: %s: %q is not a sound of this application%s", rt.Name, field, s, hint))
		}
	}
	return errs
}
