package groupme_test

import (
	"context"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
)

func TestMetrics(t *testing.T) {
	s := groupmetest.New(t, groupmetest.WithDemo())
	reg := prometheus.NewPedanticRegistry()
	m := groupme.NewMetrics(reg)
	c, err := groupme.NewClient(groupme.WithAPIURL(s.URL), groupme.WithImageURL(s.ImageURL),
		groupme.WithAccessToken(groupmetest.DemoAccessToken), groupme.WithObserver(m))
	require.NoError(t, err)
	ctx := context.Background()
	msg := groupme.Message{BotID: groupmetest.DemoBotID, Text: "x"}
	require.NoError(t, c.Post(ctx, msg))
	s.Inject(groupmetest.Fault{Kind: groupmetest.Fault420})
	require.Error(t, c.Post(ctx, msg))
	s.Inject(groupmetest.Fault{Kind: groupmetest.Fault503})
	require.Error(t, c.Post(ctx, msg))
	_, err = c.UploadImage(ctx, []byte("not an image"))
	require.ErrorIs(t, err, groupme.ErrPermanent)

	require.NoError(t, testutil.GatherAndCompare(reg, strings.NewReader(`
# HELP alertmanager_pushover_groupme_requests_total GroupMe API requests, by endpoint (bots_post, pictures, bots) and outcome (success, refused, rate_limited, temporary).
# TYPE alertmanager_pushover_groupme_requests_total counter
alertmanager_pushover_groupme_requests_total{endpoint="bots",outcome="rate_limited"} 0
alertmanager_pushover_groupme_requests_total{endpoint="bots",outcome="refused"} 0
alertmanager_pushover_groupme_requests_total{endpoint="bots",outcome="success"} 0
alertmanager_pushover_groupme_requests_total{endpoint="bots",outcome="temporary"} 0
alertmanager_pushover_groupme_requests_total{endpoint="bots_post",outcome="rate_limited"} 1
alertmanager_pushover_groupme_requests_total{endpoint="bots_post",outcome="refused"} 0
alertmanager_pushover_groupme_requests_total{endpoint="bots_post",outcome="success"} 1
alertmanager_pushover_groupme_requests_total{endpoint="bots_post",outcome="temporary"} 1
alertmanager_pushover_groupme_requests_total{endpoint="pictures",outcome="rate_limited"} 0
alertmanager_pushover_groupme_requests_total{endpoint="pictures",outcome="refused"} 1
alertmanager_pushover_groupme_requests_total{endpoint="pictures",outcome="success"} 0
alertmanager_pushover_groupme_requests_total{endpoint="pictures",outcome="temporary"} 0
`), "alertmanager_pushover_groupme_requests_total"))
	require.Equal(t, 2, testutil.CollectAndCount(m.Duration))
}

// TestMetricsGarbledUpload: a 200 whose body is not the documented answer
// counts as temporary, not as a success.
func TestMetricsGarbledUpload(t *testing.T) {
	s := groupmetest.New(t, groupmetest.WithDemo())
	m := groupme.NewMetrics(prometheus.NewPedanticRegistry())
	c, err := groupme.NewClient(groupme.WithImageURL(s.ImageURL),
		groupme.WithAccessToken(groupmetest.DemoAccessToken), groupme.WithObserver(m))
	require.NoError(t, err)
	s.Inject(groupmetest.Fault{Kind: groupmetest.FaultMalformed, Endpoint: groupmetest.EndpointPictures})
	_, err = c.UploadImage(context.Background(), chartPNG(t))
	require.ErrorIs(t, err, groupme.ErrTemporary)
	require.Equal(t, 1.0, testutil.ToFloat64(m.Requests.WithLabelValues(groupme.EndpointPictures, groupme.OutcomeTemporary)))
	require.Equal(t, 0.0, testutil.ToFloat64(m.Requests.WithLabelValues(groupme.EndpointPictures, groupme.OutcomeSuccess)))
}
