package config

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// notFoundRE is yaml.v3's message for an unknown key, which names a Go type.
var notFoundRE = regexp.MustCompile(`field (\S+) not found in type (\S+)`)

// section is where a Go type of the configuration appears in the file, and
// the keys it takes.
type section struct {
	where string
	keys  []string
}

// UnknownKeyError is a key the configuration does not have.
type UnknownKeyError struct {
	Line    int    // 0 when unknown
	Key     string // as written
	Section string // e.g. "the top level", "routes[]", "pushover"
	Suggest string // the closest known key, or ""
}

// Error implements error.
func (e *UnknownKeyError) Error() string {
	in := "in"
	if e.Section == "the top level" {
		in = "at"
	}
	s := fmt.Sprintf("unknown key %q %s %s", e.Key, in, e.Section)
	if e.Line > 0 {
		s = fmt.Sprintf("line %d: %s", e.Line, s)
	}
	if e.Suggest != "" {
		s += fmt.Sprintf(" (did you mean %q?)", e.Suggest)
	}
	return s
}

// friendlyKeyErrors rewrites yaml.v3's "field x not found in type
// pkg.Type" messages without Go type names and with a suggestion; other
// errors are returned as they are.
func friendlyKeyErrors(err error, doc []byte) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	sections := map[string]section{}
	walkSections(reflect.TypeFor[Config](), "the top level", sections)
	errs := make([]error, 0, len(te.Errors))
	for _, msg := range te.Errors {
		m := notFoundRE.FindStringSubmatchIndex(msg)
		if m == nil {
			errs = append(errs, errors.New(msg))
			continue
		}
		key, typ := msg[m[2]:m[3]], msg[m[4]:m[5]]
		ke := &UnknownKeyError{Key: key, Section: "the configuration"}
		_, _ = fmt.Sscanf(msg, "line %d:", &ke.Line)
		s, ok := sections[typ]
		if !ok && strings.HasSuffix(typ, ".plain") {
			// A section's UnmarshalYAML decodes a local type "plain":
			// the section is the top-level key around the line.
			s, ok = byWhere(sections, topKeyAt(doc, ke.Line))
		}
		if ok {
			ke.Section, ke.Suggest = s.where, closest(key, s.keys)
		}
		errs = append(errs, ke)
	}
	return errors.Join(errs...)
}

// walkSections records, for every struct type under t, where it appears
// first and its YAML keys (inline structs' keys included).
func walkSections(t reflect.Type, where string, out map[string]section) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		if t.Kind() == reflect.Slice {
			where += "[]"
		} else if t.Kind() == reflect.Map {
			where += ".<name>"
		}
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || strings.HasPrefix(t.PkgPath(), "github.com/prometheus/") {
		return
	}
	if _, seen := out[t.String()]; seen {
		return
	}
	s := section{where: where}
	out[t.String()] = s
	s.keys = collectKeys(t, where, out)
	out[t.String()] = s
}

func collectKeys(t reflect.Type, where string, out map[string]section) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if strings.Contains(opts, "inline") {
			keys = append(keys, collectKeys(f.Type, where, out)...)
			continue
		}
		keys = append(keys, name)
		next := name
		if where != "the top level" {
			next = where + "." + name
		}
		walkSections(f.Type, next, out)
	}
	return keys
}

// closest is the known key nearest to key (at most 2 edits, or one is a
// prefix of the other), or "".
func closest(key string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		d := editDistance(key, k)
		if strings.HasPrefix(k, key) || strings.HasPrefix(key, k) {
			d = min(d, 2)
		}
		if d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// byWhere finds the section at a place of the file.
func byWhere(sections map[string]section, where string) (section, bool) {
	for _, s := range sections {
		if where != "" && (s.where == where || s.where == where+"[]" || s.where == where+".<name>") {
			return s, true
		}
	}
	return section{}, false
}

// topKeyAt is the top-level key of doc whose value holds line, or "".
func topKeyAt(doc []byte, line int) string {
	var root yaml.Node
	if yaml.Unmarshal(doc, &root) != nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return ""
	}
	top, key := root.Content[0].Content, ""
	for i := 0; i+1 < len(top); i += 2 {
		if top[i].Line > line {
			break
		}
		key = top[i].Value
	}
	return key
}
