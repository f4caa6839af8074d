package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/go-kit/log"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/notify/pushovernotify"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// sendTestTimeout bounds send-test: the message and, for an emergency, its
// cancellation.
const sendTestTimeout = 30 * time.Second

// sendTestOptions are the send-test command's flags.
type sendTestOptions struct {
	to, priority, message, output string
	dryRun                        bool
}

// sendTestResult is what send-test prints; --output=json prints it as is.
// It names the recipient, never its key.
type sendTestResult struct {
	Status    string    `json:"status"` // sent, dry_run or failed
	Recipient string    `json:"recipient"`
	Devices   []string  `json:"devices,omitempty"`
	Priority  string    `json:"priority"`
	Request   string    `json:"request,omitempty"`
	Receipt   string    `json:"receipt,omitempty"`
	Cancelled bool      `json:"cancelled,omitempty"`
	Quota     *quota    `json:"quota,omitempty"`
	Error     string    `json:"error,omitempty"`
	SentAt    time.Time `json:"sent_at,omitzero"`
}

type quota struct {
	Limit     int       `json:"limit"`
	Remaining int       `json:"remaining"`
	Reset     time.Time `json:"reset,omitzero"`
}

// sendTest sends one test message to a configured recipient through the
// configured application (or the dry-run sink), cancels it again when it is
// an emergency, and prints the outcome.
func sendTest(f *flags, logger log.Logger, stdout, stderr io.Writer) int {
	o := f.sendTest
	res, secrets, err := doSendTest(f.configFile, o, logger)
	var usage *usageError
	if errors.As(err, &usage) {
		fmt.Fprintf(stderr, "%s: error: %v, try send-test --help\n", appName, err)
		return 2
	}
	if err != nil {
		res.Status, res.Error = "failed", redacted(err.Error(), secrets).Error()
	}
	if o.output == "json" {
		// Scripts read the error from the JSON; it is not repeated.
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(res)
		if err != nil {
			return 1
		}
		return 0
	}
	printSendTest(stdout, res)
	if err != nil {
		return fail(stderr, redacted(err.Error(), secrets))
	}
	return 0
}

// usageError is a mistake on send-test's command line (exit code 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func doSendTest(configFile string, o sendTestOptions, logger log.Logger) (sendTestResult, []string, error) {
	res := sendTestResult{Recipient: o.to}
	cfg, err := config.LoadFile(configFile)
	if err != nil {
		return res, nil, err
	}
	secrets := cfg.Secrets()
	rcp, err := findRecipient(cfg, o.to)
	if err != nil {
		return res, secrets, &usageError{fmt.Errorf("--to: %w", err)}
	}
	prio, err := pushover.ParsePriority(o.priority)
	if err != nil {
		return res, secrets, &usageError{fmt.Errorf("--priority: %w", err)}
	}
	if rcp.Kind == routing.KindGroupMe {
		return sendTestGroupMe(cfg, rcp, prio, o, res)
	}
	res.Devices, res.Priority = rcp.Devices, prio.String()
	page := testPage(rcp, prio, o.message, o.dryRun)

	var client *pushover.Client
	if !o.dryRun {
		if client, err = newClient(cfg, nil); err != nil {
			return res, secrets, err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), sendTestTimeout)
	defer cancel()
	resp, err := sendTestPage(ctx, client, page, logger)
	if err != nil {
		return res, secrets, fmt.Errorf("sending to %s: %w", rcp.Name, err)
	}
	res.Status, res.SentAt, res.Request, res.Receipt = "sent", time.Now().UTC(), resp.Request, resp.Receipt
	if l := resp.Limits; l != nil {
		res.Quota = &quota{Limit: l.Limit, Remaining: l.Remaining, Reset: l.Reset.UTC()}
	}
	if o.dryRun {
		res.Status = "dry_run"
	}
	if prio == pushover.PriorityEmergency && resp.Receipt != "" {
		if client != nil {
			if err := client.Cancel(ctx, resp.Receipt); err != nil {
				return res, secrets, fmt.Errorf("the test emergency was sent but could not be cancelled (receipt %s): %w", resp.Receipt, err)
			}
		}
		res.Cancelled = true
	}
	return res, secrets, nil
}

func findRecipient(cfg *config.Config, name string) (*routing.Recipient, error) {
	var names []string
	for _, r := range cfg.Built().Router.Recipients {
		if r.Name == name {
			return r, nil
		}
		names = append(names, r.Name)
	}
	return nil, fmt.Errorf("no recipient %q in the configuration (there are: %s)", name, strings.Join(names, ", "))
}

// testPage is the test message to rcp, as the pipeline hands it to
// Pushover's notifier.
func testPage(rcp *routing.Recipient, prio pushover.Priority, text string, dryRun bool) pipeline.Page {
	if text == "" {
		host, _ := os.Hostname()
		text = fmt.Sprintf("A test message from alertmanager-pushover on %s to %s: the app token, the user key and the devices work.",
			orNone(host), rcp.Name)
		if dryRun {
			text = fmt.Sprintf("A dry-run test message from alertmanager-pushover on %s to %s (not sent: "+
				"the token, user key and devices are not checked).", orNone(host), rcp.Name)
		}
	}
	p := pipeline.Page{Route: "send-test", Recipient: rcp, Priority: prio, Emergency: prio == pushover.PriorityEmergency,
		Rendered: templates.Rendered{Title: "alertmanager-pushover test", Message: text, Format: templates.FormatText}}
	if p.Emergency {
		// Cancelled right after it is accepted; these bound it otherwise.
		p.Retry, p.Expire = pushover.MinEmergencyRetry, 5*time.Minute
	}
	return p
}

// sendTestPage sends page as Pushover's notifier would, with client, or
// logs it as a dry run does when client is nil.
func sendTestPage(ctx context.Context, client *pushover.Client, page pipeline.Page, logger log.Logger) (*pushover.Response, error) {
	if client == nil {
		d, err := pipeline.NewDryRun(routing.KindPushover, logger).Notify(ctx, page)
		return &pushover.Response{Request: d.ID, Receipt: d.Receipt}, err
	}
	return client.Send(ctx, pushovernotify.Message(page))
}

func printSendTest(w io.Writer, r sendTestResult) {
	fmt.Fprintf(w, "status: %s\nrecipient: %s%s\npriority: %s\n", r.Status, r.Recipient, devices(r.Devices), r.Priority)
	if r.Error != "" {
		return // the error goes to stderr, once
	}
	if r.Request != "" {
		fmt.Fprintf(w, "request: %s\n", r.Request)
	}
	if r.Receipt != "" {
		fmt.Fprintf(w, "receipt: %s\ncancelled: %t\n", r.Receipt, r.Cancelled)
	}
	if q := r.Quota; q != nil {
		fmt.Fprintf(w, "quota: %d of %d messages left", q.Remaining, q.Limit)
		if !q.Reset.IsZero() {
			fmt.Fprintf(w, " (resets %s)", q.Reset.Format(time.RFC3339))
		}
		fmt.Fprintln(w)
	}
}
