package routing

import (
	"fmt"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/yamlfield"
)

// UnmarshalYAML decodes a route; a value that does not decode (a duration
// such as "1 minute") is reported with the route's name, the key and its
// line, which yaml.v3 does not give for such values.
func (rc *RouteConfig) UnmarshalYAML(unmarshal func(any) error) error {
	type plain RouteConfig
	err := unmarshal((*plain)(rc))
	if err == nil {
		return nil
	}
	section := "route"
	var raw map[string]any
	if unmarshal(&raw) == nil {
		if name, ok := raw["name"].(string); ok && name != "" {
			section = fmt.Sprintf("route %q", name)
		}
	}
	return yamlfield.Locate[plain](section, unmarshal, err)
}
