package escalation

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// pushoverPager pages through a real client to the fake Pushover, as the
// pipeline will: an emergency per recipient, tagged with the scope.
type pushoverPager struct {
	c    *pushover.Client
	keys map[string]string // recipient name → user key
}

func (p *pushoverPager) send(ctx context.Context, rec Record, title string, recipients []string) ([]Receipt, error) {
	var out []Receipt
	for _, name := range recipients {
		resp, err := p.c.Send(ctx, &pushover.Message{Users: []string{p.keys[name]}, Title: title,
			Message: "DBDown on db-1", Priority: pushover.PriorityEmergency, Retry: time.Minute,
			Expire: time.Hour, Tags: []string{rec.Scope}})
		if err != nil {
			return out, err
		}
		out = append(out, Receipt{Recipient: name, Receipt: resp.Receipt})
	}
	return out, nil
}

func (p *pushoverPager) Page(ctx context.Context, rec Record, level int, recipients, missed []string) ([]Receipt, error) {
	return p.send(ctx, rec, Headline(level, missed), recipients)
}

func (p *pushoverPager) CancelReceipts(ctx context.Context, rs []Receipt) (int, error) {
	for i, r := range rs {
		if err := p.c.Cancel(ctx, r.Receipt); err != nil {
			return i, err
		}
	}
	return len(rs), nil
}

func TestAgainstTheFakePushover(t *testing.T) {
	for _, stop := range []string{"ack by level 2", "resolve"} {
		t.Run(stop, func(t *testing.T) {
			srv := pushovertest.New(t, pushovertest.WithDemoAccount())
			keys := map[string]string{}
			for _, n := range []string{"a", "b", "c"} {
				keys[n] = fmt.Sprintf("u%s%028d", n, 7)
				srv.AddUser(keys[n])
			}
			c, err := pushover.NewClient(pushovertest.DemoToken, pushover.WithBaseURL(srv.URL))
			require.NoError(t, err)
			p := &pushoverPager{c: c, keys: keys}
			h := newHarness(t, func(o *Options) { o.Pager, o.Canceller = p, p })
			ctx := context.Background()

			rec := newRecord(id, levels)
			rec.Fired[0].Receipts, err = p.send(ctx, rec, "DBDown", []string{"a"}) // the pipeline's first page
			require.NoError(t, err)
			_, err = h.e.Start(ctx, rec)
			require.NoError(t, err)
			h.at(10 * time.Minute)
			msgs := srv.Messages()
			require.Len(t, msgs, 2)
			require.Equal(t, "Escalation (level 2): a did not answer", msgs[1].Title)
			level2 := h.rec(id).Fired[1].Receipts[0].Receipt

			if stop == "resolve" {
				_, err = h.e.Resolve(ctx, id)
			} else {
				require.NoError(t, srv.Ack(level2, keys["b"], ""))
				_, _, err = h.e.Acknowledge(ctx, id, Ack{By: "b", Via: "receipt poll", Receipt: level2})
			}
			require.NoError(t, err)
			require.True(t, h.at(time.Hour).IsZero())
			require.Len(t, srv.Messages(), 2, "level 3 never paged")
			for _, r := range srv.Receipts() {
				ringing := !r.Canceled && !r.Acknowledged && !r.Expired
				require.False(t, ringing, "receipt %s still rings", r.ID)
				require.Equal(t, stop == "ack by level 2" && r.ID == level2, r.Acknowledged)
				require.Equal(t, r.ID != level2 || stop == "resolve", r.Canceled, r.ID)
			}
		})
	}
}
