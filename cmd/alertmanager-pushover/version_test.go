package main

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/require"

	alertmanagerpushover "github.com/alertmanager-pushover/alertmanager-pushover"
)

func TestFallbackVersion(t *testing.T) {
	file := alertmanagerpushover.Version()
	require.Regexp(t, `^\d+\.\d+\.\d+`, file, "the embedded VERSION file")
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}}
	for _, tc := range []struct {
		name    string
		stamped buildVersion
		info    *debug.BuildInfo
		want    buildVersion
	}{
		{"scripts/build.sh stamped it", buildVersion{"1.2.3", "main", "20261201-10:00:00"}, &debug.BuildInfo{Settings: vcs},
			buildVersion{"1.2.3", "main", "20261201-10:00:00"}},
		{"go install …@v0.2.0", buildVersion{}, &debug.BuildInfo{Main: debug.Module{Version: "v0.2.0"}},
			buildVersion{"0.2.0", "unknown", ""}},
		{"go build in a clone", buildVersion{}, &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs},
			buildVersion{file, "unknown", "2026-12-01T10:00:00Z"}},
		{"go run, no build info", buildVersion{}, nil, buildVersion{file, "unknown", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, fallbackVersion(tc.stamped, tc.info))
		})
	}
}
