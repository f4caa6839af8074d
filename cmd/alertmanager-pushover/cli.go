package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/alecthomas/kingpin/v2"
	"github.com/go-kit/log"
	"github.com/prometheus/common/version"
	"github.com/prometheus/exporter-toolkit/web/kingpinflag"
)

const (
	appName = "alertmanager-pushover"
	// defaultListenAddress: 9093 and 9094 are Alertmanager's web and
	// cluster ports; 9095 is the next free one by convention.
	defaultListenAddress = ":9095"
	envPrefix            = "ALERTMANAGER_PUSHOVER_"
)

// flags are every command's flags and arguments.
type flags struct {
	configFile, logLevel, logFormat string
	serve                           Options
	online                          bool
	labels                          []string
	receiver                        string
	payload, html, graphDir         string
	sendTest                        sendTestOptions
	oncall                          oncallOptions
}

// run parses args, runs the chosen command and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	stampVersion()
	app, f := newApp(stdout, stderr)
	exit := -1
	app.Terminate(func(code int) {
		if exit < 0 {
			exit = code
		}
	})
	cmd, err := app.Parse(args)
	if exit >= 0 {
		return exit // --help, --version
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: error: %v, try --help\n", appName, err)
		return 2
	}
	base, err := newBaseLogger(stderr, f.logLevel, f.logFormat)
	if err != nil {
		fmt.Fprintf(stderr, "%s: error: %v\n", appName, err)
		return 2
	}
	logger := log.With(base, "ts", log.DefaultTimestampUTC, "caller", log.DefaultCaller)
	f.serve.Slog = newSlogger(base, "web")
	return dispatch(cmd, f, logger, stdout, stderr)
}

func dispatch(cmd string, f *flags, logger log.Logger, stdout, stderr io.Writer) int {
	switch cmd {
	case "check-config":
		return checkConfig(f, stdout, stderr)
	case "routes test":
		return routesTest(f, stdout, stderr)
	case "render":
		return render(f, os.Stdin, stdout, stderr)
	case "send-test":
		return sendTest(f, logger, stdout, stderr)
	case "oncall":
		return oncall(f, time.Now(), stdout, stderr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, f, logger)
}

// newApp declares the command line.
func newApp(stdout, stderr io.Writer) (*kingpin.Application, *flags) {
	f := &flags{}
	app := kingpin.New(appName, "A Prometheus Alertmanager webhook receiver that sends alerts to Pushover: "+
		"label rules pick recipients, devices, priority and sound; emergencies stop when their alerts resolve. "+
		"The server (serve, the default command) has more flags: --web.listen-address, --web.config.file, "+
		"--storage.path, --pushover.dry-run, --web.enable-pprof; run `serve --help` to see them explained.")
	app.UsageWriter(stdout).ErrorWriter(stderr)
	app.Version(version.Print(appName))
	app.HelpFlag.Short('h')
	app.Flag("config.file", "The bridge's configuration file.").Envar(envPrefix + "CONFIG_FILE").
		Default("alertmanager-pushover.yml").StringVar(&f.configFile)
	app.Flag("log.level", "Only log messages with this level or above: "+fmt.Sprint(logLevels)).
		Envar(envPrefix+"LOG_LEVEL").Default("info").EnumVar(&f.logLevel, logLevels...)
	app.Flag("log.format", "Log format: "+fmt.Sprint(logFormats)).
		Envar(envPrefix+"LOG_FORMAT").Default("logfmt").EnumVar(&f.logFormat, logFormats...)

	serve := app.Command("serve", "Receive Alertmanager webhooks on POST /alerts and send them to Pushover (the default).").Default()
	f.serve.Web = kingpinflag.AddFlags(serve, defaultListenAddress)
	for name, env := range map[string]string{"web.listen-address": "WEB_LISTEN_ADDRESS", "web.config.file": "WEB_CONFIG_FILE"} {
		serve.GetFlag(name).Envar(envPrefix + env)
	}
	serve.Flag("web.action-listen-address", "Serve the action page (acknowledge or silence from the phone, with "+
		"web.external_url) on this address, without --web.config.file's credentials; put a TLS reverse proxy in front. "+
		"Empty: on --web.listen-address, behind --web.config.file's protection.").
		Envar(envPrefix + "WEB_ACTION_LISTEN_ADDRESS").StringVar(&f.serve.ActionListenAddress)
	serve.Flag("web.action-config.file", "An exporter-toolkit web configuration for the action listener: its "+
		"tls_server_config (basic_auth_users would lock the phones out).").
		Envar(envPrefix + "WEB_ACTION_CONFIG_FILE").StringVar(&f.serve.ActionWebConfigFile)
	serve.Flag("storage.path", "Directory for the bridge's state (the delivery ledger).").
		Envar(envPrefix + "STORAGE_PATH").Default("data/").StringVar(&f.serve.StoragePath)
	serve.Flag("storage.require-durable", "Refuse to start when the ledger cannot be kept on disk under --storage.path "+
		"(by default the bridge falls back to memory and reports alertmanager_pushover_ledger_healthy 0).").
		Envar(envPrefix + "STORAGE_REQUIRE_DURABLE").BoolVar(&f.serve.RequireDurable)
	serve.Flag("pushover.dry-run", "Log every message instead of sending it; no Pushover account needed.").
		Envar(envPrefix + "DRY_RUN").BoolVar(&f.serve.DryRun)
	serve.Flag("web.enable-pprof", "Serve Go's profiling endpoints under /debug/pprof/ (behind the same web.config.file protection).").
		Envar(envPrefix + "WEB_ENABLE_PPROF").BoolVar(&f.serve.EnablePprof)

	check := app.Command("check-config", "Validate the configuration file and print a summary without secrets.")
	check.Flag("online", "Also check the token, user keys, devices and sounds against the Pushover API.").BoolVar(&f.online)

	routes := app.Command("routes", "Inspect the routes.")
	test := routes.Command("test", "Print the routes, recipients, priority and sound an alert with these labels gets.")
	test.Arg("labels", "Alert labels, as name=value.").StringsVar(&f.labels)
	test.Flag("receiver", "The Alertmanager receiver name the alert arrives for.").Default("").StringVar(&f.receiver)

	rend := app.Command("render", "Print each message a webhook payload would send, exactly as it would be sent.")
	rend.Flag("payload", "A webhook payload (JSON) as Alertmanager posts it; - for stdin.").Required().StringVar(&f.payload)
	rend.Flag("html", "Also write an HTML preview of the messages to this file.").StringVar(&f.html)
	rend.Flag("graph-dir", "Also make the charts the messages attach (needs prometheus.url) and write them to this directory.").
		StringVar(&f.graphDir)
	st := app.Command("send-test", "Send one test message to a recipient through the configured Pushover app, "+
		"print the request id, receipt and quota left, and cancel it again if it is an emergency: "+
		"the first thing to run to see that the token, user keys and devices are right.")
	st.Flag("to", "The recipient (a name under recipients: in the configuration).").Required().StringVar(&f.sendTest.to)
	st.Flag("priority", "lowest, low, normal, high or emergency (an emergency is cancelled right after it is accepted).").
		Default("normal").StringVar(&f.sendTest.priority)
	st.Flag("message", "The message text (default: a test message naming this host and the recipient).").
		StringVar(&f.sendTest.message)
	st.Flag("output", "Output format: text or json (for scripts).").Default("text").EnumVar(&f.sendTest.output, "text", "json")
	st.Flag("pushover.dry-run", "Log the message instead of sending it.").Envar(envPrefix + "DRY_RUN").BoolVar(&f.sendTest.dryRun)
	registerOncall(app, f)
	return app, f
}

// fail prints err for a command and returns exit code 1.
func fail(w io.Writer, err error) int {
	fmt.Fprintf(w, "%s: error: %v\n", appName, err)
	return 1
}
