package redact

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSecrets(t *testing.T) {
	r := Secrets{"tok3n", "", "k3y"}
	require.Equal(t, "a <secret> and <secret>", r.String("a tok3n and k3y"))
	require.Equal(t, "nothing", r.String("nothing"))

	base := errors.New("token tok3n refused")
	err := r.Error(fmt.Errorf("send: %w", base))
	require.Equal(t, "send: token <secret> refused", err.Error())
	require.ErrorIs(t, err, base)
	plain := errors.New("fine")
	require.Same(t, plain, r.Error(plain))
	require.NoError(t, r.Error(nil))
}
