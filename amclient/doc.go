// Package amclient owns the bridge's calls to Alertmanager's API v2 about
// silences: create (or extend) a silence, expire one, list those that match
// a filter, and count the alerts still firing under a set of matchers.
//
// A Client talks only to the base URL it was built with, the configured
// alertmanager.url; nothing a webhook payload carries (externalURL) chooses
// where its bearer token goes. Every request has a timeout. Errors are typed
// (ErrRefused, ErrNotFound, ErrUnavailable, wrapped in *Error) and never
// carry the token or the URL's credentials.
package amclient
