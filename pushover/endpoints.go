package pushover

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Send validates m and posts it to messages.json. On success the Response
// carries Pushover's request id, the receipt of an emergency message and the
// quota headers when present (their absence never fails a send).
func (c *Client) Send(ctx context.Context, m *Message) (*Response, error) {
	if m == nil {
		return nil, invalid("message", "must not be nil")
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	cl := &call{endpoint: "messages", method: http.MethodPost, path: "messages.json",
		params: m.params(c.token), secrets: c.secrets(m.Users...),
		rank: rankOf(m.Priority), bucket: strings.Join(m.Users, ",")}
	if m.Priority < PriorityEmergency && c.digest.Enabled() {
		cl.message, cl.digestKey = m, c.digestKey(m)
	}
	if m.Attachment != nil {
		body, ctype, err := multipartBody(cl.params, m.Attachment)
		if err != nil {
			return nil, invalid("attachment", "cannot encode: %v", err)
		}
		cl.body, cl.contentType = body, ctype
	}
	r, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	if r.digest != nil {
		return r.digest, nil
	}
	// The envelope is parsed already: its string members are in Fields.
	return &Response{Request: r.body.Request, Receipt: r.body.Fields["receipt"], Limits: r.limits}, nil
}

// Receipt polls receipts/{receipt}.json. Pushover asks for no more than one
// poll of a receipt every ReceiptPollFloor; the caller keeps that pace.
func (c *Client) Receipt(ctx context.Context, receipt string) (*Receipt, error) {
	if !ValidKey(receipt) {
		return nil, invalid("receipt", "must be %d characters of [A-Za-z0-9]", keyLen)
	}
	cl := c.get("receipt", "receipts/"+url.PathEscape(receipt)+".json")
	cl.rank = rankHigh // an acknowledgement stops the other sirens
	r, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	var w struct {
		Acknowledged         flexInt `json:"acknowledged"`
		AcknowledgedAt       flexInt `json:"acknowledged_at"`
		AcknowledgedBy       string  `json:"acknowledged_by"`
		AcknowledgedByDevice string  `json:"acknowledged_by_device"`
		LastDeliveredAt      flexInt `json:"last_delivered_at"`
		Expired              flexInt `json:"expired"`
		ExpiresAt            flexInt `json:"expires_at"`
		CalledBack           flexInt `json:"called_back"`
		CalledBackAt         flexInt `json:"called_back_at"`
	}
	if err := c.decodeInto(r, "receipt", &w); err != nil {
		return nil, err
	}
	return &Receipt{
		Request: r.body.Request, Acknowledged: w.Acknowledged == 1,
		AcknowledgedAt: w.AcknowledgedAt.unixTime(), AcknowledgedBy: w.AcknowledgedBy,
		AcknowledgedByDevice: w.AcknowledgedByDevice, LastDeliveredAt: w.LastDeliveredAt.unixTime(),
		Expired: w.Expired == 1, ExpiresAt: w.ExpiresAt.unixTime(),
		CalledBack: w.CalledBack == 1, CalledBackAt: w.CalledBackAt.unixTime(),
	}, nil
}

// Cancel stops the retries of an emergency message (POST receipts/{r}/cancel.json).
func (c *Client) Cancel(ctx context.Context, receipt string) error {
	if !ValidKey(receipt) {
		return invalid("receipt", "must be %d characters of [A-Za-z0-9]", keyLen)
	}
	_, err := c.do(ctx, c.cancelCall("cancel", "receipts/"+url.PathEscape(receipt)+"/cancel.json"))
	return err
}

// CancelByTag stops the retries of every emergency message of this app sent
// with tag, and returns how many Pushover canceled.
func (c *Client) CancelByTag(ctx context.Context, tag string) (int, error) {
	if !ValidTag(tag) {
		return 0, invalid("tag", "must be one or more characters of [A-Za-z0-9_-]")
	}
	r, err := c.do(ctx, c.cancelCall("cancel_by_tag", "receipts/cancel_by_tag/"+url.PathEscape(tag)+".json"))
	if err != nil {
		return 0, err
	}
	var w struct {
		Canceled flexInt `json:"canceled"`
	}
	if err := c.decodeInto(r, "cancel_by_tag", &w); err != nil {
		return 0, err
	}
	return int(w.Canceled), nil
}

// Validate checks a user or group key, and optionally one of its devices,
// with users/validate.json. An unknown user or device is an *APIError.
func (c *Client) Validate(ctx context.Context, user, device string) (*Validation, error) {
	if !ValidKey(user) {
		return nil, invalid("user", "must be %d characters of [A-Za-z0-9]", keyLen)
	}
	if device != "" && !ValidDevice(device) {
		return nil, invalid("device", "must be 1 to %d characters of [A-Za-z0-9_-]", MaxDeviceRunes)
	}
	p := url.Values{"user": {user}}
	if device != "" {
		p.Set("device", device)
	}
	r, err := c.do(ctx, c.post("validate", "users/validate.json", p))
	if err != nil {
		return nil, err
	}
	var w struct {
		Group    flexInt  `json:"group"`
		Devices  []string `json:"devices"`
		Licenses []string `json:"licenses"`
	}
	if err := c.decodeInto(r, "validate", &w); err != nil {
		return nil, err
	}
	return &Validation{Request: r.body.Request, Group: w.Group == 1, Devices: w.Devices, Licenses: w.Licenses}, nil
}

// Sounds lists the sounds the app may use (sounds.json): name to description.
func (c *Client) Sounds(ctx context.Context) (map[string]string, error) {
	r, err := c.do(ctx, c.get("sounds", "sounds.json"))
	if err != nil {
		return nil, err
	}
	var w struct {
		Sounds map[string]string `json:"sounds"`
	}
	if err := c.decodeInto(r, "sounds", &w); err != nil {
		return nil, err
	}
	return w.Sounds, nil
}

// Limits reads the account's message quota (apps/limits.json), at no cost.
func (c *Client) Limits(ctx context.Context) (*Limits, error) {
	r, err := c.do(ctx, c.get("limits", "apps/limits.json"))
	if err != nil {
		return nil, err
	}
	var w struct {
		Limit     flexInt `json:"limit"`
		Remaining flexInt `json:"remaining"`
		Reset     flexInt `json:"reset"`
	}
	if err := c.decodeInto(r, "limits", &w); err != nil {
		return nil, err
	}
	return &Limits{Limit: int(w.Limit), Remaining: int(w.Remaining), Reset: w.Reset.unixTime()}, nil
}

// cancelCall builds a cancel, which waits at emergency rank: stopping a
// siren is urgent. Cancels share one bucket, so that they take turns with
// the emergencies of each recipient.
func (c *Client) cancelCall(endpoint, path string) *call {
	cl := c.post(endpoint, path, nil)
	cl.rank, cl.bucket = rankEmergency, "cancel"
	return cl
}

// get builds a GET call; the token can only go in its query string.
func (c *Client) get(endpoint, path string) *call {
	return &call{endpoint: endpoint, method: http.MethodGet, path: path,
		params: url.Values{"token": {c.token}}, secrets: c.secrets(), rank: rankNormal, bucket: endpoint}
}

// post builds a form POST call with the token in the body.
func (c *Client) post(endpoint, path string, p url.Values) *call {
	if p == nil {
		p = url.Values{}
	}
	p.Set("token", c.token)
	return &call{endpoint: endpoint, method: http.MethodPost, path: path, params: p, secrets: c.secrets(p.Get("user")),
		rank: rankNormal, bucket: endpoint}
}

func (c *Client) secrets(users ...string) []string { return append([]string{c.token}, users...) }

// decodeInto parses an accepted body into an endpoint's own fields; a body
// that does not fit is a temporary failure, like any other malformed reply.
func (c *Client) decodeInto(r *reply, endpoint string, v any) error {
	if err := json.Unmarshal(r.data, v); err != nil {
		c.failed()
		return &TemporaryError{Endpoint: endpoint, StatusCode: http.StatusOK, Err: fmt.Errorf("%w: %w", errBadBody, err)}
	}
	return nil
}
