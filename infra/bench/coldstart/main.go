// Command coldstart measures each function's size and start-up.
//
// Size: the linux/arm64 bootstrap built with the deployment's flags, beside
// its floor — a stub built with the same flags that links just the AWS
// clients the function links (the SDK configuration as awsclient builds it, those clients with one
// call each, the Lambda runtime and the embedded zone data every function
// needs). What a function carries above its floor is its own code and
// libraries.
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
	"runtime"
	"sort"
	"strings"
	"time"
)

// flags are the deployment's build flags (Makefile, template.yaml).
var flags = []string{"-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w"}

// client is one AWS service client a function may link: its package, and
// the statements a stub needs to construct it and make one call.
type client struct {
	name, pkg, use string
}

var clients = []client{
	{"dynamodb", "github.com/aws/aws-sdk-go-v2/service/dynamodb",
		`_, _ = dynamodb.NewFromConfig(cfg).GetItem(ctx, &dynamodb.GetItemInput{})`},
	{"s3", "github.com/aws/aws-sdk-go-v2/service/s3",
		`_, _ = s3.NewFromConfig(cfg).GetObject(ctx, &s3.GetObjectInput{}); _, _ = s3.NewPresignClient(s3.NewFromConfig(cfg)).PresignPostObject(ctx, &s3.PutObjectInput{})`},
	{"ses", "github.com/aws/aws-sdk-go-v2/service/ses",
		`_, _ = ses.NewFromConfig(cfg).SendEmail(ctx, &ses.SendEmailInput{})`},
	{"secretsmanager", "github.com/aws/aws-sdk-go-v2/service/secretsmanager",
		`_, _ = secretsmanager.NewFromConfig(cfg).GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{})`},
	{"sns", "github.com/aws/aws-sdk-go-v2/service/sns",
		`_, _ = sns.NewFromConfig(cfg).Publish(ctx, &sns.PublishInput{})`},
}

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

	fmt.Printf("%-16s %10s %10s %8s %12s %10s  %s\n", "function", "arm64 size", "floor", "over", "start median", "start p90", "AWS clients")
	floors := map[string]int64{}
	worstOver, worstNoS3, worstStart := int64(0), int64(0), time.Duration(0)
	for _, d := range dirs {
		name := filepath.Base(d)
		uses := linkedClients("./" + d)
		key := strings.Join(names(uses), "+")
		if _, ok := floors[key]; !ok {
			floors[key] = floorSize(stubs, tmp, uses)
		}
		size := buildSize(filepath.Join(tmp, name+".arm64"), "./"+d)
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
		over := size - floors[key]
		fmt.Printf("%-16s %7.1f MB %7.1f MB %5.2f MB %9.1f ms %7.1f ms  %s\n", name, mb(size), mb(floors[key]), mb(over), ms(med), ms(p90), key)
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

// linkedClients are the AWS service clients pkg links.
func linkedClients(pkg string) []client {
	out, err := exec.Command("go", "list", "-tags", "lambda.norpc", "-deps", pkg).Output()
	check(err)
	deps := map[string]bool{}
	for _, l := range strings.Fields(string(out)) {
		deps[l] = true
	}
	var uses []client
	for _, c := range clients {
		if deps[c.pkg] {
			uses = append(uses, c)
		}
	}
	return uses
}

func names(cs []client) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.name)
	}
	return out
}

// floorSize builds the stub that links just uses and returns its arm64 size.
func floorSize(stubs, tmp string, uses []client) int64 {
	dir, err := os.MkdirTemp(stubs, "stub")
	check(err)
	var imports, body strings.Builder
	for _, c := range uses {
		fmt.Fprintf(&imports, "\t%q\n", c.pkg)
		fmt.Fprintf(&body, "\t\t%s\n", c.use)
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
