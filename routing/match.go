package routing

import "github.com/prometheus/alertmanager/template"

// Match returns the routes an alert with these labels lands on, in order:
// routes are tried in order, a route matches when its receiver regexp (if
// any) matches receiver and all its matchers match lbls, and the first
// match ends the search unless that route has continue set. A route without
// matchers matches every alert.
func (r *Router) Match(receiver string, lbls map[string]string) []*Route {
	var out []*Route
	r.walk(receiver, lbls, func(i int) { out = append(out, r.Routes[i]) })
	return out
}

// walk calls f with the index of each route that an alert matches, in order.
func (r *Router) walk(receiver string, lbls map[string]string, f func(i int)) {
	for i, rt := range r.Routes {
		if !rt.Matches(receiver, lbls) {
			continue
		}
		f(i)
		if !rt.Continue {
			return
		}
	}
}

// Matches reports whether the route accepts an alert with these labels sent
// to this Alertmanager receiver, regardless of the routes before it.
func (rt *Route) Matches(receiver string, lbls map[string]string) bool {
	if rt.Receiver != nil && !rt.Receiver.MatchString(receiver) {
		return false
	}
	return matches(rt.Matchers, lbls)
}

// Split groups the alerts of one webhook by route, keeping the routes'
// order; within a delivery the alerts keep their payload order. An alert
// that several routes match (continue) is in each of their deliveries.
// Alerts that match no route are returned as unrouted: the caller must log
// and count them.
func (r *Router) Split(receiver string, alerts template.Alerts) (deliveries []Delivery, unrouted template.Alerts) {
	byRoute := make([]template.Alerts, len(r.Routes))
	for _, a := range alerts {
		matched := false
		r.walk(receiver, a.Labels, func(i int) {
			byRoute[i] = append(byRoute[i], a)
			matched = true
		})
		if !matched {
			unrouted = append(unrouted, a)
		}
	}
	for i, as := range byRoute {
		if len(as) > 0 {
			deliveries = append(deliveries, Delivery{Route: r.Routes[i], Alerts: as})
		}
	}
	return deliveries, unrouted
}
