package bareroot

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"aftersales/infra/samtemplate"
)

// standIns are values for the variables template.yaml sets, as CloudFormation
// would resolve them. A variable the template gains without a stand-in here
// fails the test, so the environment tested is always the template's.
var standIns = map[string]string{
	"STAGE":                "dev",
	"TABLE_NAME":           "aftersales-dev-Table-1ABC",
	"PHOTOS_BUCKET":        "aftersales-dev-photos-123456789012",
	"IMPORTS_BUCKET":       "aftersales-dev-imports-123456789012",
	"REPORTS_BUCKET":       "aftersales-dev-reports-123456789012",
	"SENDER_EMAIL":         "no-reply@shop.test",
	"TIME_ZONE":            "Europe/Moscow", // the parameter's default, which needs zone data
	"WEB_BASE_URL":         "https://d111111abcdef8.cloudfront.net",
	"TOKEN_SECRET_ARN":     "arn:aws:secretsmanager:eu-central-1:123456789012:secret:aftersales-dev-token-AbCdEf",
	"ORIGIN_VERIFY":        "origin-verify-value-from-secrets-manager",
	"CARRIER_SECRET_ARN":   "arn:aws:secretsmanager:eu-central-1:123456789012:secret:aftersales-dev-carrier-credentials-AbCdEf",
	"CARRIER_TRANSIT_DAYS": "cdek=7,russian_post=14,other=10",
	// The wholesaler's requisites, as an operator would type them (issue 15).
	"WHOLESALER_REQUISITES": `{"name": "ООО «Опт-Техника»", "inn": "7701234567", "address": "г. Москва, ул. Складская, д. 1"}`,
}

// lambdaEnv is what the Lambda service itself sets for every function.
var lambdaEnv = []string{
	"AWS_REGION=eu-central-1", "AWS_DEFAULT_REGION=eu-central-1",
	"AWS_ACCESS_KEY_ID=AKIDBAREROOT", "AWS_SECRET_ACCESS_KEY=bare-root-test", "AWS_SESSION_TOKEN=bare-root-test",
	"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST", "LAMBDA_TASK_ROOT=/var/task",
	"TZ=:UTC", "LANG=en_US.UTF-8", "PATH=/usr/local/bin:/usr/bin/:/bin:/opt/bin",
	// Secrets Manager is read at start-up (TOKEN_SECRET_ARN); offline the
	// functions take the key from TOKEN_SECRET, the variable used locally.
	"TOKEN_SECRET=bare-root-test-signing-key-0123456789abcdef0123456789abcdef",
	// The same for the carriers' credentials (CARRIER_SECRET_ARN): none
	// configured, so every carrier's adapter is off.
	"CARRIER_SECRET={}",
}

func functionEnv(t *testing.T, tpl *samtemplate.Template, fn samtemplate.Function) []string {
	t.Helper()
	vars := map[string]bool{}
	for k := range tpl.GlobalEnvironment {
		vars[k] = true
	}
	for k := range fn.Environment {
		vars[k] = true
	}
	env := append([]string{}, lambdaEnv...)
	env = append(env, "AWS_LAMBDA_FUNCTION_NAME=aftersales-dev-"+fn.LogicalID)
	names := make([]string, 0, len(vars))
	for k := range vars {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v, ok := standIns[k]
		if !ok {
			t.Fatalf("template.yaml gives %s the variable %s, which has no stand-in in this test: add one", fn.LogicalID, k)
		}
		env = append(env, k+"="+v)
	}
	return env
}

// build compiles every function for this machine's architecture with the
// Lambda build's flags into dir (one binary per functions/ folder).
func build(t *testing.T, repo, dir string, extra ...string) {
	t.Helper()
	args := append([]string{"build", "-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w"}, extra...)
	args = append(args, "-o", dir+string(os.PathSeparator), "./functions/...")
	cmd := exec.Command("go", args...)
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+runtime.GOARCH)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
}

func repoRoot(t *testing.T) (string, *samtemplate.Template) {
	t.Helper()
	path, tpl, err := samtemplate.Here()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(path), tpl
}

// TestEveryBootstrapStartsInAnEmptyRoot is the offline stand-in for a first
// deploy: each function, built as `make build` builds it, must get through
// its init with nothing around it but a CA bundle.
func TestEveryBootstrapStartsInAnEmptyRoot(t *testing.T) {
	repo, tpl := repoRoot(t)
	bins := t.TempDir()
	build(t, repo, bins)
	reached := 0
	for _, fn := range tpl.Functions {
		root := t.TempDir()
		if err := Root(root, filepath.Join(bins, fn.Dir)); err != nil {
			t.Fatalf("%s: %v", fn.LogicalID, err)
		}
		res, err := Start(context.Background(), root, functionEnv(t, tpl, fn), 10*time.Second)
		if err != nil {
			t.Fatalf("%s: %v", fn.LogicalID, err)
		}
		if !res.ReachedNext {
			t.Errorf("%s did not reach %s in an empty root: %s", fn.LogicalID, NextPath, res.Output)
			continue
		}
		reached++
		t.Logf("%-26s reached /next in %v", fn.LogicalID, res.Took.Round(time.Millisecond))
	}
	if len(tpl.Functions) < 11 {
		t.Errorf("template.yaml has %d functions, want at least the 11 of functions/", len(tpl.Functions))
	}
	fmt.Printf("bare root: %d/%d bootstraps reached /next\n", reached, len(tpl.Functions))
}

// TestBareRootCatchesMissingZoneData builds the same functions with
// shared/config/tzdata.go emptied (go build -overlay) and expects them to
// fail at init, as they would in provided.al2023: the test above would
// catch the import's removal.
func TestBareRootCatchesMissingZoneData(t *testing.T) {
	repo, tpl := repoRoot(t)
	work := t.TempDir()
	empty := filepath.Join(work, "tzdata.go")
	if err := os.WriteFile(empty, []byte("package config\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	overlay := filepath.Join(work, "overlay.json")
	spec := fmt.Sprintf(`{"Replace":{%q:%q}}`, filepath.Join(repo, "shared/config/tzdata.go"), empty)
	if err := os.WriteFile(overlay, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	bins := filepath.Join(work, "bin")
	build(t, repo, bins, "-overlay", overlay)
	fn, ok := tpl.Function("HealthFunction")
	if !ok {
		t.Fatal("template.yaml has no HealthFunction")
	}
	root := t.TempDir()
	if err := Root(root, filepath.Join(bins, fn.Dir)); err != nil {
		t.Fatal(err)
	}
	res, err := Start(context.Background(), root, functionEnv(t, tpl, fn), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if res.ReachedNext {
		t.Fatal("without embedded zone data the bootstrap still started: the bare root is not bare")
	}
	if !strings.Contains(res.Output, "Europe/Moscow") {
		t.Errorf("want the init error to name the time zone, got: %s", res.Output)
	}
}
