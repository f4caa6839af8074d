package ledger

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// TestCommitterIsolatesFailures: concurrent writes share commits, every
// good one is durable, and a failing one fails only itself.
func TestCommitterIsolatesFailures(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "x.db"), 0o600, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	require.NoError(t, db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("b")); return err }))
	c := &committer{db: db}
	bad := errors.New("bad write")
	errs := make([]error, 64)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			errs[i] = c.do(func(tx *bolt.Tx) error {
				if i == 7 {
					return bad
				}
				return tx.Bucket([]byte("b")).Put(fmt.Appendf(nil, "k%02d", i), []byte("v"))
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if i == 7 {
			require.ErrorIs(t, err, bad)
			continue
		}
		require.NoError(t, err, "write %d", i)
	}
	require.NoError(t, db.View(func(tx *bolt.Tx) error {
		require.Equal(t, 63, tx.Bucket([]byte("b")).Stats().KeyN)
		return nil
	}))
}
