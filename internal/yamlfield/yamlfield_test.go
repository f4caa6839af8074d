package yamlfield

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

type section struct {
	Name    string         `yaml:"name"`
	Timeout model.Duration `yaml:"timeout"`
}

func (s *section) UnmarshalYAML(unmarshal func(any) error) error {
	type plain section
	if err := unmarshal((*plain)(s)); err != nil {
		return Locate[plain]("sec", unmarshal, err)
	}
	return nil
}

func TestLocate(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"bad value", "sec:\n  name: x\n  timeout: soon\n", `sec: line 3: timeout: not a valid duration string: "soon"`},
		{"unknown key keeps yaml's error", "sec:\n  nme: x\n", "line 2: field nme not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v struct {
				Sec section `yaml:"sec"`
			}
			dec := yaml.NewDecoder(strings.NewReader(tc.src))
			dec.KnownFields(true)
			err := dec.Decode(&v)
			require.ErrorContains(t, err, tc.want)
		})
	}
	var v struct {
		Sec section `yaml:"sec"`
	}
	require.NoError(t, yaml.Unmarshal([]byte("sec: {timeout: 5s}"), &v))
	require.Equal(t, model.Duration(5*time.Second), v.Sec.Timeout)
}
