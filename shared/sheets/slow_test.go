package sheets

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestFindSlow(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 300; i++ {
		prog := make([]byte, r.IntN(64))
		for j := range prog {
			prog[j] = byte(r.IntN(256))
		}
		start := time.Now()
		data, ok := generatedBook(t, prog, "a|1.5|dd.mm.yyyy", i%2 == 0, false)
		gen := time.Since(start)
		if !ok {
			continue
		}
		s2 := time.Now()
		readWith(openFast, data, Limits{})
		fast := time.Since(s2)
		s3 := time.Now()
		readWith(openReference, data, Limits{})
		ref := time.Since(s3)
		if gen+fast+ref > 200*time.Millisecond {
			t.Logf("%d: gen %v fast %v ref %v prog %x", i, gen, fast, ref, prog)
		}
	}
}
