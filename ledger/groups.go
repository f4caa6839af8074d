package ledger

import (
	"context"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"
)

// GroupStore keeps, per alert group, what the last webhook said of it, for
// the action page: the group's alerts with their labels, annotations and
// state. A record lives for the retention after its last PutGroup. It is
// apart from Ledger so that every Ledger implementation can add it on its
// own (a shared store keeps the JSON of Group under its ID with the
// retention as TTL).
type GroupStore interface {
	// PutGroup stores g under g.ID, replacing what was there.
	PutGroup(ctx context.Context, g Group) error
	// Group returns the group stored under id; ok is false when unknown
	// (never stored, or older than the retention).
	Group(ctx context.Context, id string) (g Group, ok bool, err error)
}

// Group is the last webhook's view of one alert group. It holds label
// values and annotations (shown on the action page), never a secret.
type Group struct {
	// ID is the caller's key for the group (the action page's group ID, a
	// hash of receiver and group key).
	ID           string            `json:"id"`
	Receiver     string            `json:"receiver"`
	GroupKey     string            `json:"group_key"`
	Title        string            `json:"title,omitempty"` // the page's headline
	Status       string            `json:"status"`          // firing or resolved
	CommonLabels map[string]string `json:"common_labels,omitempty"`
	Alerts       []GroupAlert      `json:"alerts"`
	UpdatedAt    time.Time         `json:"updated_at"`
}

// GroupAlert is one alert of a Group.
type GroupAlert struct {
	Status      string            `json:"status"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations,omitempty"`
	StartsAt    time.Time         `json:"starts_at"`
	EndsAt      time.Time         `json:"ends_at,omitzero"`
	Fingerprint string            `json:"fp,omitempty"`
	// GeneratorURL is the alert's Prometheus graph link, for a chart.
	GeneratorURL string `json:"generator_url,omitempty"`
}

var _ GroupStore = (*Local)(nil)

// bucketGroups holds the groups by ID, as JSON.
var bucketGroups = []byte("groups")

// PutGroup implements GroupStore. A zero UpdatedAt is now.
func (l *Local) PutGroup(_ context.Context, g Group) error {
	if g.UpdatedAt.IsZero() {
		g.UpdatedAt = l.opts.Now()
	}
	l.mu.Lock()
	l.groups[g.ID] = &g
	l.mu.Unlock()
	return l.persist("put_group", func(tx *bolt.Tx) error { return l.putGroup(tx, g.ID) })
}

// Group implements GroupStore.
func (l *Local) Group(_ context.Context, id string) (Group, bool, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	g, ok := l.groups[id]
	if !ok || l.opts.Now().Sub(g.UpdatedAt) > l.opts.Retention {
		return Group{}, false, nil
	}
	return *g, true, nil // the maps are never changed after PutGroup
}

// putGroup writes the group as held in memory (deleting it when pruned).
func (l *Local) putGroup(tx *bolt.Tx, id string) error {
	l.mu.RLock()
	g, ok := l.groups[id]
	var v []byte
	var err error
	if ok {
		v, err = json.Marshal(g)
	}
	l.mu.RUnlock()
	b := tx.Bucket(bucketGroups)
	if !ok {
		return b.Delete([]byte(id))
	}
	if err != nil {
		return err
	}
	return b.Put([]byte(id), v)
}

func (l *Local) loadGroups(tx *bolt.Tx, now time.Time) error {
	b := tx.Bucket(bucketGroups)
	var stale [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var g Group
		if json.Unmarshal(v, &g) != nil || g.ID != string(k) || now.Sub(g.UpdatedAt) > l.opts.Retention {
			stale = append(stale, append([]byte(nil), k...))
			return nil
		}
		l.groups[g.ID] = &g
		return nil
	})
	if err != nil {
		return err
	}
	return deleteKeys(b, stale)
}

// pruneGroups drops the groups older than the retention; l.mu is held.
func (l *Local) pruneGroups(now time.Time) []string {
	var ids []string
	for id, g := range l.groups {
		if now.Sub(g.UpdatedAt) > l.opts.Retention {
			delete(l.groups, id)
			ids = append(ids, id)
		}
	}
	return ids
}
