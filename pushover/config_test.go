package pushover_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// TestDigestConfig: pushover.digest's defaults, and errors naming the key.
func TestDigestConfig(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		want    pushover.Digest
		wantErr string
	}{
		{"defaults", "token: x", pushover.Digest{QueueDepth: 5, QuotaBelow: 0.1}, ""},
		{"off", "token: x\ndigest: {queue_depth: 0, quota_below: 0}", pushover.Digest{}, ""},
		{"depth only", "token: x\ndigest: {queue_depth: 20}", pushover.Digest{QueueDepth: 20, QuotaBelow: 0.1}, ""},
		{"negative depth", "token: x\ndigest: {queue_depth: -1}", pushover.Digest{}, "digest.queue_depth"},
		{"a fraction", "token: x\ndigest: {quota_below: 10}", pushover.Digest{}, "digest.quota_below"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c pushover.Config
			err := yaml.Unmarshal([]byte(tt.yaml), &c)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, c.Digest)
			require.Equal(t, tt.want.Enabled(), c.Digest.QueueDepth > 0 || c.Digest.QuotaBelow > 0)
		})
	}
}
