// Package deps pins the project's dependencies while the packages that use them are written.
package deps

import (
	_ "github.com/alecthomas/kingpin/v2"
	_ "github.com/go-kit/log"
	_ "github.com/prometheus/alertmanager/pkg/labels"
	_ "github.com/prometheus/alertmanager/template"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/prometheus/client_golang/prometheus/testutil"
	_ "github.com/prometheus/common/version"
	_ "github.com/prometheus/exporter-toolkit/web"
	_ "github.com/stretchr/testify/require"
	_ "github.com/tjhop/slog-gokit"
	_ "go.etcd.io/bbolt"
	_ "gopkg.in/yaml.v3"
)
