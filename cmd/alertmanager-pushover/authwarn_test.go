package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestExposedWithoutAuth(t *testing.T) {
	for _, tc := range []struct {
		name             string
		addrs            []string
		webConfig, token string
		want             []string
	}{
		{"all interfaces, no auth", []string{":9095"}, "", "", []string{":9095"}},
		{"loopback only", []string{"127.0.0.1:9095", "[::1]:9095", "localhost:9095"}, "", "", nil},
		{"a public address", []string{"127.0.0.1:9095", "10.0.0.5:9095"}, "", "", []string{"10.0.0.5:9095"}},
		{"bearer token", []string{":9095"}, "", "t", nil},
		{"web config", []string{":9095"}, "web.yml", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, exposedWithoutAuth(tc.addrs, tc.webConfig, tc.token))
		})
	}
}
