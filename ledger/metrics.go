package ledger

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// Metrics are the ledger's metrics; they implement Observer.
type Metrics struct {
	Errors      *prometheus.CounterVec // op
	Up          prometheus.Gauge
	Outstanding prometheus.Gauge
}

// NewMetrics creates the ledger's metrics and registers them on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	f := promauto.With(reg)
	return &Metrics{
		Errors: f.NewCounterVec(prometheus.CounterOpts{Name: "alertmanager_pushover_ledger_errors_total",
			Help: "Ledger operations that could not reach the disk or the shared store (Redis), by operation."},
			[]string{"op"}),
		Up: f.NewGauge(prometheus.GaugeOpts{Name: "alertmanager_pushover_ledger_healthy",
			Help: "1 when the ledger's last operation reached its storage (the disk, the shared store, or memory when --storage.path is empty by choice), else 0."}),
		Outstanding: f.NewGauge(prometheus.GaugeOpts{Name: "alertmanager_pushover_emergencies_outstanding",
			Help: "Emergency messages still ringing: not acknowledged, expired or cancelled, as far as the ledger knows."}),
	}
}

// LedgerError implements Observer.
func (m *Metrics) LedgerError(op string) { m.Errors.WithLabelValues(op).Inc() }

// LedgerHealthy implements Observer.
func (m *Metrics) LedgerHealthy(ok bool) {
	if ok {
		m.Up.Set(1)
		return
	}
	m.Up.Set(0)
}

// EmergenciesOutstanding implements Observer.
func (m *Metrics) EmergenciesOutstanding(n int) { m.Outstanding.Set(float64(n)) }

var _ Observer = (*Metrics)(nil)
