package receiver

import (
	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
)

// Runtime is everything one configuration gives the bridge's HTTP side,
// the pipeline and the emergency tracker. The handler swaps it as a whole
// (see Handler.SetRuntime), so a reload is atomic for each request.
type Runtime struct {
	Config Config // the receiver section
	Token  string // the bearer token required on /alerts; "" for none
	// CallbackSecret authenticates POST /pushover/callback/{secret}; ""
	// refuses every callback.
	CallbackSecret string
	// Pipeline's Config is completed from Config by the handler.
	Pipeline  pipeline.Runtime
	Emergency emergency.Runtime
}
