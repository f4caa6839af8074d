package routing

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/secretfile"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

var (
	// keyRE is the shape of a Pushover user or group key.
	keyRE = regexp.MustCompile(`^[A-Za-z0-9]{30}$`)
	// deviceRE is the shape of a Pushover device name.
	deviceRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

// String names the recipient and its devices; the key is never printed.
func (r Recipient) String() string {
	if r.Kind == KindGroupMe {
		return r.Name + " (GroupMe)"
	}
	if len(r.Devices) == 0 {
		return r.Name
	}
	return r.Name + " (" + strings.Join(r.Devices, ",") + ")"
}

// GoString keeps %#v from printing the key.
func (r Recipient) GoString() string {
	return fmt.Sprintf("routing.Recipient{Name:%q, Kind:%q, UserKey:<secret>, Devices:%q, BotID:<secret>}", r.Name, r.Kind, r.Devices)
}

// compileRecipients checks every recipient, used or not, reads key files
// relative to baseDir, and returns the compiled recipients by name.
func compileRecipients(cfg map[string]RecipientConfig, baseDir string) (map[string]*Recipient, []error) {
	var errs []error
	out := make(map[string]*Recipient, len(cfg))
	names := make([]string, 0, len(cfg))
	for name := range cfg {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := configerr.Problems{Section: fmt.Sprintf("recipient %q", name)}
		rc := cfg[name]
		if strings.TrimSpace(name) == "" {
			p.Addf("", configerr.ErrMissing, "recipient name is empty")
		}
		if rc.GroupMe != nil {
			out[name] = compileGroupMe(&p, name, rc, baseDir)
			errs = append(errs, p.Errs()...)
			continue
		}
		key := resolveKey(&p, rc, baseDir)
		for i, d := range rc.Devices {
			if !deviceRE.MatchString(d) || utf8.RuneCountInString(d) > pushover.MaxDeviceRunes {
				p.Addf(fmt.Sprintf("devices[%d]", i), configerr.ErrInvalid,
					"%q is not 1 to %d of [A-Za-z0-9_-]", d, pushover.MaxDeviceRunes)
			}
		}
		errs = append(errs, p.Errs()...)
		out[name] = &Recipient{Name: name, Kind: KindPushover, UserKey: key, Devices: slices.Clone(rc.Devices)}
	}
	return out, errs
}

// compileGroupMe checks a recipient of the groupme kind: no Pushover
// setting beside it, and a bot id (read from bot_id_file relative to
// baseDir). Its errors never quote the bot id.
func compileGroupMe(p *configerr.Problems, name string, rc RecipientConfig, baseDir string) *Recipient {
	if rc.UserKey != "" || rc.UserKeyFile != "" {
		p.Addf("groupme", configerr.ErrInvalid, "a recipient is either a Pushover user (user_key, user_key_file) or a GroupMe room (groupme), not both")
	}
	if len(rc.Devices) > 0 {
		p.Addf("devices", configerr.ErrInvalid, "devices are Pushover's; a GroupMe room has none")
	}
	gm := *rc.GroupMe
	gm.ResolvePaths(baseDir)
	id, err := gm.ReadBotID()
	if err != nil {
		sentinel := configerr.ErrInvalid
		if errors.Is(err, groupme.ErrConfigMissing) {
			sentinel = configerr.ErrMissing
		}
		var ce *groupme.ConfigError
		if errors.As(err, &ce) {
			err = fmt.Errorf("%s: %w", ce.Field, ce.Err)
		}
		p.Add("groupme", fmt.Errorf("%w: %w", sentinel, err))
	}
	return &Recipient{Name: name, Kind: KindGroupMe, BotID: id}
}

// resolveKey returns the recipient's key from user_key or user_key_file,
// trimmed of surrounding space. Its errors never quote the key.
func resolveKey(p *configerr.Problems, rc RecipientConfig, baseDir string) string {
	inline := string(rc.UserKey)
	switch {
	case inline != "" && rc.UserKeyFile != "":
		p.Addf("user_key", configerr.ErrInvalid, "at most one of user_key and user_key_file must be set")
		return ""
	case inline != "":
		if !keyRE.MatchString(inline) {
			p.Addf("user_key", configerr.ErrInvalid, "a Pushover key is 30 letters and digits")
		}
		return inline
	case rc.UserKeyFile != "":
		return readKeyFile(p, rc.UserKeyFile, baseDir)
	}
	p.Addf("user_key", configerr.ErrMissing, "one of user_key and user_key_file must be set")
	return ""
}

func readKeyFile(p *configerr.Problems, path, baseDir string) string {
	if !filepath.IsAbs(path) {
		path = filepath.Join(baseDir, path)
	}
	key, err := secretfile.Read(path)
	switch {
	case errors.Is(err, secretfile.ErrTooLarge):
		p.Add("user_key_file", fmt.Errorf("%w: %w", configerr.ErrInvalid, err))
		return ""
	case err != nil && !errors.Is(err, secretfile.ErrEmpty): // an empty file fails the shape check below
		p.Add("user_key_file", err)
		return ""
	}
	if !keyRE.MatchString(key) {
		p.Addf("user_key_file", configerr.ErrInvalid,
			"%s does not hold a Pushover key (30 letters and digits, surrounding space ignored)", path)
	}
	return key
}
