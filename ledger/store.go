package ledger

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// The bbolt buckets. Keys of deliveries are receiver.DeliveryKey values
// (hex SHA-256 of route, recipient, group key, status, alert fingerprints
// and start times), values the acceptance time in Unix nanoseconds (8
// bytes, big endian). Keys of emergencies are receipts, values the
// Emergency as JSON. Keys of escalations are escalation ids, values the
// escalation.Record as JSON.
var (
	bucketDeliveries  = []byte("deliveries")
	bucketEmergencies = []byte("emergencies")
	bucketEscalations = []byte("escalations")
	bucketMeta        = []byte("meta")
	// bucketGroups (groups.go) holds the action page's groups.
	keySchema     = []byte("schema")
	schemaVersion = []byte("1")
)

// Open opens (creating it when needed) the ledger file in dir and loads it
// into memory. A file locked by another process is an *OpenError wrapping
// ErrLocked after opts.OpenTimeout; a file that is not a ledger one
// wrapping ErrCorrupt.
func Open(dir string, opts Options) (*Local, error) {
	l := NewMemory(opts)
	path := filepath.Join(dir, FileName)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, &OpenError{Path: path, Err: err}
	}
	// No freelist written at each commit (it grows with the file, a cost per
	// write that grows with state); Open rebuilds it by scanning the file.
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: l.opts.OpenTimeout, NoFreelistSync: true,
		FreelistType: bolt.FreelistMapType})
	if err != nil {
		return nil, &OpenError{Path: path, Err: classifyOpen(err)}
	}
	if err := l.load(db); err != nil {
		_ = db.Close()
		return nil, &OpenError{Path: path, Err: err}
	}
	l.db, l.commits = db, &committer{db: db}
	l.opts.Observer.LedgerHealthy(true)
	l.reportOutstanding()
	return l, nil
}

// OpenOrMemory opens the ledger in dir; when that fails it returns an
// in-memory ledger whose Health is the error, and the error. An empty dir
// asks for a memory-only ledger, and is no error.
func OpenOrMemory(dir string, opts Options) (*Local, error) {
	if dir == "" {
		l := NewMemory(opts)
		l.opts.Observer.LedgerHealthy(true)
		return l, nil
	}
	l, err := Open(dir, opts)
	if err == nil {
		return l, nil
	}
	l = NewMemory(opts)
	l.health = fmt.Errorf("not durable, using memory: %w", err)
	l.opts.Observer.LedgerHealthy(false)
	l.opts.Observer.LedgerError("open")
	return l, err
}

func classifyOpen(err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("%w: %w", ErrLocked, err)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum),
		errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrInvalidMapping):
		return fmt.Errorf("%w (move it aside to start afresh): %w", ErrCorrupt, err)
	}
	return err
}

// load creates the buckets, checks the schema and reads every record,
// dropping expired ones. A damaged file can make bbolt panic while reading
// it: that is reported as ErrCorrupt.
func (l *Local) load(db *bolt.DB) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrCorrupt, r)
		}
	}()
	now := l.opts.Now()
	return db.Update(func(tx *bolt.Tx) error {
		if err := initBuckets(tx); err != nil {
			return err
		}
		if err := l.loadDeliveries(tx, now); err != nil {
			return err
		}
		if err := l.loadEmergencies(tx, now); err != nil {
			return err
		}
		if err := l.loadEscalations(tx, now); err != nil {
			return err
		}
		return l.loadGroups(tx, now)
	})
}

func initBuckets(tx *bolt.Tx) error {
	for _, b := range [][]byte{bucketDeliveries, bucketEmergencies, bucketEscalations, bucketGroups, bucketMeta} {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return fmt.Errorf("%w: %w", ErrCorrupt, err)
		}
	}
	meta := tx.Bucket(bucketMeta)
	if v := meta.Get(keySchema); v != nil && string(v) != string(schemaVersion) {
		return fmt.Errorf("%w: schema %q, want %q", ErrCorrupt, v, schemaVersion)
	}
	return meta.Put(keySchema, schemaVersion)
}

func (l *Local) loadDeliveries(tx *bolt.Tx, now time.Time) error {
	b := tx.Bucket(bucketDeliveries)
	var stale [][]byte
	err := b.ForEach(func(k, v []byte) error {
		if len(v) != 8 {
			stale = append(stale, append([]byte(nil), k...))
			return nil
		}
		at := time.Unix(0, int64(binary.BigEndian.Uint64(v))) //nolint:gosec // round trip of UnixNano
		if now.Sub(at) > l.opts.Retention {
			stale = append(stale, append([]byte(nil), k...))
			return nil
		}
		l.deliveries[string(k)] = at
		return nil
	})
	if err != nil {
		return err
	}
	return deleteKeys(b, stale)
}

func (l *Local) loadEmergencies(tx *bolt.Tx, now time.Time) error {
	b := tx.Bucket(bucketEmergencies)
	var stale [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var e Emergency
		if json.Unmarshal(v, &e) != nil || e.Receipt != string(k) || now.After(e.expiry(l.opts.Retention)) {
			stale = append(stale, append([]byte(nil), k...))
			return nil
		}
		l.emergencies[e.Receipt] = &e
		l.ix.add(&e)
		return nil
	})
	if err != nil {
		return err
	}
	return deleteKeys(b, stale)
}

func deleteKeys(b *bolt.Bucket, keys [][]byte) error {
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// persist writes a change in a shared transaction (see committer:
// concurrent callers share one commit and one fsync). fn reads the current
// in-memory state, so it may run more than once and in any order. A failure keeps the
// change in memory, marks the ledger unhealthy and is returned.
func (l *Local) persist(op string, fn func(*bolt.Tx) error) error {
	if l.db == nil {
		return nil
	}
	l.mu.RLock()
	closed := l.closed
	l.mu.RUnlock()
	if closed {
		return &WriteError{Op: op, Err: ErrClosed}
	}
	if err := l.commits.do(fn); err != nil {
		werr := &WriteError{Op: op, Err: err}
		l.opts.Observer.LedgerError(op)
		l.setHealth(fmt.Errorf("not durable: %w", werr))
		return werr
	}
	l.setHealth(nil)
	return nil
}

// putDelivery writes the delivery key as held in memory (deleting it when
// pruned meanwhile).
func (l *Local) putDelivery(tx *bolt.Tx, key string) error {
	l.mu.RLock()
	at, ok := l.deliveries[key]
	l.mu.RUnlock()
	b := tx.Bucket(bucketDeliveries)
	if !ok {
		return b.Delete([]byte(key))
	}
	var v [8]byte
	binary.BigEndian.PutUint64(v[:], uint64(at.UnixNano())) //nolint:gosec // round trip of UnixNano
	return b.Put([]byte(key), v[:])
}

// putEmergency writes the emergency as held in memory (deleting it when
// pruned meanwhile).
func (l *Local) putEmergency(tx *bolt.Tx, receipt string) error {
	l.mu.RLock()
	e, ok := l.emergencies[receipt]
	var v []byte
	var err error
	if ok {
		v, err = json.Marshal(e)
	}
	l.mu.RUnlock()
	b := tx.Bucket(bucketEmergencies)
	if !ok {
		return b.Delete([]byte(receipt))
	}
	if err != nil {
		return err
	}
	return b.Put([]byte(receipt), v)
}

// Close writes nothing more and closes the file. It is safe to call twice.
func (l *Local) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	l.mu.Unlock()
	if l.db == nil {
		return nil
	}
	return l.db.Close()
}
