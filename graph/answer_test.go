package graph

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDecodeAnswer(t *testing.T) {
	m, err := DecodeAnswer(200, []byte(`{"status":"success","data":{"resultType":"matrix","result":[
		{"metric":{"job":"a"},"values":[[1700000000,"1"],[1700000012,"NaN"],[1700000024,"+Inf"]]},
		{"metric":{"job":"b"},"values":[]},
		{"metric":{"job":"c"},"histograms":[[1700000000,{"count":"1","sum":"1"}]]}]}}`))
	require.NoError(t, err)
	require.Len(t, m, 1, "series without float samples are dropped")
	require.Equal(t, "a", string(m[0].Metric["job"]))
	require.Len(t, m[0].Values, 3)
	require.True(t, math.IsNaN(float64(m[0].Values[1].Value)))
}

func TestDecodeAnswerErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		reason Reason
		msg    string
	}{
		{"bad_data", 400, `{"status":"error","errorType":"bad_data","error":"parse error"}`, ReasonQueryError, "HTTP 400: bad_data: parse error"},
		{"timeout", 503, `{"status":"error","errorType":"timeout","error":"query timed out"}`, ReasonQueryError, "timeout: query timed out"},
		{"html 200", 200, `<html></html>`, ReasonQueryError, "not Prometheus API JSON"},
		{"html 404", 404, `404 page not found`, ReasonUnreachable, "HTTP 404"},
		{"no status", 200, `{}`, ReasonQueryError, "not Prometheus API JSON"},
		{"scalar", 200, `{"status":"success","data":{"resultType":"scalar","result":[1,"1"]}}`, ReasonQueryError, `"scalar"`},
		{"bad data", 200, `{"status":"success","data":[]}`, ReasonQueryError, "data does not decode"},
		{"bad result", 200, `{"status":"success","data":{"resultType":"matrix","result":{}}}`, ReasonQueryError, "result does not decode"},
		{"bad value", 200, `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"x"]]}]}}`, ReasonQueryError, "result does not decode"},
		{"empty", 200, `{"status":"success","data":{"resultType":"matrix","result":[]}}`, ReasonEmpty, "no samples"},
		{"null result", 200, `{"status":"success","data":{"resultType":"matrix","result":null}}`, ReasonEmpty, "no samples"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeAnswer(tc.status, []byte(tc.body))
			require.Equal(t, tc.reason, ReasonOf(err))
			require.ErrorContains(t, err, tc.msg)
		})
	}
}

func TestDecodeAnswerShortensErrorText(t *testing.T) {
	long := make([]byte, 5000)
	for i := range long {
		long[i] = 'x'
	}
	_, err := DecodeAnswer(400, []byte(`{"status":"error","errorType":"bad_data","error":"`+string(long)+`"}`))
	require.Less(t, len(err.Error()), 300)
}
