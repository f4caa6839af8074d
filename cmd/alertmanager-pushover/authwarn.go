package main

import (
	"fmt"
	"net"
	"strings"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"
	"github.com/prometheus/exporter-toolkit/web"
)

// exposedWithoutAuth lists the listen addresses that are not loopback when
// POST /alerts has no authentication (no receiver.bearer_token, no
// --web.config.file): anyone who reaches them can page people.
func exposedWithoutAuth(addrs []string, webConfigFile, bearer string) []string {
	if webConfigFile != "" || bearer != "" {
		return nil
	}
	var open []string
	for _, a := range addrs {
		host, _, err := net.SplitHostPort(a)
		if err != nil {
			open = append(open, a)
			continue
		}
		if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
			continue
		}
		open = append(open, a)
	}
	return open
}

// warnIfExposed logs a warning at start-up for exposedWithoutAuth.
func warnIfExposed(logger log.Logger, fc *web.FlagConfig, bearer string) {
	if fc == nil || fc.WebListenAddresses == nil || fc.WebSystemdSocket != nil && *fc.WebSystemdSocket {
		return
	}
	webConfig := ""
	if fc.WebConfigFile != nil {
		webConfig = *fc.WebConfigFile
	}
	if open := exposedWithoutAuth(*fc.WebListenAddresses, webConfig, bearer); len(open) > 0 {
		level.Warn(logger).Log("msg", "POST /alerts has no authentication and listens beyond this host: anyone "+
			"who reaches it can page people; set receiver.bearer_token_file or --web.config.file, "+
			"or listen on 127.0.0.1", "addresses", strings.Join(open, ","))
	}
}

// checkWebConfig validates --web.config.file (users, TLS files) before the
// bridge listens, so that a missing certificate is an error at start-up,
// not after "Listening on".
func checkWebConfig(fc *web.FlagConfig) error {
	if fc == nil || fc.WebConfigFile == nil || *fc.WebConfigFile == "" {
		return nil
	}
	if err := web.Validate(*fc.WebConfigFile); err != nil {
		return fmt.Errorf("--web.config.file %s: %w", *fc.WebConfigFile, err)
	}
	return nil
}
