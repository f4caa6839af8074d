package action

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestEventLogKeepsTheLatest(t *testing.T) {
	l := NewEventLog(2)
	for _, a := range []string{ActionAck, ActionSilence1h, ActionExpire} {
		l.Record(t.Context(), Event{Action: a})
	}
	got := l.Recent()
	require.Len(t, got, 2)
	require.Equal(t, ActionExpire, got[0].Action, "newest first")
	require.Equal(t, ActionSilence1h, got[1].Action)
	require.Empty(t, (&EventLog{}).Recent())
}

// TestRunSweeper: the loop expires an until-resolved silence once its
// alert stops firing, and returns when its context ends.
func TestRunSweeper(t *testing.T) {
	e := newEnv(t)
	link := e.link("alice")
	e.am.SetFiring(e.groups.view.Alerts[0].Labels)
	requireRedirect(t, e.post(t, link, ActionSilenceResolved), link, ActionSilenceResolved, OutcomeDone)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { e.svc.RunSweeper(ctx, 10*time.Millisecond); close(done) }()
	e.am.SetFiring()
	require.Eventually(t, func() bool { return !e.am.Silences()[0].Active() }, 10*time.Second, 10*time.Millisecond)
	cancel()
	<-done
}
