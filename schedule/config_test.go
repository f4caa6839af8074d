package schedule_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/alertmanager-pushover/alertmanager-pushover/schedule"
)

const groupKey = "gznej3rKEVAvPUxu9vvNnqpmZpokzF"

func TestValidation(t *testing.T) {
	const rot = "  rotation: {start: 2026-01-05T09:00, length: 1w}\n"
	tests := []struct {
		name     string
		yml      string
		sentinel error
		want     string // the error text must contain this
	}{
		{"unknown zone", "s:\n  time_zone: Europe/Atlantis\n" + rot + "  members: [alice]\n",
			configerr.ErrInvalid, `schedule "s": time_zone: invalid value: unknown time zone "Europe/Atlantis"`},
		{"missing zone", "s:\n" + rot + "  members: [alice]\n",
			configerr.ErrMissing, `schedule "s": time_zone: missing value`},
		{"Local zone", "s:\n  time_zone: Local\n" + rot + "  members: [alice]\n",
			configerr.ErrInvalid, `time_zone: invalid value: name the zone`},
		{"empty members", "s:\n  time_zone: UTC\n" + rot + "  members: []\n",
			configerr.ErrMissing, `schedule "s": members: missing value: a schedule needs at least one member`},
		{"blank member", "s:\n  time_zone: UTC\n" + rot + "  members: [alice, '']\n",
			configerr.ErrInvalid, `schedule "s": members[1]: invalid value: member name is empty`},
		{"zero length", "s:\n  time_zone: UTC\n  rotation: {start: 2026-01-05T09:00, length: 0s}\n  members: [alice]\n",
			configerr.ErrInvalid, `schedule "s": rotation.length: invalid value: must be positive`},
		{"missing length", "s:\n  time_zone: UTC\n  rotation: {start: 2026-01-05T09:00}\n  members: [alice]\n",
			configerr.ErrInvalid, `rotation.length: invalid value: must be positive`},
		{"too short", "s:\n  time_zone: UTC\n  rotation: {start: 2026-01-05T09:00, length: 30s}\n  members: [alice]\n",
			configerr.ErrInvalid, `rotation.length: invalid value: must be at least 1m0s`},
		{"not whole minutes", "s:\n  time_zone: UTC\n  rotation: {start: 2026-01-05T09:00, length: 90s}\n  members: [alice]\n",
			configerr.ErrInvalid, `rotation.length: invalid value: must be whole minutes, got 1m30s`},
		{"missing start", "s:\n  time_zone: UTC\n  rotation: {length: 1d}\n  members: [alice]\n",
			configerr.ErrMissing, `schedule "s": rotation.start: missing value`},
		{"override to before from", "s:\n  time_zone: UTC\n" + rot + "  members: [alice]\n" +
			"  overrides:\n    - {recipient: bob, from: 2026-02-02T10:00, to: 2026-02-02T09:00}\n",
			configerr.ErrInvalid, `schedule "s": overrides[0].to: invalid value: 2026-02-02T09:00 is not after from 2026-02-02T10:00`},
		{"override empty", "s:\n  time_zone: UTC\n" + rot + "  members: [alice]\n" +
			"  overrides:\n    - {recipient: bob, from: 2026-02-02T10:00, to: 2026-02-02T10:00}\n",
			configerr.ErrInvalid, `overrides[0].to: invalid value`},
		{"override without recipient", "s:\n  time_zone: UTC\n" + rot + "  members: [alice]\n" +
			"  overrides:\n    - {from: 2026-02-02T10:00, to: 2026-02-03T10:00}\n",
			configerr.ErrMissing, `overrides[0].recipient: missing value`},
		{"override without to", "s:\n  time_zone: UTC\n" + rot + "  members: [alice]\n" +
			"  overrides:\n    - {recipient: bob, from: 2026-02-02T10:00}\n",
			configerr.ErrMissing, `overrides[0].to: missing value`},
		{"overlapping overrides", "s:\n  time_zone: UTC\n" + rot + "  members: [alice]\n" +
			"  overrides:\n    - {recipient: bob, from: 2026-02-03T10:00, to: 2026-02-05T10:00}\n" +
			"    - {recipient: carol, from: 2026-02-02T10:00, to: 2026-02-03T10:01}\n",
			schedule.ErrOverlap, `schedule "s": overrides[0]: overlapping overrides: overlaps overrides[1]`},
		{"sync group and file", "s:\n  time_zone: UTC\n" + rot + "  members: [alice]\n  sync_group: " + groupKey +
			"\n  sync_group_file: g.txt\n", configerr.ErrInvalid, `sync_group: invalid value: at most one`},
		{"bad sync group", "s:\n  time_zone: UTC\n" + rot + "  members: [alice]\n  sync_group: nope\n",
			configerr.ErrInvalid, `sync_group: invalid value: a Pushover group key is 30 letters and digits`},
		{"missing sync group file", "s:\n  time_zone: UTC\n" + rot + "  members: [alice]\n  sync_group_file: none.txt\n",
			configerr.ErrInvalid, `sync_group_file: invalid value:`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := schedule.Parse([]byte(tc.yml))
			require.NoError(t, err)
			_, err = schedule.Compile(cfg, t.TempDir(), nil)
			require.ErrorIs(t, err, tc.sentinel)
			var ce *configerr.ConfigError
			require.ErrorAs(t, err, &ce)
			require.Contains(t, err.Error(), tc.want)
			require.NotContains(t, err.Error(), groupKey)
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, yml, want string }{
		{"unknown key", "s:\n  time_zone: UTC\n  member: [a]\n", "field member not found"},
		{"zoned start", "s:\n  rotation: {start: 2026-01-05T09:00:00Z, length: 1w}\n", `line 2: rotation: "2026-01-05T09:00:00Z" is not a local time`},
		{"bad length", "s:\n  rotation: {start: 2026-01-05T09:00, length: 1 week}\n", "line 2: rotation:"},
		{"negative length", "s:\n  rotation: {start: 2026-01-05T09:00, length: -1d}\n", "line 2: rotation:"},
		{"bad override time", "s:\n  overrides:\n    - {recipient: a, from: Christmas, to: 2026-12-27T09:00}\n", `"Christmas" is not a local time`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := schedule.Parse([]byte(tc.yml))
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestSyncGroupFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "group"), []byte(" "+groupKey+"\n"), 0o600))
	cfg, err := schedule.Parse([]byte("s:\n  time_zone: UTC\n  rotation: {start: 2026-01-05T09:00, length: 1d}\n" +
		"  members: [alice]\n  sync_group_file: group\n"))
	require.NoError(t, err)
	set, err := schedule.Compile(cfg, dir, nil)
	require.NoError(t, err)
	require.Equal(t, groupKey, set.Get("s").SyncGroup())
	require.Equal(t, []string{groupKey}, set.SyncGroups())
}

func TestCheckNames(t *testing.T) {
	cfg, err := schedule.Parse([]byte(`
alice:
  time_zone: UTC
  rotation: {start: 2026-01-05T09:00, length: 1d}
  members: [alice, bob, zed]
  overrides: [{recipient: yves, from: 2026-02-01T00:00, to: 2026-02-02T00:00}]
`))
	require.NoError(t, err)
	recipients := map[string]bool{"alice": true, "bob": true}
	_, err = schedule.Compile(cfg, "", func(n string) bool { return recipients[n] })
	require.ErrorIs(t, err, schedule.ErrDuplicate)
	require.ErrorIs(t, err, schedule.ErrUnknownRecipient)
	require.Equal(t, []string{
		`schedule "alice": duplicate: "alice" is both a schedule and a recipient`,
		`schedule "alice": members[2]: unknown recipient: "zed" is not a recipient`,
		`schedule "alice": overrides[0].recipient: unknown recipient: "yves" is not a recipient`,
	}, strings.Split(errors.Join(unwrapAll(err)...).Error(), "\n"))
}

// unwrapAll flattens joined errors one level deep, in order.
func unwrapAll(err error) []error {
	var out []error
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			out = append(out, unwrapAll(j.(error))...)
			continue
		}
		out = append(out, e)
	}
	return out
}
