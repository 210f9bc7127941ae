// Command coldstart measures each function's start-up: the time from exec to
// the binary's first request for an event on a stand-in Lambda Runtime API,
// which is when Lambda would hand it the first invocation. It also prints each
// arm64 bootstrap's size (built by `make build`). The timing runs a same-flags
// build for this machine's architecture, since arm64 binaries cannot run here.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"time"
)

func main() {
	runs := flag.Int("runs", 15, "starts per function")
	flag.Parse()
	dirs, _ := filepath.Glob("functions/*")
	tmp, err := os.MkdirTemp("", "coldstart")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(tmp)
	fmt.Printf("%-16s %12s %14s %14s\n", "function", "arm64 size", "start median", "start p90")
	worstSize, worstStart := int64(0), time.Duration(0)
	for _, d := range dirs {
		name := filepath.Base(d)
		size := int64(-1)
		if st, err := os.Stat(filepath.Join("bin", name, "bootstrap")); err == nil {
			size = st.Size()
		}
		bin := filepath.Join(tmp, name)
		build := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w", "-o", bin, "./"+d)
		build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+runtime.GOARCH)
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "build %s: %v\n%s", name, err, out)
			os.Exit(1)
		}
		var times []time.Duration
		for i := 0; i < *runs; i++ {
			d, err := startTime(bin)
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
				os.Exit(1)
			}
			times = append(times, d)
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		med, p90 := times[len(times)/2], times[len(times)*9/10]
		fmt.Printf("%-16s %9.1f MB %11.1f ms %11.1f ms\n", name, float64(size)/(1<<20), ms(med), ms(p90))
		worstSize = max(worstSize, size)
		worstStart = max(worstStart, med)
	}
	fmt.Printf("largest bootstrap %.1f MB (target ≤ 10 MB); slowest median start %.1f ms (target ≤ 30 ms)\n",
		float64(worstSize)/(1<<20), ms(worstStart))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// startTime runs the binary against a Runtime API stub and returns how long
// it took to ask for its first event.
func startTime(bin string) (time.Duration, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	ready := make(chan time.Time, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case ready <- time.Now():
		default:
		}
		<-r.Context().Done() // hold the long poll, as Lambda does between events
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(),
		"AWS_LAMBDA_RUNTIME_API="+ln.Addr().String(),
		"AWS_LAMBDA_FUNCTION_NAME=bench", "AWS_REGION=eu-central-1",
		"AWS_ACCESS_KEY_ID=x", "AWS_SECRET_ACCESS_KEY=x",
		"TABLE_NAME=t", "PHOTOS_BUCKET=p", "IMPORTS_BUCKET=i", "REPORTS_BUCKET=r",
		"TOKEN_SECRET=0123456789abcdef0123456789abcdef", "AWS_LAMBDA_LOG_FORMAT=JSON",
	)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	select {
	case t := <-ready:
		return t.Sub(start), nil
	case <-time.After(10 * time.Second):
		return 0, fmt.Errorf("no request for an event within 10 s")
	}
}
