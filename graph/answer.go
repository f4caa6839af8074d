package graph

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/prometheus/common/model"
)

// maxErrorRunes is how much of Prometheus' error text an Error repeats.
const maxErrorRunes = 200

// answer is the envelope of Prometheus' HTTP API.
type answer struct {
	Status    string          `json:"status"`
	Data      json.RawMessage `json:"data"`
	ErrorType string          `json:"errorType"`
	Error     string          `json:"error"`
}

// rangeData is the data of a query_range answer.
type rangeData struct {
	ResultType string          `json:"resultType"`
	Result     json.RawMessage `json:"result"`
}

// DecodeAnswer decodes a query_range answer with its HTTP status into the
// series that have float samples. An error answer is ReasonQueryError; a
// body that is not the API's JSON is ReasonUnreachable when the status is
// not 2xx (a proxy's page) and ReasonQueryError otherwise; no samples at
// all is ReasonEmpty.
func DecodeAnswer(status int, body []byte) (model.Matrix, error) {
	var a answer
	if err := json.Unmarshal(body, &a); err != nil || a.Status == "" {
		if status/100 != 2 {
			return nil, fail(ReasonUnreachable, "query_range: HTTP %d without an API answer", status)
		}
		return nil, fail(ReasonQueryError, "query_range: the answer is not Prometheus API JSON")
	}
	if a.Status != "success" {
		return nil, fail(ReasonQueryError, "query_range: HTTP %d: %s: %s", status, short(a.ErrorType), short(a.Error))
	}
	var d rangeData
	if err := json.Unmarshal(a.Data, &d); err != nil {
		return nil, fail(ReasonQueryError, "query_range: data does not decode")
	}
	if d.ResultType != model.ValMatrix.String() {
		return nil, fail(ReasonQueryError, "query_range: result type %q, want matrix", short(d.ResultType))
	}
	var m model.Matrix
	if err := json.Unmarshal(d.Result, &m); err != nil {
		return nil, fail(ReasonQueryError, "query_range: result does not decode: %v", shortErr(err))
	}
	return nonEmpty(m)
}

// nonEmpty drops the series without float samples (native histograms are
// not drawn) and fails with ReasonEmpty when none is left.
func nonEmpty(m model.Matrix) (model.Matrix, error) {
	kept := m[:0]
	for _, s := range m {
		if s != nil && len(s.Values) > 0 {
			kept = append(kept, s)
		}
	}
	if len(kept) == 0 {
		return nil, fail(ReasonEmpty, "query_range returned no samples")
	}
	return kept, nil
}

func short(s string) string {
	if !utf8.ValidString(s) {
		return "(not UTF-8)"
	}
	if utf8.RuneCountInString(s) <= maxErrorRunes {
		return s
	}
	return string([]rune(s)[:maxErrorRunes]) + "…"
}

func shortErr(err error) string { return short(fmt.Sprint(err)) }
