package main

import (
	"errors"
	"fmt"
	"path/filepath"
)

// dryRunSubdir keeps a dry run's ledger apart from the live one under the
// same --storage.path: what a dry run "delivered" was never accepted by
// Pushover, so a live run must not find it (it would answer deduplicated
// or still_ringing and page nobody).
const dryRunSubdir = "dry-run"

// ledgerDir is where the ledger lives: --storage.path, or its dry-run
// subdirectory in a dry run; "" (memory only) stays "".
func ledgerDir(storagePath string, dryRun bool) string {
	if storagePath == "" || !dryRun {
		return storagePath
	}
	return filepath.Join(storagePath, dryRunSubdir)
}

// errNotDurable refuses to serve with the ledger in memory when
// --storage.require-durable asks for it.
var errNotDurable = errors.New("--storage.require-durable: the ledger is not on disk")

// requireDurable is errNotDurable, with the reason, when asked for and the
// ledger fell back to memory (or --storage.path is "").
func requireDurable(required bool, l interface {
	Durable() bool
	Health() error
}) error {
	if !required || l.Durable() {
		return nil
	}
	if err := l.Health(); err != nil {
		return fmt.Errorf("%w: %w", errNotDurable, err)
	}
	return fmt.Errorf("%w: --storage.path is empty (memory only)", errNotDurable)
}
