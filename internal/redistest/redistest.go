// Package redistest runs a real redis-server (Debian's package, Redis 7)
// for the tests that claim behaviour of the shared ledger: one child
// process per Start, on a free loopback port, with a temporary directory,
// no persistence, and optionally a password or TLS. It can be stopped and
// started again on the same port, to test what a client does while the
// store is away. It is imported only by _test.go files.
//
// The binary is $REDIS_SERVER_BIN, else redis-server on $PATH. When it is
// missing the test is skipped, unless E2E_REQUIRED is set (as CI sets it),
// where it fails.
package redistest

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
)

// Options configure a server.
type Options struct {
	// Password makes the server require AUTH (--requirepass).
	Password string
	// TLS serves TLS only (--tls-port), with a certificate made for the test.
	TLS bool
	// Args are more arguments, after the defaults (which they override),
	// such as "--appendonly", "yes".
	Args []string
}

// Server is a running redis-server.
type Server struct {
	// Addr is host:port of the server.
	Addr string
	// CA is the PEM certificate that signed the server's (TLS only).
	CA []byte

	t    testing.TB
	bin  string
	args []string
	out  proctest.Buffer

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// Binary returns the redis-server to run, skipping (or failing under
// E2E_REQUIRED) when there is none.
func Binary(t testing.TB) string {
	t.Helper()
	path := os.Getenv("REDIS_SERVER_BIN")
	if path == "" {
		path, _ = exec.LookPath("redis-server")
	}
	if path != "" {
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	if os.Getenv("E2E_REQUIRED") != "" {
		t.Fatalf("no redis-server binary (REDIS_SERVER_BIN=%q): install Debian's redis-server package", path)
	}
	t.Skip("no redis-server binary: install Debian's redis-server package or set REDIS_SERVER_BIN")
	return ""
}

// Start runs a redis-server for the test and stops it at cleanup.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	s := &Server{t: t, bin: Binary(t), Addr: proctest.FreeAddr(t)}
	_, port, err := net.SplitHostPort(s.Addr)
	require.NoError(t, err)
	dir := t.TempDir()
	s.args = []string{"--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no",
		"--daemonize", "no", "--logfile", "", "--databases", "4"}
	if opts.TLS {
		s.CA = writeCerts(t, dir)
		s.args = append(s.args, "--port", "0", "--tls-port", port, "--tls-cert-file", dir+"/server.crt",
			"--tls-key-file", dir+"/server.key", "--tls-ca-cert-file", dir+"/ca.crt", "--tls-auth-clients", "no")
	} else {
		s.args = append(s.args, "--port", port)
	}
	if opts.Password != "" {
		s.args = append(s.args, "--requirepass", opts.Password)
	}
	s.args = append(s.args, opts.Args...)
	t.Cleanup(s.Stop)
	s.Restart()
	return s
}

// Restart starts the server again (after Stop) on the same port, empty.
func (s *Server) Restart() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	require.Nil(s.t, s.cmd, "redistest: the server is running")
	cmd := exec.Command(s.bin, s.args...) //nolint:gosec // the test's own binary and arguments
	cmd.Stdout, cmd.Stderr = &s.out, &s.out
	require.NoError(s.t, cmd.Start())
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	s.cmd, s.done = cmd, done
	s.awaitListening(done)
}

// awaitListening waits until the port accepts connections (or the
// process exits, which fails the test with its output).
func (s *Server) awaitListening(exited <-chan struct{}) {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if s.ping() {
			return
		}
		select {
		case <-exited:
			s.t.Fatalf("redis-server exited at start:\n%s", s.out.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("redis-server did not answer within 10s:\n%s", s.out.String())
		}
	}
}

// ping reports whether the server answers PING (a NOAUTH refusal counts:
// it answers). A TLS server is up once it accepts a TCP connection and its
// log says it is ready.
func (s *Server) ping() bool {
	c, err := net.DialTimeout("tcp", s.Addr, time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	if s.CA != nil {
		return strings.Contains(s.out.String(), "Ready to accept connections")
	}
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("*1\r\n$4\r\nPING\r\n")); err != nil {
		return false
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	return err == nil && (strings.HasPrefix(line, "+PONG") || strings.HasPrefix(line, "-NOAUTH"))
}

// Stop terminates the server (SIGTERM, then waits). It is safe to call
// when stopped.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	s.cmd = nil
}

// URL returns the redis:// (or rediss://) URL of database db, with the
// password when one is given.
func (s *Server) URL(password string, db int) string {
	scheme := "redis"
	if s.CA != nil {
		scheme = "rediss"
	}
	auth := ""
	if password != "" {
		auth = ":" + password + "@"
	}
	return fmt.Sprintf("%s://%s%s/%d", scheme, auth, s.Addr, db)
}

// Output is what the server logged.
func (s *Server) Output() string { return s.out.String() }
