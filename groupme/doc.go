// Package groupme is the project's client for GroupMe's Bot API and image
// service, and the GroupMe destination of the bridge: a bot posts plain text
// (with an optional picture) into the one group it belongs to.
//
// It owns GroupMe's wire format (JSON to POST /v3/bots/post; raw image bytes
// to POST https://image.groupme.com/pictures with X-Access-Token; GET
// /v3/bots to check bot ids), its limits
// (as named constants with links to the documentation), the classification
// of every outcome into typed errors (permanent, rate-limited, temporary),
// its configuration sections (the `groupme` section and the `groupme`
// recipient kind), its metrics, and fitting plain text into GroupMe's limit
// (Fit). Bot ids and access tokens are secrets: they never appear in an
// error, a log line or a URL. It knows nothing about Alertmanager.
//
// What GroupMe documents, and where: https://dev.groupme.com/docs/v3#bots_post
// (bot_id and text required, picture_url optional, 201 Created),
// https://dev.groupme.com/docs/responses (the {meta: {code, errors}} envelope
// and the status codes, 420 "Enhance Your Calm" when rate limited),
// https://dev.groupme.com/docs/image_service (POST /pictures, the
// {"payload": {"url", "picture_url"}} answer). What it leaves out is said
// where it matters (see MaxTextRunes, UploadContentType, RateLimitedError).
//
// Posting is not idempotent: GroupMe has no key that makes a repeated post
// a no-op, so a retry after a timeout may post twice. Deduplication is the
// caller's (the ledger's) job; the client never retries by itself.
package groupme
