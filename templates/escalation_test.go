package templates

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Later messages of an escalating group say where the escalation stands,
// and an acknowledgement names the level acknowledged.
func TestEscalationInLaterMessages(t *testing.T) {
	tm := newTestTemplates(t)
	for _, tc := range []struct {
		name string
		set  func(d *Data)
		want string
	}{
		{"escalating", func(d *Data) {
			d.Escalation = &Escalation{Level: 2, Missed: []string{"alice", "bob"}, Next: 3,
				NextAt: time.Date(2026, 12, 2, 3, 25, 0, 0, time.UTC)}
		}, "level 2 paged, alice, bob did not answer · level 3 at 03:25 UTC"},
		{"first page only", func(d *Data) {
			d.Escalation = &Escalation{Level: 1, Missed: []string{"alice"}, Next: 2,
				NextAt: time.Date(2026, 12, 2, 3, 10, 0, 0, time.UTC)}
		}, "Escalating</b>: alice did not answer · level 2 at 03:10 UTC"},
		{"acknowledged at level 2", func(d *Data) {
			d.Acknowledged = &Acknowledgement{By: "bob", At: testClock.Add(-time.Minute), Level: 2}
		}, "by bob (escalation level 2), 1m ago"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := firstPayload(t)
			tc.set(d)
			r := tm.Render(Spec{Message: `{{ template "pushover.message" . }}`, Format: FormatHTML}, d)
			require.NoError(t, r.Err)
			require.Contains(t, r.Message, tc.want)
			text := tm.Render(Spec{Message: `{{ template "pushover.message" . }}`, Format: FormatText}, d)
			require.NoError(t, text.Err)
			require.Contains(t, text.Message, strings.NewReplacer("<b>", "", "</b>", "").Replace(tc.want))
		})
	}
}
