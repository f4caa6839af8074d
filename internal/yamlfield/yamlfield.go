// Package yamlfield locates the key of a YAML mapping whose value failed to
// decode. yaml.v3 reports errors of custom scalar unmarshalers (durations,
// byte sizes) without key or line; a section's UnmarshalYAML uses Locate
// to say which field, and where, was wrong.
package yamlfield

import (
	"errors"
	"fmt"
	"sort"

	"gopkg.in/yaml.v3"
)

// Error is a value that failed to decode: the section, its key and line.
type Error struct {
	Section string
	Field   string
	Line    int
	Err     error
}

// Error implements error.
func (e *Error) Error() string {
	return fmt.Sprintf("%s: line %d: %s: %v", e.Section, e.Line, e.Field, e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Locate wraps err, returned by decoding a section into a T through
// unmarshal (the callback of a func-style UnmarshalYAML), with the first key
// whose value alone does not decode into T. T must not itself have an
// UnmarshalYAML method (use the section's "plain" type). When no single
// key is to blame it returns err with the section prefixed.
func Locate[T any](section string, unmarshal func(any) error, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return err // yaml.v3's own errors carry their lines
	}
	// Node values keep their lines; the callback cannot decode into a bare
	// *yaml.Node, but it can into a map of them.
	var raw map[string]yaml.Node
	if unmarshal(&raw) != nil {
		return fmt.Errorf("%s: %w", section, err)
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return raw[keys[i]].Line < raw[keys[j]].Line })
	for _, k := range keys {
		val := raw[k]
		one := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, &val,
		}}
		var probe T
		if ferr := one.Decode(&probe); ferr != nil {
			return &Error{Section: section, Field: k, Line: val.Line, Err: ferr}
		}
	}
	return fmt.Errorf("%s: %w", section, err)
}
