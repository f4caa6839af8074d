// Package action owns the bridge's action page: the signed, expiring link a
// Pushover message carries to /action/<token>, the server-rendered page it
// opens on a phone (the alert group, who was paged, who acknowledged, the
// silences covering it), and the actions posted from it: Acknowledge,
// Silence for 1 h / 4 h / 24 h or until resolved, and Expire the silence.
//
// A link is a capability: whoever holds it may act as its recipient until it
// expires, without any other login. It is an HMAC-SHA256 over the group, the
// deployment scope, the recipient and the expiry with the link secret; the
// page's forms carry a second HMAC bound to the link and the action, so a
// cross-site post cannot act and nothing can be replayed after the link
// expires. The page works without JavaScript and sends a strict Content
// Security Policy.
//
// The package is a leaf: what it shows comes from a Groups implementation,
// acknowledgements go to an Acknowledger, silences to Alertmanager through
// a Silencer (an *amclient.Client), and every action is reported to a
// Recorder. The binary wires them and serves Handler on its own listener.
package action
