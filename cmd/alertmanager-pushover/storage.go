package main

import (
	"context"
	"errors"
	"fmt"
)

// errNotDurable refuses to serve with the ledger in memory when
// --storage.require-durable asks for it.
var errNotDurable = errors.New("--storage.require-durable: the ledger is not on disk")

// requireDurable is errNotDurable, with the reason, when asked for and the
// ledger fell back to memory (or --storage.path is "").
func requireDurable(required bool, l interface {
	Durable() bool
	Health(context.Context) error
}) error {
	if !required || l.Durable() {
		return nil
	}
	if err := l.Health(context.Background()); err != nil {
		return fmt.Errorf("%w: %w", errNotDurable, err)
	}
	return fmt.Errorf("%w: --storage.path is empty (memory only)", errNotDurable)
}
