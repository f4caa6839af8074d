package receiver

import (
	"crypto/sha256"
	"encoding/binary"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// reloadMetrics follow the configuration: whether the last (re)load
// worked, when one last did, and which file is loaded.
type reloadMetrics struct {
	ReloadSuccessful prometheus.Gauge //
	ReloadTimestamp  prometheus.Gauge //
	ConfigHash       prometheus.Gauge //
}

func newReloadMetrics(f promauto.Factory) reloadMetrics {
	name := func(n string) string { return Namespace + "_" + n }
	return reloadMetrics{
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
func (m *reloadMetrics) ConfigLoaded(file []byte, at time.Time) {
	m.ReloadSuccessful.Set(1)
	m.ReloadTimestamp.Set(float64(at.UnixNano()) / 1e9)
	m.ConfigHash.Set(HashValue(file))
}

// ConfigReloadFailed records a failed reload: the previous configuration
// keeps serving.
func (m *reloadMetrics) ConfigReloadFailed() { m.ReloadSuccessful.Set(0) }

// HashValue is the first 48 bits of the SHA-256 of b as a float64 (exact:
// a float64 holds 53 bits), as Prometheus and Alertmanager export their
// configuration hash.
func HashValue(b []byte) float64 {
	sum := sha256.Sum256(b)
	var eight [8]byte
	copy(eight[:], sum[:6])
	return float64(binary.LittleEndian.Uint64(eight[:]))
}
