// Package proctest holds what the tests that run real binaries share: a
// child Process (start, kill, stop, its output logged when the test
// fails), a bytes.Buffer safe for a child process's writes, free local
// addresses, a Builder that builds binaries once with scripts/build.sh, as
// the Dockerfile does, and WaitReady. It is imported only by _test.go files.
package proctest

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Buffer is a bytes.Buffer safe for concurrent writers and readers, such
// as a child process's output read by the test. The zero value is ready.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write implements io.Writer.
func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns everything written so far.
func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// FreeAddr returns a free 127.0.0.1 address.
func FreeAddr(t testing.TB) string {
	t.Helper()
	return FreeAddrs(t, 1)[0]
}

// FreeAddrs returns n distinct free 127.0.0.1 addresses.
func FreeAddrs(t testing.TB, n int) []string {
	t.Helper()
	addrs := make([]string, n)
	for i := range addrs {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer l.Close() // held until all are chosen, so they differ
		addrs[i] = l.Addr().String()
	}
	return addrs
}

// Builder builds binaries with scripts/build.sh, each package at most once.
// A test package keeps one in a package variable so that its tests share
// the builds; the zero value is ready.
type Builder struct {
	mu    sync.Mutex
	dir   string
	built map[string]build
}

type build struct {
	path string
	err  error
}

// Build returns the path of the binary name built from pkg (a package path
// relative to the repository root, "" for the bridge), building it on the
// first call.
func (b *Builder) Build(t testing.TB, name, pkg string) string {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	r, ok := b.built[pkg]
	if !ok {
		r = b.build(name, pkg)
		if b.built == nil {
			b.built = map[string]build{}
		}
		b.built[pkg] = r
	}
	require.NoError(t, r.err)
	return r.path
}

func (b *Builder) build(name, pkg string) build {
	if b.dir == "" {
		dir, err := os.MkdirTemp("", "amp-bin-")
		if err != nil {
			return build{err: err}
		}
		b.dir = dir
	}
	path := filepath.Join(b.dir, name)
	args := []string{path}
	if pkg != "" {
		args = append(args, pkg)
	}
	if out, err := exec.Command(filepath.Join(RepoRoot(), "scripts", "build.sh"), args...).CombinedOutput(); err != nil {
		return build{err: fmt.Errorf("scripts/build.sh %s: %w\n%s", name, err, out)}
	}
	return build{path: path}
}

// RepoRoot returns the repository's root directory.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// WaitReady polls url until it answers 200, for up to 30 s. It fails the
// test at once when exited (closed when the process ends; nil when the
// caller has no such channel) is closed. The process's output is for the
// caller to log.
func WaitReady(t testing.TB, url string, exited <-chan struct{}) {
	t.Helper()
	hc := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if resp, err := hc.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never became ready", url)
		}
		select {
		case <-exited:
			t.Fatalf("the process exited before %s was ready", url)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
