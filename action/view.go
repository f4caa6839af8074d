package action

import (
	"context"
	"errors"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
)

// ErrUnknownGroup is what Groups.Group returns for a group it does not (or
// no longer) know: the page then says so with 410 Gone.
var ErrUnknownGroup = errors.New("unknown alert group")

// Alert states, as Alertmanager spells them.
const (
	StatusFiring   = "firing"
	StatusResolved = "resolved"
)

// GroupView is everything the page shows of one alert group, as the ledger
// knows it.
type GroupView struct {
	ID       GroupID
	Receiver string // the Alertmanager receiver
	// Title is the group's headline, e.g. the title of the last message.
	Title        string
	Status       string // StatusFiring or StatusResolved
	CommonLabels map[string]string
	Alerts       []Alert
	Paged        []Page // who was paged, newest last
	Acks         []Ack  // who acknowledged, oldest first
	HasChart     bool   // Charts.Chart has a PNG for the group
	UpdatedAt    time.Time
}

// Alert is one alert of the group.
type Alert struct {
	Status      string // StatusFiring or StatusResolved
	Labels      map[string]string
	Annotations map[string]string
	StartsAt    time.Time
	EndsAt      time.Time // zero while firing
}

// Page is one message the bridge sent for the group.
type Page struct {
	Recipient string
	Route     string
	Priority  int // Pushover priority, 2 for an emergency
	At        time.Time
	Ringing   bool // an emergency still asking for acknowledgement
}

// Ack is one acknowledgement of the group's emergencies.
type Ack struct {
	By  string
	At  time.Time
	Via string // shown after "via": "Pushover", "the action page"
}

// Groups gives the page its data; the binary implements it from the ledger.
type Groups interface {
	// Group returns the group id, or an error wrapping ErrUnknownGroup.
	Group(ctx context.Context, id GroupID) (GroupView, error)
}

// Charts gives the group's chart, a PNG; optional.
type Charts interface {
	// Chart returns the PNG, or an error wrapping ErrUnknownGroup when
	// there is none.
	Chart(ctx context.Context, id GroupID) ([]byte, error)
}

// Acknowledger acknowledges a group's emergencies for a recipient: it
// cancels their receipts (so the phones stop ringing), records the
// acknowledgement as by the recipient, and stops the escalation. It must be
// idempotent; already reports that there was nothing left to acknowledge.
type Acknowledger interface {
	Acknowledge(ctx context.Context, id GroupID, recipient string) (already bool, err error)
}

// Silencer is Alertmanager's silence API; *amclient.Client implements it.
type Silencer interface {
	Create(ctx context.Context, s amclient.Silence) (string, error)
	Expire(ctx context.Context, id string) error
	Silences(ctx context.Context, filter []amclient.Matcher) ([]amclient.Silence, error)
	FiringAlerts(ctx context.Context, filter []amclient.Matcher) (int, error)
}

// Event is one action taken from a page, for the status page.
type Event struct {
	At        time.Time
	Group     GroupID
	Recipient string
	Action    string // one of the Action* kinds
	Outcome   string // one of the Outcome* values
	Detail    string // e.g. the silence IDs; never a secret
}

// Recorder keeps the events for the status page; optional.
type Recorder interface {
	Record(ctx context.Context, e Event)
}

// firing returns the firing alerts, or all alerts when none fires.
func (g GroupView) firing() []Alert {
	var out []Alert
	for _, a := range g.Alerts {
		if a.Status == StatusFiring {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return g.Alerts
	}
	return out
}
