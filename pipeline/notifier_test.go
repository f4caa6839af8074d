package pipeline

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/go-kit/log"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/priority"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
)

type plainNotifier struct{}

func (plainNotifier) Notify(context.Context, Page) (Delivered, error) { return Delivered{}, nil }

type selfNotifier struct{ plainNotifier }

func (selfNotifier) RendersItself() {}

// TestDryRunAll: every kind gets a dry run, which keeps whether its
// Notifier renders itself, answers an emergency with a receipt, and can
// be asked to cancel.
func TestDryRunAll(t *testing.T) {
	nts := DryRunAll(map[string]Notifier{routing.KindPushover: plainNotifier{}, routing.KindGroupMe: selfNotifier{}},
		log.NewNopLogger())
	require.Len(t, nts, 2)
	_, self := nts[routing.KindGroupMe].(SelfRendering)
	require.True(t, self)
	_, self = nts[routing.KindPushover].(SelfRendering)
	require.False(t, self)
	rcp := &routing.Recipient{Name: "alice"}
	d, err := nts[routing.KindPushover].Notify(context.Background(), Page{Recipient: rcp, Priority: priority.Emergency})
	require.NoError(t, err)
	require.Equal(t, Delivered{ID: "dry-run-1", Receipt: "dry-run-1"}, d)
	d, err = nts[routing.KindGroupMe].Notify(context.Background(), Page{Recipient: rcp})
	require.NoError(t, err)
	require.Equal(t, Delivered{ID: "dry-run-groupme-1"}, d)
	c, err := cancellerOf(&Runtime{Notifiers: nts})
	require.NoError(t, err)
	n, err := c.Cancel(context.Background(), Cancellation{Tag: "amp-1"})
	require.NoError(t, err)
	require.Zero(t, n, "a dry run cancels nothing")
}

// TestNoCancellerIsRetryable: without a Pushover notifier that cancels,
// a cancellation fails retryably (nothing is marked cancelled).
func TestNoCancellerIsRetryable(t *testing.T) {
	for _, rt := range []*Runtime{{}, {Notifiers: map[string]Notifier{routing.KindPushover: plainNotifier{}}}} {
		_, err := cancellerOf(rt)
		o, quota := classify(err, time.Now(), time.Hour)
		require.Equal(t, OutcomeFailedRetryable, o, "%v", err)
		require.False(t, quota)
	}
}

// TestClassify: the classes of DestinationError as outcomes; a quota
// resetting within the window is retryable.
func TestClassify(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	x := errors.New("x")
	for _, tc := range []struct {
		name  string
		err   error
		want  Outcome
		quota bool
	}{
		{"retryable", &DestinationError{Class: Retryable, Err: x}, OutcomeFailedRetryable, false},
		{"permanent", &DestinationError{Class: Permanent, Err: x}, OutcomeFailedPermanent, false},
		{"quota soon", &DestinationError{Class: Quota, Reset: now.Add(30 * time.Minute), Err: x}, OutcomeFailedRetryable, true},
		{"quota later", &DestinationError{Class: Quota, Reset: now.Add(48 * time.Hour), Err: x}, OutcomeFailedPermanent, true},
		{"quota unknown reset", &DestinationError{Class: Quota, Err: x}, OutcomeFailedPermanent, true},
		{"not classified", context.DeadlineExceeded, OutcomeFailedRetryable, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, quota := classify(tc.err, now, time.Hour)
			require.Equal(t, tc.want, o)
			require.Equal(t, tc.quota, quota)
		})
	}
}
