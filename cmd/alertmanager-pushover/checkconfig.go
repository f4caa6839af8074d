package main

import (
	"context"
	"errors"
	"fmt"
	"io"
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
		fmt.Fprintln(stdout, "Online check: FAILED")
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
		if r.Kind == routing.KindGroupMe {
			fmt.Fprintf(w, "  %s (GroupMe room)\n", r.Name)
			continue
		}
		fmt.Fprintf(w, "  %s%s\n", r.Name, devices(r.Devices))
	}
	fmt.Fprintf(w, "routes (%d):\n", len(b.Router.Routes))
	for _, rt := range b.Router.Routes {
		printRoute(w, rt)
	}
	for _, warning := range configWarnings(b.Router.Routes) {
		fmt.Fprintf(w, "warning: %s\n", warning)
	}
}

func devices(d []string) string {
	if len(d) == 0 {
		return ""
	}
	return " (devices: " + strings.Join(d, ", ") + ")"
}

// redacted returns s, every secret replaced, as an error.
func redacted(s string, secrets []string) error { return errors.New(redact.Secrets(secrets).String(s)) }

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
