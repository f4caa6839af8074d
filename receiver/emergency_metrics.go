package receiver

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"

	"github.com/alertmanager-pushover/alertmanager-pushover/receiver/ledger"
)

// emergencyMetrics follow emergencies, acknowledgements, silences and the
// ledger. Cancellations are Metrics.Cancellations.
type emergencyMetrics struct {
	Outstanding             prometheus.Gauge       //
	EmergenciesAcknowledged *prometheus.CounterVec // route
	Silences                *prometheus.CounterVec // outcome
	LedgerErrors            *prometheus.CounterVec // op
	LedgerUp                prometheus.Gauge       //
}

func newEmergencyMetrics(f promauto.Factory) emergencyMetrics {
	name := func(n string) string { return Namespace + "_" + n }
	return emergencyMetrics{
		Outstanding: f.NewGauge(prometheus.GaugeOpts{Name: name("emergencies_outstanding"),
			Help: "Emergency messages still ringing: not acknowledged, expired or cancelled, as far as the ledger knows."}),
		EmergenciesAcknowledged: f.NewCounterVec(prometheus.CounterOpts{Name: name("emergencies_acknowledged_total"),
			Help: "Emergency messages acknowledged, by route."}, []string{"route"}),
		Silences: f.NewCounterVec(prometheus.CounterOpts{Name: name("silences_total"),
			Help: "Alertmanager silences asked for on acknowledgement (silence_on_ack), by outcome: created, failed."},
			[]string{"outcome"}),
		LedgerErrors: f.NewCounterVec(prometheus.CounterOpts{Name: name("ledger_errors_total"),
			Help: "Ledger operations that could not reach the disk (the change is kept in memory), by operation."},
			[]string{"op"}),
		LedgerUp: f.NewGauge(prometheus.GaugeOpts{Name: name("ledger_healthy"),
			Help: "1 when the ledger is durable and its last write reached the disk, else 0."}),
	}
}

// LedgerError implements ledger.Observer.
func (m *emergencyMetrics) LedgerError(op string) { m.LedgerErrors.WithLabelValues(op).Inc() }

// LedgerHealthy implements ledger.Observer.
func (m *emergencyMetrics) LedgerHealthy(ok bool) {
	if ok {
		m.LedgerUp.Set(1)
		return
	}
	m.LedgerUp.Set(0)
}

// EmergenciesOutstanding implements ledger.Observer.
func (m *emergencyMetrics) EmergenciesOutstanding(n int) { m.Outstanding.Set(float64(n)) }

var _ ledger.Observer = (*Metrics)(nil)
