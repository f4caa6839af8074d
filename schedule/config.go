package schedule

import (
	"fmt"
	"time"

	commoncfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/yamlfield"
)

// Config is the top-level `schedules:` section: schedule name to schedule.
type Config map[string]ScheduleConfig

// ScheduleConfig is one schedule as written in YAML.
type ScheduleConfig struct {
	// TimeZone is an IANA zone name ("Europe/Berlin"); every local time of
	// the schedule is in it. Required.
	TimeZone string         `yaml:"time_zone"`
	Rotation RotationConfig `yaml:"rotation"`
	// Members are recipient names, in rotation order; one may appear twice.
	Members   []string         `yaml:"members"`
	Overrides []OverrideConfig `yaml:"overrides,omitempty"`
	// SyncGroup is the key of a Pushover delivery group kept equal to the
	// on-call person (see Syncer); SyncGroupFile names a file holding it.
	SyncGroup     commoncfg.Secret `yaml:"sync_group,omitempty"`
	SyncGroupFile string           `yaml:"sync_group_file,omitempty"`
}

// RotationConfig says when the first shift starts and how long each lasts.
type RotationConfig struct {
	Start  LocalTime      `yaml:"start"`
	Length model.Duration `yaml:"length"` // Prometheus style: 1w, 1d, 12h
}

// OverrideConfig puts Recipient on call for [From, To), local times.
type OverrideConfig struct {
	Recipient string    `yaml:"recipient"`
	From      LocalTime `yaml:"from"`
	To        LocalTime `yaml:"to"`
}

// UnmarshalYAML decodes strictly and names the key of a value that does not
// decode (a bad duration or local time) with its line.
func (c *ScheduleConfig) UnmarshalYAML(unmarshal func(any) error) error {
	type plain ScheduleConfig
	if err := unmarshal((*plain)(c)); err != nil {
		return yamlfield.Locate[plain]("schedule", unmarshal, err)
	}
	return nil
}

// localLayouts are the accepted forms of a LocalTime: no zone, no offset.
var localLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02"}

// LocalTime is a wall-clock date and time without a zone, such as
// 2026-01-05T09:00 (seconds and a bare date are accepted too); the
// schedule's time_zone places it.
type LocalTime struct {
	wall time.Time // the wall-clock fields, held in UTC
	set  bool
}

// ParseLocalTime parses s in one of the accepted forms.
func ParseLocalTime(s string) (LocalTime, error) {
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return LocalTime{wall: t, set: true}, nil
		}
	}
	return LocalTime{}, fmt.Errorf("%q is not a local time like 2026-01-05T09:00 (no zone or offset: time_zone places it)", s)
}

// MustLocalTime is ParseLocalTime that panics, for tests and examples.
func MustLocalTime(s string) LocalTime {
	lt, err := ParseLocalTime(s)
	if err != nil {
		panic(err)
	}
	return lt
}

// IsZero reports whether the time was not given.
func (lt LocalTime) IsZero() bool { return !lt.set }

// String formats the time as 2026-01-05T09:00 (with seconds if any).
func (lt LocalTime) String() string {
	if !lt.set {
		return ""
	}
	if lt.wall.Second() != 0 {
		return lt.wall.Format(localLayouts[1])
	}
	return lt.wall.Format(localLayouts[0])
}

// UnmarshalYAML implements yaml.Unmarshaler (the v2 form, which keeps the
// decoder strict).
func (lt *LocalTime) UnmarshalYAML(unmarshal func(any) error) error {
	var s string
	if err := unmarshal(&s); err != nil {
		return err
	}
	v, err := ParseLocalTime(s)
	if err != nil {
		return err
	}
	*lt = v
	return nil
}

// MarshalYAML implements yaml.Marshaler.
func (lt LocalTime) MarshalYAML() (any, error) { return lt.String(), nil }

// In returns the instant lt names in loc. A time inside a spring-forward
// gap is read with the offset in force before the gap (02:30 becomes
// 03:30); a time that happens twice is its first occurrence. Unlike
// time.Date, which leaves both cases unspecified, the choice is fixed.
func (lt LocalTime) In(loc *time.Location) time.Time {
	w := lt.wall
	return wallIn(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), loc)
}

// wallIn is the instant of a wall-clock time in loc, per LocalTime.In.
func wallIn(y int, mo time.Month, d, h, mi, s int, loc *time.Location) time.Time {
	w := time.Date(y, mo, d, h, mi, s, 0, time.UTC) // normalized wall fields
	_, before := w.Add(-12 * time.Hour).In(loc).Zone()
	_, after := w.Add(12 * time.Hour).In(loc).Zone()
	var best time.Time
	for _, off := range []int{before, after} {
		c := w.Add(-time.Duration(off) * time.Second)
		if sameWall(c.In(loc), w) && (best.IsZero() || c.Before(best)) {
			best = c
		}
	}
	if best.IsZero() { // a gap: no offset gives this wall time
		best = w.Add(-time.Duration(before) * time.Second)
	}
	return best.In(loc)
}

func sameWall(t, w time.Time) bool {
	y, mo, d := t.Date()
	wy, wmo, wd := w.Date()
	return y == wy && mo == wmo && d == wd && t.Hour() == w.Hour() && t.Minute() == w.Minute() && t.Second() == w.Second()
}
