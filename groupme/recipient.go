package groupme

import (
	"fmt"

	commoncfg "github.com/prometheus/common/config"
)

// RecipientConfig is the `groupme` kind of a recipient: a bot, and through
// it the one group it posts into. The bot id is a secret (whoever knows it
// posts as the bot); prefer bot_id_file.
//
//	recipients:
//	  db-room:
//	    groupme: {bot_id_file: /etc/alertmanager-pushover/db-room-bot}
type RecipientConfig struct {
	BotID     commoncfg.Secret `yaml:"bot_id,omitempty"`
	BotIDFile string           `yaml:"bot_id_file,omitempty"`
}

// UnmarshalYAML decodes strictly and validates. The recipient's name is
// not known here; the routing package's errors add it.
func (r *RecipientConfig) UnmarshalYAML(unmarshal func(any) error) error {
	*r = RecipientConfig{}
	type plain RecipientConfig
	if err := unmarshal((*plain)(r)); err != nil {
		return err
	}
	return r.Validate()
}

// Validate checks that exactly one of bot_id and bot_id_file is set, and
// the shape of an inline bot_id. Errors never quote the id.
func (r *RecipientConfig) Validate() error {
	inline := string(r.BotID)
	switch {
	case inline != "" && r.BotIDFile != "":
		return recipientErr("bot_id", ErrConfigInvalid, "at most one of bot_id and bot_id_file may be set")
	case inline == "" && r.BotIDFile == "":
		return recipientErr("bot_id", ErrConfigMissing, "one of bot_id and bot_id_file is required")
	case inline != "" && !ValidBotID(inline):
		return recipientErr("bot_id", ErrConfigInvalid, "a bot id is 1 to %d letters and digits", MaxBotIDLen)
	}
	return nil
}

// ResolvePaths makes a relative bot_id_file relative to dir.
func (r *RecipientConfig) ResolvePaths(dir string) { r.BotIDFile = resolve(r.BotIDFile, dir) }

// ReadBotID returns the bot id, read from bot_id_file when set, and checks its shape.
func (r *RecipientConfig) ReadBotID() (string, error) {
	if r.BotIDFile == "" {
		if err := r.Validate(); err != nil {
			return "", err
		}
		return string(r.BotID), nil
	}
	id, err := readSecret("groupme", "bot_id_file", r.BotIDFile)
	if err != nil {
		return "", err
	}
	if !ValidBotID(id) {
		return "", recipientErr("bot_id_file", ErrConfigInvalid, "a bot id is 1 to %d letters and digits", MaxBotIDLen)
	}
	return id, nil
}

func recipientErr(field string, sentinel error, format string, args ...any) error {
	return &ConfigError{Section: "groupme", Field: field,
		Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
}
