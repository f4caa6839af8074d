package main

import (
	"runtime/debug"
	"strings"

	"github.com/prometheus/common/version"

	alertmanagerpushover "github.com/alertmanager-pushover/alertmanager-pushover"
)

// buildVersion is what a build knows of itself.
type buildVersion struct {
	Version, Branch, BuildDate string
}

// fallbackVersion fills what scripts/build.sh stamps with -ldflags when a
// build did not (go run, go build, go install): the module version that go
// install records, else the embedded VERSION file; the commit time as the
// build date. The revision comes from the build info already.
func fallbackVersion(stamped buildVersion, info *debug.BuildInfo) buildVersion {
	v := stamped
	if v.Version == "" && info != nil {
		if mv := strings.TrimPrefix(info.Main.Version, "v"); mv != "" && mv != "(devel)" {
			v.Version = mv
		}
	}
	if v.Version == "" {
		v.Version = alertmanagerpushover.Version()
	}
	if v.BuildDate == "" && info != nil {
		for _, s := range info.Settings {
			if s.Key == "vcs.time" {
				v.BuildDate = s.Value
			}
		}
	}
	if v.Branch == "" {
		v.Branch = "unknown"
	}
	return v
}

// stampVersion makes prometheus/common/version (which --version, the log,
// build_info, the status page and the User-Agent read) complete. The
// package is written at build time by design; this runs before anything
// reads it.
func stampVersion() {
	info, _ := debug.ReadBuildInfo()
	v := fallbackVersion(buildVersion{version.Version, version.Branch, version.BuildDate}, info)
	version.Version, version.Branch, version.BuildDate = v.Version, v.Branch, v.BuildDate
}
