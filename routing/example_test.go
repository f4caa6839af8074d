package routing_test

import (
	"fmt"

	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
)

func ExampleRouter_Explain() {
	cfg := routing.Config{
		Recipients: map[string]routing.RecipientConfig{
			"oncall":  {UserKey: "uQiRzpo4DXghDmr9QzzfQu27cmVRsG", Devices: []string{"phone"}},
			"db-team": {UserKey: "gznej3rKEVAvPUxu9vvNnqpmZpokzF"},
		},
		Routes: []routing.RouteConfig{
			{
				Name: "page-db", Matchers: []string{`severity="critical"`, `team=~"db|storage"`},
				To: []string{"oncall"}, Continue: true,
				Settings: routing.Settings{Priority: ptr("emergency"), Sound: ptr("siren")},
			},
			{Name: "everything-else", To: []string{"db-team"}},
		},
	}
	r, err := routing.Compile(cfg, ".")
	if err != nil {
		fmt.Println(err)
		return
	}
	lbls, err := routing.ParseLabels([]string{"severity=critical", `team="db"`})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range r.Explain("pushover-bridge", lbls) {
		fmt.Printf("%s → %v priority=%s sound=%q continue=%t\n", e.Route, e.Recipients, e.Priority, e.Sound, e.Continue)
	}
	// Output:
	// page-db → [{oncall [phone] false}] priority=emergency sound="siren" continue=true
	// everything-else → [{db-team [] false}] priority=normal sound="" continue=false
}

func ptr(s string) *string { return &s }
