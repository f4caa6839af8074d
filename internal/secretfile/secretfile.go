// Package secretfile reads a secret (an API token, a user key, a bearer
// token) from a file named in the configuration. It is internal: the config,
// receiver and routing packages call Read and wrap its errors in their own
// section and field; they resolve relative paths before calling it.
package secretfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// MaxSize bounds what is read from a secret file: secrets are tens of bytes,
// and a path such as /dev/zero must not exhaust memory.
const MaxSize = 4096

// Sentinel errors returned by Read, wrapped in an error naming the path;
// test them with errors.Is.
var (
	// ErrEmpty marks a file that holds nothing but white space.
	ErrEmpty = errors.New("is empty")
	// ErrTooLarge marks a file larger than MaxSize bytes.
	ErrTooLarge = fmt.Errorf("is larger than %d bytes", MaxSize)
)

// Read returns the content of the file at path with surrounding white space
// trimmed. It reads at most MaxSize bytes. Its errors name the path, never
// the content: an *fs.PathError when the file cannot be read, or
// "<path> is empty" (ErrEmpty) or "<path> is larger than 4096 bytes"
// (ErrTooLarge).
func Read(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return "", err
	}
	if len(b) > MaxSize {
		return "", fmt.Errorf("%s %w", path, ErrTooLarge)
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return "", fmt.Errorf("%s %w", path, ErrEmpty)
	}
	return s, nil
}
