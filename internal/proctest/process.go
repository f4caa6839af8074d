package proctest

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// maxLoggedOutput bounds the output a failed test logs of a process.
const maxLoggedOutput = 20000

// Process is a child process of a test: its output (of every run, when
// restarted) is kept in Out and logged when the test fails, and it is
// stopped when the test ends.
type Process struct {
	Name string
	Args []string
	Out  *Buffer
	// Stdout, when set before Start, also receives the process's standard
	// output (e.g. to read the address it listens on).
	Stdout io.Writer

	cmd  *exec.Cmd
	done chan struct{}
	err  error // the exit error, once done is closed
}

// Start runs name with args until the test ends.
func Start(t testing.TB, name string, args ...string) *Process {
	t.Helper()
	return Run(t, &Process{Name: name, Args: args})
}

// Run starts p (with a new Out unless set) and stops it when the test
// ends, logging its output if the test failed.
func Run(t testing.TB, p *Process) *Process {
	t.Helper()
	if p.Out == nil {
		p.Out = &Buffer{}
	}
	name := p.Name
	p.Start(t)
	t.Cleanup(func() {
		p.Stop(15 * time.Second)
		if t.Failed() {
			out := p.Out.String()
			if len(out) > maxLoggedOutput {
				out = "…" + out[len(out)-maxLoggedOutput:]
			}
			t.Logf("--- %s output ---\n%s", filepath.Base(name), out)
		}
	})
	return p
}

// Start (re)starts the process; it must not be running.
func (p *Process) Start(t testing.TB) {
	t.Helper()
	p.cmd = exec.Command(p.Name, p.Args...)
	p.cmd.Stdout, p.cmd.Stderr = p.Out, p.Out
	if p.Stdout != nil {
		p.cmd.Stdout = io.MultiWriter(p.Out, p.Stdout)
	}
	require.NoError(t, p.cmd.Start())
	done := make(chan struct{})
	p.done = done
	go func() {
		p.err = p.cmd.Wait()
		if c, ok := p.Stdout.(io.Closer); ok {
			_ = c.Close()
		}
		close(done)
	}()
}

// Cmd is the running command.
func (p *Process) Cmd() *exec.Cmd { return p.cmd }

// Done is closed when the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Signal sends sig unless the process has exited.
func (p *Process) Signal(sig os.Signal) error {
	err := p.cmd.Process.Signal(sig)
	if errors.Is(err, os.ErrProcessDone) {
		return nil
	}
	return err
}

// Kill sends SIGKILL and waits until the process is gone.
func (p *Process) Kill() {
	_ = p.cmd.Process.Kill()
	<-p.done
}

// Wait waits up to timeout for the exit and returns its error; exited is
// false when the process still runs.
func (p *Process) Wait(timeout time.Duration) (exited bool, err error) {
	select {
	case <-p.done:
		return true, p.err
	case <-time.After(timeout):
		return false, nil
	}
}

// Stop interrupts the process (unless it has exited) and waits up to
// timeout for it to exit, then kills it.
func (p *Process) Stop(timeout time.Duration) {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.Signal(os.Interrupt)
	if exited, _ := p.Wait(timeout); !exited {
		p.Kill()
	}
}
