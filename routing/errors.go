package routing

import "errors"

// Sentinel errors of routing's own rules; test them with errors.Is. A
// value that breaks a rule wraps configerr.ErrInvalid, an absent required
// one configerr.ErrMissing, each inside a *configerr.ConfigError.
var (
	// ErrUnknownRecipient marks a route's reference to an undefined recipient.
	ErrUnknownRecipient = errors.New("unknown recipient")
	// ErrDuplicate marks a name given twice where names must be unique.
	ErrDuplicate = errors.New("duplicate")
	// ErrNoRoutes marks a configuration without any route.
	ErrNoRoutes = errors.New("no routes configured")
)
