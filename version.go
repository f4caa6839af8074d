// Package alertmanagerpushover holds the project's release version, the
// VERSION file, for builds that do not stamp it (go run, go build, go
// install): the command falls back to it. The code lives in the packages
// below; see the README.
package alertmanagerpushover

import (
	_ "embed"
	"strings"
)

//go:embed VERSION
var versionFile string

// Version is the VERSION file's version, without surrounding space.
func Version() string { return strings.TrimSpace(versionFile) }
