package secretfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	t.Run("trims surrounding space", func(t *testing.T) {
		s, err := Read(write("ok", "  s3cret\n"))
		require.NoError(t, err)
		require.Equal(t, "s3cret", s)
	})
	t.Run("empty", func(t *testing.T) {
		p := write("empty", " \n\t")
		_, err := Read(p)
		require.ErrorIs(t, err, ErrEmpty)
		require.EqualError(t, err, p+" is empty")
	})
	t.Run("too large", func(t *testing.T) {
		p := write("large", "s3cret"+strings.Repeat("x", MaxSize))
		_, err := Read(p)
		require.ErrorIs(t, err, ErrTooLarge)
		require.EqualError(t, err, p+" is larger than 4096 bytes")
		require.NotContains(t, err.Error(), "s3cret")
	})
	t.Run("exactly MaxSize", func(t *testing.T) {
		s, err := Read(write("max", strings.Repeat("k", MaxSize)))
		require.NoError(t, err)
		require.Len(t, s, MaxSize)
	})
	t.Run("missing", func(t *testing.T) {
		p := filepath.Join(dir, "nope")
		_, err := Read(p)
		require.ErrorIs(t, err, os.ErrNotExist)
		require.ErrorContains(t, err, p)
	})
}
