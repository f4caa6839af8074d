// Package groupmetest is an in-process fake of GroupMe's Bot API and image
// service, shaped like net/http/httptest.Server (and like pushovertest).
//
// It serves POST /v3/bots/post (JSON bot_id, text, picture_url,
// attachments; 201 Created with no body), POST /image/pictures (raw image
// bytes or a multipart "file" field, with X-Access-Token or an
// access_token/token query parameter; 200 {"payload": {"url",
// "picture_url"}}) and GET /i/<picture> (the uploaded bytes, so that a
// picture URL resolves on the fake's own host), and GET /v3/bots (the bot
// list, for checking bot ids; any known access token sees every bot).
// Errors use GroupMe's
// envelope, {"meta": {"code": N, "errors": [...]}, "response": null}. It
// records every request, post and picture; it injects faults (5xx, 4xx,
// 420/429 rate limits, slow answers, hangs, closed connections) for the
// next N requests; it can rate-limit each bot. A JSON control API under
// /_fake/ (and the Control client) drives it from other processes, such as
// cmd/fakegroupme.
//
// GroupMe documents the request fields, the 1,000-character text limit,
// the 201 answer, the envelope, the status codes (420 for rate limiting)
// and the upload answer. It does not document: the status and error text
// for an unknown bot id (the fake answers 404 "Not Found", the documented
// meaning of 404), for over-long or missing text (400, Rails-style texts),
// for a picture_url that did not come from the image service (400; the
// community docs say such URLs must be processed first), for a bad access
// token on uploads (401 "unauthorized"), any rate limit's numbers or a
// Retry-After header (off unless asked for), or the image size limit (the
// fake takes up to 20 MiB). Each such choice is a documented default here,
// and options switch the ones tests may want otherwise.
//
// It is for tests only; production code must not import it.
package groupmetest
