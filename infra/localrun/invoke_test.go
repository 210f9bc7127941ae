package localrun

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentInvocationsOfOneFunctionKeepTheirOwnAnswers: Lambda gives
// an instance one event at a time, and aws-lambda-go's handler hands back
// its answer in a pooled buffer that the next invocation reuses. The runner
// invokes a function from many requests at once, so an answer read after
// the pool took its buffer back came out as another request's — once an
// authorizer verdict naming another caller (the authorization matrix's
// rare 403 for a centre on POST /api/acts, seen under load).
func TestConcurrentInvocationsOfOneFunctionKeepTheirOwnAnswers(t *testing.T) {
	s := &Server{handlers: map[string]any{}}
	s.register("Echo", func(_ context.Context, ev map[string]string) (map[string]string, error) { return ev, nil })
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				want := fmt.Sprintf("caller-%d-%d", g, i)
				out, err := s.Invoke(context.Background(), "Echo", map[string]string{"caller": want, "pad": "………………………………"})
				var got map[string]string
				if err == nil {
					err = json.Unmarshal(out, &got)
				}
				if err != nil || got["caller"] != want {
					select {
					case errs <- fmt.Sprintf("invocation for %s answered %q (%v)", want, out, err):
					default:
					}
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
