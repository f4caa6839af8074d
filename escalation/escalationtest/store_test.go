package escalationtest_test

import (
	"testing"

	"github.com/alertmanager-pushover/alertmanager-pushover/escalation"
	"github.com/alertmanager-pushover/alertmanager-pushover/escalation/escalationtest"
)

func TestMemStore(t *testing.T) {
	escalationtest.TestStore(t, func(*testing.T) escalation.Store { return escalation.NewMemStore() })
}
