package schedule

import (
	"errors"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/secretfile"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// MinLength is the shortest rotation length accepted; a length must also
// be whole minutes.
const MinLength = time.Minute

// Compile validates every schedule and returns the compiled Set. baseDir
// resolves a relative sync_group_file. isRecipient, when not nil, says
// whether a name is a defined recipient: members and override recipients
// must be, and schedule names must not be (see CheckNames). All problems
// are returned at once, each a *configerr.ConfigError naming the schedule
// and the key.
func Compile(cfg Config, baseDir string, isRecipient func(string) bool) (Set, error) {
	set := Set{byName: make(map[string]*Schedule, len(cfg))}
	var errs []error
	for _, name := range sortedNames(cfg) {
		s, perrs := compileOne(name, cfg[name], baseDir)
		errs = append(errs, perrs...)
		if s != nil {
			set.byName[name] = s
		}
	}
	if isRecipient != nil {
		errs = append(errs, CheckNames(cfg, isRecipient))
	}
	if err := errors.Join(errs...); err != nil {
		return Set{}, err
	}
	return set, nil
}

// CheckNames reports, as located errors, every member or override recipient
// that is not a recipient and every schedule name that is also a recipient
// name (a name must mean one thing wherever it is used).
func CheckNames(cfg Config, isRecipient func(string) bool) error {
	var errs []error
	for _, name := range sortedNames(cfg) {
		p := problems{section: section(name)}
		sc := cfg[name]
		if isRecipient(name) {
			p.addf("", ErrDuplicate, "%q is both a schedule and a recipient", name)
		}
		for i, m := range sc.Members {
			if m != "" && !isRecipient(m) {
				p.addf(field("members", i, ""), ErrUnknownRecipient, "%q is not a recipient", m)
			}
		}
		for i, o := range sc.Overrides {
			if o.Recipient != "" && !isRecipient(o.Recipient) {
				p.addf(field("overrides", i, "recipient"), ErrUnknownRecipient, "%q is not a recipient", o.Recipient)
			}
		}
		errs = append(errs, p.errs...)
	}
	return errors.Join(errs...)
}

func compileOne(name string, sc ScheduleConfig, baseDir string) (*Schedule, []error) {
	p := problems{section: section(name)}
	if strings.TrimSpace(name) == "" {
		p.addf("", errMissing, "schedule name is empty")
	}
	s := &Schedule{name: name, members: slices.Clone(sc.Members)}
	s.loc = loadZone(&p, sc.TimeZone)
	checkRotation(&p, s, sc.Rotation)
	if len(sc.Members) == 0 {
		p.addf("members", errMissing, "a schedule needs at least one member")
	}
	for i, m := range sc.Members {
		if strings.TrimSpace(m) == "" {
			p.addf(field("members", i, ""), errInvalid, "member name is empty")
		}
	}
	if s.loc != nil {
		s.overrides = compileOverrides(&p, sc.Overrides, s.loc)
	}
	s.syncGroup = resolveGroup(&p, sc, baseDir)
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return s, nil
}

func loadZone(p *problems, zone string) *time.Location {
	switch zone {
	case "":
		p.addf("time_zone", errMissing, "an IANA zone such as Europe/Berlin is required")
		return nil
	case "Local":
		p.addf("time_zone", errInvalid, "name the zone (Local depends on the host)")
		return nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		p.addf("time_zone", errInvalid, "unknown time zone %q", zone)
		return nil
	}
	return loc
}

func checkRotation(p *problems, s *Schedule, rc RotationConfig) {
	length := time.Duration(rc.Length)
	switch {
	case length <= 0:
		p.addf("rotation.length", errInvalid, "must be positive, such as 1w, 1d or 12h")
	case length < MinLength:
		p.addf("rotation.length", errInvalid, "must be at least %s", MinLength)
	case length%time.Minute != 0:
		p.addf("rotation.length", errInvalid, "must be whole minutes, got %s", length)
	}
	if rc.Start.IsZero() {
		p.addf("rotation.start", errMissing, "a local time such as 2026-01-05T09:00 is required")
	}
	s.length, s.startWall = length, rc.Start
	if length%(24*time.Hour) == 0 {
		s.days = int(length / (24 * time.Hour))
	}
	if s.loc != nil && !rc.Start.IsZero() {
		s.start = rc.Start.In(s.loc)
	}
}

func compileOverrides(p *problems, ocs []OverrideConfig, loc *time.Location) []Override {
	type indexed struct {
		Override
		i int
	}
	var ok []indexed
	for i, oc := range ocs {
		f := func(key string) string { return field("overrides", i, key) }
		bad := false
		if strings.TrimSpace(oc.Recipient) == "" {
			p.addf(f("recipient"), errMissing, "the recipient on call during the override is required")
			bad = true
		}
		for _, e := range []struct {
			key string
			t   LocalTime
		}{{"from", oc.From}, {"to", oc.To}} {
			if e.t.IsZero() {
				p.addf(f(e.key), errMissing, "a local time such as 2026-12-24T18:00 is required")
				bad = true
			}
		}
		if bad {
			continue
		}
		o := Override{Recipient: oc.Recipient, From: oc.From.In(loc), To: oc.To.In(loc)}
		if !o.From.Before(o.To) {
			p.addf(f("to"), errInvalid, "%s is not after from %s", oc.To, oc.From)
			continue
		}
		ok = append(ok, indexed{o, i})
	}
	sort.SliceStable(ok, func(a, b int) bool { return ok[a].From.Before(ok[b].From) })
	out := make([]Override, 0, len(ok))
	for j, o := range ok {
		if j > 0 && o.From.Before(ok[j-1].To) {
			p.addf(field("overrides", o.i, ""), ErrOverlap, "overlaps overrides[%d]", ok[j-1].i)
		}
		out = append(out, o.Override)
	}
	return out
}

// resolveGroup returns the sync group key from sync_group or
// sync_group_file; its errors never quote the key.
func resolveGroup(p *problems, sc ScheduleConfig, baseDir string) string {
	key := string(sc.SyncGroup)
	switch {
	case key != "" && sc.SyncGroupFile != "":
		p.addf("sync_group", errInvalid, "at most one of sync_group and sync_group_file may be set")
		return ""
	case sc.SyncGroupFile != "":
		path := sc.SyncGroupFile
		if !filepath.IsAbs(path) {
			path = filepath.Join(baseDir, path)
		}
		var err error
		if key, err = secretfile.Read(path); err != nil {
			p.addf("sync_group_file", errInvalid, "%v", err)
			return ""
		}
		if !pushover.ValidKey(key) {
			p.addf("sync_group_file", errInvalid, "%s does not hold a Pushover group key (30 letters and digits)", path)
			return ""
		}
	case key != "" && !pushover.ValidKey(key):
		p.addf("sync_group", errInvalid, "a Pushover group key is 30 letters and digits")
		return ""
	}
	return key
}

func field(list string, i int, key string) string {
	f := list + "[" + strconv.Itoa(i) + "]"
	if key != "" {
		f += "." + key
	}
	return f
}

func sortedNames(cfg Config) []string {
	names := make([]string, 0, len(cfg))
	for n := range cfg {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
