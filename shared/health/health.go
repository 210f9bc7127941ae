// Package health answers whether the services the system depends on are
// reachable, so an operator (or `make run`) can tell a broken stack at a glance.
package health

import (
	"context"
	"net/http"
	"sync"
	"time"

	"aftersales/shared/httpapi"
)

// Probe checks one dependency; a nil error means reachable.
type Probe func(ctx context.Context) error

// Report is the health answer: overall status and each dependency's.
type Report struct {
	Status string            `json:"status"` // "ok" or "degraded"
	Checks map[string]string `json:"checks"` // name → "ok" or the failure
}

// Checker runs named probes concurrently with a short timeout.
type Checker struct {
	Probes  map[string]Probe
	Timeout time.Duration
}

// Check runs every probe.
func (c Checker) Check(ctx context.Context) Report {
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	rep := Report{Status: "ok", Checks: map[string]string{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, probe := range c.Probes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := "ok"
			if err := probe(ctx); err != nil {
				res = err.Error()
			}
			mu.Lock()
			defer mu.Unlock()
			rep.Checks[name] = res
			if res != "ok" {
				rep.Status = "degraded"
			}
		}()
	}
	wg.Wait()
	return rep
}

// Routes registers GET /health: 200 when every dependency answers, 503 otherwise.
func (c Checker) Routes(rt *httpapi.Router) {
	rt.Public("GET /health", func(ctx context.Context, _ *httpapi.Request) (*httpapi.Response, error) {
		rep := c.Check(ctx)
		status := http.StatusOK
		if rep.Status != "ok" {
			status = http.StatusServiceUnavailable
		}
		return httpapi.JSON(status, rep), nil
	})
}
