package schedule

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// namespace prefixes the metrics, as every metric of the bridge.
const namespace = "alertmanager_pushover"

// SyncMetrics are the schedules' metrics. A nil *SyncMetrics records nothing.
type SyncMetrics struct {
	syncs  *prometheus.CounterVec
	onCall *prometheus.GaugeVec

	mu      sync.Mutex
	current map[string]string // schedule to the recipient its gauge shows
}

// NewSyncMetrics registers the metrics with reg:
//
//	alertmanager_pushover_schedule_group_syncs_total{schedule, outcome="success"|"failure"}
//	alertmanager_pushover_schedule_on_call{schedule, recipient} 1
//
// The second is info-style: one series per schedule, naming the recipient
// on call (a name from the configuration, never a key); recipient="" when
// no one is.
func NewSyncMetrics(reg prometheus.Registerer) *SyncMetrics {
	m := &SyncMetrics{
		syncs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "schedule_group_syncs_total",
			Help: "Syncs of a schedule's Pushover delivery group with its on-call person, by outcome.",
		}, []string{"schedule", "outcome"}),
		onCall: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: namespace, Name: "schedule_on_call",
			Help: "Who is on call for a schedule: 1 for the recipient on call (\"\" for no one).",
		}, []string{"schedule", "recipient"}),
		current: map[string]string{},
	}
	reg.MustRegister(m.syncs, m.onCall)
	return m
}

func (m *SyncMetrics) countSync(schedule string, err error) {
	if m == nil {
		return
	}
	outcome := "success"
	if err != nil {
		outcome = "failure"
	}
	m.syncs.WithLabelValues(schedule, outcome).Inc()
}

// setOnCall moves the schedule's on-call series to recipient.
func (m *SyncMetrics) setOnCall(schedule, recipient string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if prev, ok := m.current[schedule]; ok && prev != recipient {
		m.onCall.DeleteLabelValues(schedule, prev)
	}
	m.current[schedule] = recipient
	m.onCall.WithLabelValues(schedule, recipient).Set(1)
}
