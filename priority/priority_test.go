package priority_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/priority"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want priority.Priority
		err  bool
	}{
		{"lowest", priority.Lowest, false}, {" Low ", priority.Low, false}, {"NORMAL", priority.Normal, false},
		{"high", priority.High, false}, {"emergency", priority.Emergency, false}, {"2", priority.Emergency, false},
		{"-2", priority.Lowest, false}, {"3", 0, true}, {"", 0, true}, {"urgent", 0, true},
	} {
		got, err := priority.Parse(tc.in)
		if tc.err {
			require.ErrorIs(t, err, priority.ErrInvalid, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		require.Equal(t, tc.want, got, tc.in)
	}
}

func TestTextRoundTrip(t *testing.T) {
	for p := priority.Lowest; p <= priority.Emergency; p++ {
		b, err := p.MarshalText()
		require.NoError(t, err)
		var back priority.Priority
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, p, back)
	}
	_, err := priority.Priority(7).MarshalText()
	require.Error(t, err)
	require.Equal(t, "Priority(7)", priority.Priority(7).String())
}

// FuzzParse: whatever a template renders, Parse returns a valid priority
// or ErrInvalid, and a parsed priority's name parses back to it.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"emergency", "-1", " high", "2x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := priority.Parse(s)
		if err != nil {
			if !errors.Is(err, priority.ErrInvalid) {
				t.Fatalf("%q: %v does not wrap ErrInvalid", s, err)
			}
			return
		}
		if !p.Valid() {
			t.Fatalf("%q parsed to invalid %d", s, p)
		}
		if back, err := priority.Parse(p.String()); err != nil || back != p {
			t.Fatalf("%q: %s does not parse back: %v", s, p, err)
		}
	})
}
