package pushovertest

import (
	"net/http"
	"slices"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/fakeserver"
)

// builtinSounds are Pushover's 23 built-in sounds.
var builtinSounds = map[string]string{
	"pushover": "Pushover (default)", "bike": "Bike", "bugle": "Bugle", "cashregister": "Cash Register",
	"classical": "Classical", "cosmic": "Cosmic", "falling": "Falling", "gamelan": "Gamelan",
	"incoming": "Incoming", "intermission": "Intermission", "magic": "Magic", "mechanical": "Mechanical",
	"pianobar": "Piano Bar", "siren": "Siren", "spacealarm": "Space Alarm", "tugboat": "Tug Boat",
	"alien": "Alien Alarm (long)", "climb": "Climb (long)", "persistent": "Persistent (long)",
	"echo": "Pushover Echo (long)", "updown": "Up Down (long)", "vibrate": "Vibrate Only", "none": "None (silent)",
}

// handleValidate is POST /1/users/validate.json.
func (s *Server) handleValidate(p *params) *reply {
	st := &s.st
	if r := st.checkToken(p); r != nil {
		return r
	}
	key := p.get("user")
	if _, ok := st.groups[key]; ok {
		return success(kv{"group", 1}, kv{"devices", []string{}}, kv{"licenses", []string{}})
	}
	u, ok := st.users[key]
	if !ok {
		return fail(http.StatusBadRequest, object{{"user", "invalid"}}, "user key is invalid")
	}
	if d := p.get("device"); d != "" && !slices.Contains(u.devices, d) {
		return fail(http.StatusBadRequest,
			object{{"device", "invalid for this user"}, {"group", 0}, {"licenses", fakeserver.NonNil(u.licenses)}},
			"device name is not valid for user")
	}
	if len(u.devices) == 0 {
		return fail(http.StatusBadRequest, object{{"user", "valid, but has no active devices"}},
			"user is valid but has no active devices")
	}
	return success(kv{"group", 0}, kv{"devices", fakeserver.NonNil(u.devices)}, kv{"licenses", fakeserver.NonNil(u.licenses)})
}

// handleSounds is GET /1/sounds.json: the built-ins and the account's own.
func (s *Server) handleSounds(p *params) *reply {
	if r := s.st.checkToken(p); r != nil {
		return r
	}
	all := make(map[string]string, len(builtinSounds)+len(s.st.sounds))
	for k, v := range builtinSounds {
		all[k] = v
	}
	for k, v := range s.st.sounds {
		all[k] = v
	}
	return success(kv{"sounds", all})
}

// handleLimits is GET /1/apps/limits.json; it costs nothing.
func (s *Server) handleLimits(p *params) *reply {
	if r := s.st.checkToken(p); r != nil {
		return r
	}
	s.st.refreshQuota()
	q := s.st.quota
	return &reply{code: http.StatusOK, status: 1,
		body: object{{"limit", q.limit}, {"remaining", q.remaining}, {"reset", q.reset.Unix()}}}
}
