package pushover_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// calls exercises every endpoint with the demo secrets.
var calls = map[string]func(ctx context.Context, c *pushover.Client) error{
	"messages": func(ctx context.Context, c *pushover.Client) error {
		m := hello()
		m.Users = []string{user, group}
		_, err := c.Send(ctx, m)
		return err
	},
	"receipt": func(ctx context.Context, c *pushover.Client) error {
		_, err := c.Receipt(ctx, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123")
		return err
	},
	"cancel": func(ctx context.Context, c *pushover.Client) error {
		return c.Cancel(ctx, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123")
	},
	"cancel_by_tag": func(ctx context.Context, c *pushover.Client) error {
		_, err := c.CancelByTag(ctx, "tag")
		return err
	},
	"validate": func(ctx context.Context, c *pushover.Client) error {
		_, err := c.Validate(ctx, user, "phone")
		return err
	},
	"sounds": func(ctx context.Context, c *pushover.Client) error {
		_, err := c.Sounds(ctx)
		return err
	},
	"limits": func(ctx context.Context, c *pushover.Client) error {
		_, err := c.Limits(ctx)
		return err
	},
}

func requireNoSecret(t *testing.T, err error) {
	t.Helper()
	require.Error(t, err)
	for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		for _, secret := range []string{token, user, group} {
			require.NotContains(t, text, secret)
		}
	}
}

// TestNoSecretInErrors: whatever fails, on every endpoint, the error text
// never holds the token or a user key, not even from a GET's URL.
func TestNoSecretInErrors(t *testing.T) {
	faults := []pushovertest.FaultKind{
		pushovertest.Fault500, pushovertest.Fault503JSON, pushovertest.FaultStatus0, pushovertest.FaultMalformed,
		pushovertest.FaultEmpty, pushovertest.Fault429, pushovertest.FaultClose, pushovertest.FaultHang,
	}
	for endpoint, call := range calls {
		for _, kind := range faults {
			t.Run(endpoint+"/"+string(kind), func(t *testing.T) {
				s := newFake(t)
				c := newClient(t, s, pushover.WithAttemptTimeout(20*time.Millisecond))
				s.Inject(pushovertest.Fault{Kind: kind})
				requireNoSecret(t, call(context.Background(), c))
			})
		}
	}
}

// TestNoSecretWhenServerEchoesIt: even a server quoting the secrets back
// does not get them into errors.
func TestNoSecretWhenServerEchoesIt(t *testing.T) {
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		var vals []string
		for _, k := range []string{"token", "user"} {
			if v := r.Form.Get(k); v != "" {
				vals = append(vals, `"`+k+`":"bad `+v+`"`)
			}
		}
		w.WriteHeader(http.StatusBadRequest)
		_, _ = fmt.Fprintf(w, `{%s,"errors":["%s is invalid"],"status":0}`, strings.Join(vals, ","), r.Form.Get("token")+r.Form.Get("user"))
	})
	c, err := pushover.NewClient(token, pushover.WithBaseURL(pushovertestServer(t, echo)+"/1/"))
	require.NoError(t, err)
	for endpoint, call := range calls {
		t.Run(endpoint, func(t *testing.T) {
			err := call(context.Background(), c)
			requireNoSecret(t, err)
			var ae *pushover.APIError
			require.ErrorAs(t, err, &ae)
			require.Equal(t, "bad <secret>", ae.Fields["token"])
		})
	}
}

// TestNoSecretInTransportErrors: a GET to a dead server fails with a
// *url.Error, whose text would quote the URL and its ?token=.
func TestNoSecretInTransportErrors(t *testing.T) {
	for endpoint, call := range calls {
		t.Run(endpoint, func(t *testing.T) {
			c, err := pushover.NewClient(token, pushover.WithBaseURL("http://127.0.0.1:1/1/"))
			require.NoError(t, err)
			err = call(context.Background(), c)
			requireNoSecret(t, err)
			require.Regexp(t, `temporary failure: (GET|POST) request: .*connect`, err.Error())
		})
	}
}

// TestNoCredentialsInPOSTURLs checks where the fake saw the token.
func TestNoCredentialsInPOSTURLs(t *testing.T) {
	s := newFake(t)
	c := newClient(t, s)
	for _, call := range calls {
		_ = call(context.Background(), c)
	}
	for _, r := range s.Requests() {
		if r.Method == http.MethodPost {
			require.Empty(t, r.Query, r.Path)
			require.Equal(t, token, r.Params["token"], r.Path)
		} else {
			require.Equal(t, "token="+token, r.Query, r.Path)
		}
	}
}
