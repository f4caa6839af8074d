package fakeserver

// Schedule queues faults, each for the next Count requests of one endpoint
// ("" matching any). The zero Schedule is empty and ready to use; it is not
// safe for concurrent use (the fakes hold their lock).
type Schedule[F any] struct {
	queued []scheduled[F]
}

type scheduled[F any] struct {
	endpoint string
	count    int
	fault    F
}

// Add queues f for the next count requests of endpoint (at least one).
func (q *Schedule[F]) Add(endpoint string, count int, f F) {
	q.queued = append(q.queued, scheduled[F]{endpoint, max(count, 1), f})
}

// Take pops one request's worth of the first fault queued for endpoint.
func (q *Schedule[F]) Take(endpoint string) (F, bool) {
	for i, s := range q.queued {
		if s.endpoint != "" && s.endpoint != endpoint {
			continue
		}
		q.queued[i].count--
		if q.queued[i].count == 0 {
			q.queued = append(q.queued[:i], q.queued[i+1:]...)
		}
		return s.fault, true
	}
	var zero F
	return zero, false
}

// Pending is how many requests the queued faults are still to fail.
func (q *Schedule[F]) Pending() int {
	n := 0
	for _, s := range q.queued {
		n += s.count
	}
	return n
}

// Clear forgets every queued fault.
func (q *Schedule[F]) Clear() { q.queued = nil }
