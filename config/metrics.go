package config

import (
	"crypto/sha256"
	"encoding/binary"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// Metrics follow the configuration: whether the last (re)load
// worked, when one last did, and which file is loaded.
type Metrics struct {
	ReloadSuccessful prometheus.Gauge //
	ReloadTimestamp  prometheus.Gauge //
	ConfigHash       prometheus.Gauge //
}

// NewMetrics creates the configuration metrics and registers them on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	f := promauto.With(reg)
	name := func(n string) string { return "alertmanager_pushover_" + n }
	return &Metrics{
		ReloadSuccessful: f.NewGauge(prometheus.GaugeOpts{Name: name("config_last_reload_successful"),
			Help: "Whether the last configuration reload attempt was successful (1) or not (0)."}),
		ReloadTimestamp: f.NewGauge(prometheus.GaugeOpts{Name: name("config_last_reload_success_timestamp_seconds"),
			Help: "Timestamp of the last successful configuration load."}),
		ConfigHash: f.NewGauge(prometheus.GaugeOpts{Name: name("config_hash"),
			Help: "Hash of the loaded configuration file (its first 48 bits, as a number)."}),
	}
}

// ConfigLoaded records a successful load (at start or on reload) of a
// configuration file whose contents are file.
func (m *Metrics) ConfigLoaded(file []byte, at time.Time) {
	m.ReloadSuccessful.Set(1)
	m.ReloadTimestamp.Set(float64(at.UnixNano()) / 1e9)
	m.ConfigHash.Set(HashValue(file))
}

// ConfigReloadFailed records a failed reload: the previous configuration
// keeps serving.
func (m *Metrics) ConfigReloadFailed() { m.ReloadSuccessful.Set(0) }

// HashValue is the first 48 bits of the SHA-256 of b as a float64 (exact:
// a float64 holds 53 bits), as Prometheus and Alertmanager export their
// configuration hash.
func HashValue(b []byte) float64 {
	sum := sha256.Sum256(b)
	var eight [8]byte
	copy(eight[:], sum[:6])
	return float64(binary.LittleEndian.Uint64(eight[:]))
}
