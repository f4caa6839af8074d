package templates

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// checkPushoverHTML is a strict checker, independent of the sanitizer: only
// <b> <i> <u> <font color="#rrggbb"> <a href="…"> and their end tags,
// properly nested, no bare < > or &, only &amp; &lt; &gt; &quot; entities.
func checkPushoverHTML(s string) error {
	var stack []string
	for len(s) > 0 {
		switch s[0] {
		case '<':
			m := tagRE.FindStringSubmatch(s)
			if m == nil {
				return fmt.Errorf("bad tag at %q", head(s))
			}
			if m[1] == "/" {
				if len(stack) == 0 || stack[len(stack)-1] != m[2] {
					return fmt.Errorf("unbalanced </%s> (open: %v)", m[2], stack)
				}
				stack = stack[:len(stack)-1]
			} else {
				stack = append(stack, m[2])
			}
			s = s[len(m[0]):]
		case '&':
			m := entityRE.FindString(s)
			if m == "" {
				return fmt.Errorf("bad entity at %q", head(s))
			}
			s = s[len(m):]
		case '>':
			return fmt.Errorf("bare > at %q", head(s))
		default:
			s = s[1:]
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("unclosed %v", stack)
	}
	return nil
}

var (
	tagRE    = regexp.MustCompile(`^<(/?)(b|i|u|font|a)(?: color="#[0-9a-f]{6}"| href="(?:[^"<>&]|&amp;|&lt;|&gt;|&quot;)+")?>`)
	entityRE = regexp.MustCompile(`^&(?:amp|lt|gt|quot);`)
)

func head(s string) string {
	if len(s) > 30 {
		return s[:30]
	}
	return s
}

// stripTags removes tags, for checking what a body shows.
func stripTags(s string) string { return regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, "") }

func TestCheckPushoverHTML(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{`plain`, true},
		{`<b>x</b> <i>y</i> <u>z</u>`, true},
		{`<font color="#ff0000">x</font>`, true},
		{`<a href="https://x.example/?a=1&amp;b=2">x</a>`, true},
		{`a &amp; b &lt;c&gt;`, true},
		{`<b>x`, false},
		{`<b><i>x</b></i>`, false},
		{`<br>`, false},
		{`<script>x</script>`, false},
		{`a & b`, false},
		{`&amp`, false},
		{`a > b`, false},
		{`<font color="red">x</font>`, false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			err := checkPushoverHTML(tc.in)
			if tc.ok {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
			}
		})
	}
}
