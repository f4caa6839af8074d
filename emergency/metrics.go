package emergency

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// Metrics follow acknowledgements and silences. (Outstanding emergencies
// are the ledger's metric; cancellations the pipeline's.)
type Metrics struct {
	Acknowledged *prometheus.CounterVec // route
	Silences     *prometheus.CounterVec // outcome
}

// NewMetrics creates the emergency metrics and registers them on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	f := promauto.With(reg)
	return &Metrics{
		Acknowledged: f.NewCounterVec(prometheus.CounterOpts{Name: "alertmanager_pushover_emergencies_acknowledged_total",
			Help: "Emergency messages acknowledged, by route."}, []string{"route"}),
		Silences: f.NewCounterVec(prometheus.CounterOpts{Name: "alertmanager_pushover_silences_total",
			Help: "Alertmanager silences asked for on acknowledgement (silence_on_ack), by outcome: created, failed."},
			[]string{"outcome"}),
	}
}
