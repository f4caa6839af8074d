package pipeline

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestKnowsNoWireFormat (issue 15): the pipeline imports no destination's
// client; each is joined to it by its package under notify/.
func TestKnowsNoWireFormat(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	const mod = "github.com/alertmanager-pushover/alertmanager-pushover/"
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		require.NoError(t, err)
		for _, imp := range af.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, dest := range []string{"pushover", "groupme", "notify"} {
				require.False(t, path == mod+dest || strings.HasPrefix(path, mod+dest+"/"), "%s imports %s", f, path)
			}
		}
	}
}
