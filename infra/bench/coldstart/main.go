// Command coldstart measures each function's size and start-up.
//
// Size: the linux/arm64 bootstrap built with the deployment's flags, beside
// its floor — a stub built with the same flags that makes exactly the AWS
// calls the function makes (read from its symbol table), with the SDK
// configuration as awsclient builds it, the Lambda runtime and the embedded
// zone data every function needs. What a function carries above its floor
// is its own code and libraries.
//
// Start-up: the time from exec to the binary's first request for an event
// on a stand-in Lambda Runtime API, which is when Lambda would hand it the
// first invocation. The timing runs a same-flags build for this machine's
// architecture, since arm64 binaries cannot run here.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"
)

// flags are the deployment's build flags (Makefile, template.yaml).
var flags = []string{"-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w"}

// sdk is where the AWS service clients live.
const sdk = "github.com/aws/aws-sdk-go-v2/service/"

// operation matches an AWS operation's method in a binary's symbol table:
// service package, client or presign client, operation.
var operation = regexp.MustCompile(`^` + regexp.QuoteMeta(sdk) + `(\w+)\.\(\*(Client|PresignClient)\)\.([A-Z]\w*)$`)

// call is one AWS operation a function makes, as a stub would make it.
type call struct{ service, stmt string }

func main() {
	runs := flag.Int("runs", 15, "starts per function")
	only := flag.String("only", "", "comma-separated functions to measure (default: all)")
	flag.Parse()
	dirs, _ := filepath.Glob("functions/*")
	if *only != "" {
		dirs = nil
		for _, name := range strings.Split(*only, ",") {
			if _, err := os.Stat(filepath.Join("functions", name, "main.go")); err != nil {
				fmt.Fprintf(os.Stderr, "no function %q: %v\n", name, err)
				os.Exit(2)
			}
			dirs = append(dirs, filepath.Join("functions", name))
		}
	}
	tmp, err := os.MkdirTemp("", "coldstart")
	check(err)
	defer os.RemoveAll(tmp)
	// Stubs must build inside the module to use its pinned versions.
	stubs, err := os.MkdirTemp("infra/bench/coldstart", "floorstub")
	check(err)
	defer os.RemoveAll(stubs)

	fmt.Printf("%-16s %10s %10s %8s %12s %10s  %s\n", "function", "arm64 size", "floor", "over", "start median", "start p90", "AWS operations")
	floors := map[string]int64{}
	worstOver, worstNoS3, worstStart := int64(0), int64(0), time.Duration(0)
	for _, d := range dirs {
		name := filepath.Base(d)
		size := buildSize(filepath.Join(tmp, name+".arm64"), "./"+d)
		uses := calls(tmp, "./"+d)
		key := services(uses)
		if _, ok := floors[stmts(uses)]; !ok {
			floors[stmts(uses)] = floorSize(stubs, tmp, uses)
		}
		bin := filepath.Join(tmp, name)
		build(bin, runtime.GOARCH, "./"+d)
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
		over := size - floors[stmts(uses)]
		fmt.Printf("%-16s %7.1f MB %7.1f MB %5.2f MB %9.1f ms %7.1f ms  %s\n", name, mb(size), mb(floors[stmts(uses)]), mb(over), ms(med), ms(p90), key)
		worstOver = max(worstOver, over)
		if !strings.Contains(key, "s3") {
			worstNoS3 = max(worstNoS3, size)
		}
		worstStart = max(worstStart, med)
	}
	// The verdicts compare bytes: sizes come in 64 KB steps (the linker
	// aligns each segment), so a size that prints as 10.0 MB may be 162
	// bytes over.
	fmt.Printf("most over its floor %.2f MB (goal ≤ 1 MB: %s); largest without S3 %.2f MB (goal ≤ 10 MB: %s); slowest median start %.1f ms (goal ≤ 15 ms: %s)\n",
		mb(worstOver), verdict(worstOver <= 1<<20), mb(worstNoS3), verdict(worstNoS3 <= 10<<20), ms(worstStart), verdict(worstStart <= 15*time.Millisecond))
}

// calls are the AWS operations pkg's binary calls, read from the symbol
// table of a build that keeps it: what the client code of its floor must
// hold. A function's floor is the SDK code for what it asks of AWS, not
// one call per client, so "over" is the function's own code and libraries.
func calls(tmp, pkg string) []call {
	bin := filepath.Join(tmp, "symbols")
	cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags=-w", "-o", bin, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=arm64")
	if b, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build %s: %v\n%s", pkg, err, b)
		os.Exit(1)
	}
	out, err := exec.Command("go", "tool", "nm", bin).Output()
	check(err)
	seen := map[string]bool{}
	var cs []call
	for _, l := range strings.Split(string(out), "\n") {
		f := strings.Fields(l)
		if len(f) < 3 {
			continue
		}
		m := operation.FindStringSubmatch(f[len(f)-1])
		if m == nil || m[3] == "Options" {
			continue
		}
		svc, op := m[1], m[3]
		stmt := fmt.Sprintf("_, _ = %s.NewFromConfig(cfg).%s(ctx, &%s.%sInput{})", svc, op, svc, op)
		if m[2] == "PresignClient" {
			// Presigning a POST form takes the PutObject input.
			in := strings.TrimPrefix(op, "Presign")
			if in == "PostObject" {
				in = "PutObject"
			}
			stmt = fmt.Sprintf("_, _ = %s.NewPresignClient(%s.NewFromConfig(cfg)).%s(ctx, &%s.%sInput{})", svc, svc, op, svc, in)
		}
		if !seen[stmt] {
			seen[stmt] = true
			cs = append(cs, call{svc, stmt})
		}
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].stmt < cs[j].stmt })
	return cs
}

// services names the clients calls use, "dynamodb(7)+s3(3)".
func services(cs []call) string {
	var names []string
	n := map[string]int{}
	for _, c := range cs {
		if n[c.service] == 0 {
			names = append(names, c.service)
		}
		n[c.service]++
	}
	for i, s := range names {
		names[i] = fmt.Sprintf("%s(%d)", s, n[s])
	}
	return strings.Join(names, "+")
}

func stmts(cs []call) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.stmt + "\n")
	}
	return b.String()
}

// floorSize builds the stub that makes just uses and returns its arm64 size.
func floorSize(stubs, tmp string, uses []call) int64 {
	dir, err := os.MkdirTemp(stubs, "stub")
	check(err)
	var imports, body strings.Builder
	imported := map[string]bool{}
	for _, c := range uses {
		if !imported[c.service] {
			imported[c.service] = true
			fmt.Fprintf(&imports, "\t%q\n", sdk+c.service)
		}
		fmt.Fprintf(&body, "\t\t%s\n", c.stmt)
	}
	src := fmt.Sprintf(`package main

import (
	"context"
	"encoding/json"
	_ "time/tzdata" // every function embeds it: provided.al2023 has no zoneinfo

	"github.com/aws/aws-lambda-go/lambda"

	"aftersales/shared/awsclient"
%s)

func main() {
	cfg, err := awsclient.Load()
	if err != nil {
		panic(err)
	}
	lambda.Start(func(ctx context.Context, ev json.RawMessage) (json.RawMessage, error) {
%s		return ev, nil
	})
}
`, imports.String(), body.String())
	check(os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644))
	return buildSize(filepath.Join(tmp, filepath.Base(dir)), "./"+dir)
}

// buildSize builds pkg for linux/arm64 into out and returns its size.
func buildSize(out, pkg string) int64 {
	build(out, "arm64", pkg)
	st, err := os.Stat(out)
	check(err)
	return st.Size()
}

func build(out, arch, pkg string) {
	cmd := exec.Command("go", append(append([]string{"build"}, flags...), "-o", out, pkg)...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+arch)
	if b, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build %s: %v\n%s", pkg, err, b)
		os.Exit(1)
	}
}

func verdict(met bool) string {
	if met {
		return "met"
	}
	return "not met"
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

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
