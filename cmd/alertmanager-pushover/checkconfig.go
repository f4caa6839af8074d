package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redact"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
)

// onlineTimeout bounds check-config --online.
const onlineTimeout = 30 * time.Second

// checkConfig validates the configuration file and prints a summary
// without secrets; with --online it also asks the Pushover API.
func checkConfig(f *flags, stdout, stderr io.Writer) int {
	cfg, err := config.LoadFile(f.configFile)
	if err != nil {
		fmt.Fprintf(stdout, "Checking %s: FAILED\n", f.configFile)
		return fail(stderr, err)
	}
	fmt.Fprintf(stdout, "Checking %s: SUCCESS\n", f.configFile)
	printSummary(stdout, cfg)
	if !f.online {
		return 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), onlineTimeout)
	defer cancel()
	if err := checkOnline(ctx, cfg, stdout); err != nil {
		return fail(stderr, redacted(err.Error(), cfg.Secrets()))
	}
	fmt.Fprintln(stdout, "Online check: SUCCESS")
	return 0
}

func printSummary(w io.Writer, cfg *config.Config) {
	b := cfg.Built()
	auth := "none"
	if b.ReceiverToken != "" {
		auth = "bearer token"
	}
	fmt.Fprintf(w, "pushover: api_url=%s timeout=%s\n", cfg.Pushover.APIURL, cfg.Pushover.Timeout)
	fmt.Fprintf(w, "receiver: auth=%s max_body_bytes=%s timeout=%s dedup_window=%s\n",
		auth, cfg.Receiver.MaxBodyBytes, cfg.Receiver.Timeout, cfg.Receiver.DedupWindow)
	fmt.Fprintf(w, "templates: %s\n", orNone(strings.Join(cfg.Templates, ", ")))
	fmt.Fprintf(w, "recipients (%d):\n", len(b.Router.Recipients))
	for _, r := range b.Router.Recipients {
		fmt.Fprintf(w, "  %s%s\n", r.Name, devices(r.Devices))
	}
	fmt.Fprintf(w, "routes (%d):\n", len(b.Router.Routes))
	for _, s := range b.Router.Describe() {
		fmt.Fprintf(w, "  %s: matchers=[%s] to=[%s] priority=%s sound=%q continue=%t\n", s.Name,
			strings.Join(s.Matchers, ", "), strings.Join(s.Recipients, ", "), s.Priority, s.Sound, s.Continue)
	}
}

func devices(d []string) string {
	if len(d) == 0 {
		return ""
	}
	return " (devices: " + strings.Join(d, ", ") + ")"
}

// checkOnline validates the token, each recipient's key and devices, and
// the routes' sounds with the Pushover API.
func checkOnline(ctx context.Context, cfg *config.Config, w io.Writer) error {
	client, err := newClient(cfg, nil)
	if err != nil {
		return err
	}
	var errs []error
	for _, r := range cfg.Built().Router.Recipients {
		v, err := client.Validate(ctx, r.UserKey, "")
		if err != nil {
			errs = append(errs, fmt.Errorf("recipient %q: %w", r.Name, err))
			continue
		}
		for _, d := range r.Devices {
			if !v.Group && !slices.Contains(v.Devices, d) {
				errs = append(errs, fmt.Errorf("recipient %q: device %q is not one of the user's devices %v", r.Name, d, v.Devices))
			}
		}
		fmt.Fprintf(w, "  recipient %s: valid (group=%t, devices: %s)\n", r.Name, v.Group, strings.Join(v.Devices, ", "))
	}
	sounds, err := client.Sounds(ctx)
	if err != nil {
		return errors.Join(append(errs, fmt.Errorf("sounds: %w", err))...)
	}
	for _, rt := range cfg.Built().Router.Routes {
		errs = append(errs, checkSounds(rt, sounds)...)
	}
	return errors.Join(errs...)
}

func checkSounds(rt *routing.Route, sounds map[string]string) []error {
	var errs []error
	for field, s := range map[string]string{"sound": rt.Settings.Sound, "resolved_sound": rt.Settings.ResolvedSound} {
		if s == "" || routing.IsTemplate(s) {
			continue
		}
		if _, ok := sounds[s]; !ok {
			errs = append(errs, fmt.Errorf("route %q: %s: %q is not a sound of this application", rt.Name, field, s))
		}
	}
	return errs
}

// redacted returns s, every secret replaced, as an error.
func redacted(s string, secrets []string) error { return errors.New(redact.Secrets(secrets).String(s)) }

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
