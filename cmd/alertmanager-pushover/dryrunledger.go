package main

import "path/filepath"

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
