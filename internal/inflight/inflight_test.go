package inflight

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestGroup(t *testing.T) {
	var g Group
	require.NoError(t, g.Wait(context.Background()), "nothing in progress")
	release := make(chan struct{})
	g.Go(func() { <-release })

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	before := runtime.NumGoroutine()
	require.ErrorIs(t, g.Wait(ctx), context.Canceled)
	require.Equal(t, before, runtime.NumGoroutine(), "an abandoned Wait leaves no goroutine")

	done := make(chan error, 1)
	go func() { done <- g.Wait(context.Background()) }()
	close(release)
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Wait did not return after the work finished")
	}
	g.Add() // after a finished Wait
	g.Done()
	require.NoError(t, g.Wait(context.Background()))
}
