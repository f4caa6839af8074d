package redisledger

import (
	"os"
	"testing"

	"github.com/go-kit/log"
)

func TestMain(m *testing.M) {
	SetLogger(log.NewNopLogger())
	os.Exit(m.Run())
}
