package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"

	"github.com/prometheus/alertmanager/template"
)

// DeliveryKey identifies a page: the same key means the same message to the
// same person about the same alerts in the same state. It hashes the
// source (the Alertmanager's externalURL: two Alertmanager clusters are two
// sources), the Alertmanager receiver, group key, route and recipient
// names, the delivery's status, and each alert's fingerprint, start time
// and status (in fingerprint order, so Alertmanager's ordering does not
// matter).
func DeliveryKey(source, receiver, groupKey, route, recipient string, alerts template.Alerts) string {
	type item struct{ fp, start, status string }
	items := make([]item, 0, len(alerts))
	for _, a := range alerts {
		items = append(items, item{a.Fingerprint, strconv.FormatInt(a.StartsAt.UnixNano(), 10), a.Status})
	}
	sort.Slice(items, func(i, j int) bool {
		if items[i].fp != items[j].fp {
			return items[i].fp < items[j].fp
		}
		return items[i].start < items[j].start
	})
	h := sha256.New()
	write := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	write("v2")
	write(source)
	write(receiver)
	write(groupKey)
	write(route)
	write(recipient)
	write(deliveryStatus(alerts))
	for _, it := range items {
		write(it.fp)
		write(it.start)
		write(it.status)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// deliveryStatus is "firing" when any alert fires, else "resolved".
func deliveryStatus(alerts template.Alerts) string {
	if len(alerts.Firing()) > 0 {
		return "firing"
	}
	return "resolved"
}
