package localrun

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/infra/samtemplate"
	"aftersales/shared/auth"
	"aftersales/shared/fn"
)

func loadTemplate(t *testing.T) (*samtemplate.Template, string) {
	t.Helper()
	path, tpl, err := samtemplate.Here()
	if err != nil {
		t.Fatal(err)
	}
	return tpl, filepath.Dir(path)
}

// testSetup builds the functions' setup without emulators: building a
// handler makes no AWS call.
func testSetup(t *testing.T) *fn.Env {
	t.Helper()
	for k, v := range map[string]string{
		"TABLE_NAME": "t", "PHOTOS_BUCKET": "p", "IMPORTS_BUCKET": "i", "REPORTS_BUCKET": "r",
		"TOKEN_SECRET": "0123456789abcdef0123456789abcdef", "AWS_REGION": "eu-central-1",
		"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x",
	} {
		t.Setenv(k, v)
	}
	s, err := fn.NewEnv()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// buildFunction builds one function's handler, or reports why it cannot.
func buildFunction(t *testing.T, s *fn.Env, id string) any {
	t.Helper()
	b := Registry[id]
	if b == nil {
		t.Errorf("%s has no constructor in Registry", id)
		return nil
	}
	built, err := b(s)
	if err != nil {
		t.Errorf("build %s: %v", id, err)
		return nil
	}
	return built
}

func TestEveryTemplateFunctionIsServedByTheRunnerAndNothingElse(t *testing.T) {
	tpl, _ := loadTemplate(t)
	if err := CheckRegistry(tpl); err != nil {
		t.Fatal(err)
	}
}

func TestEveryFunctionIsBuiltFromItsOwnFolderByTheMakefile(t *testing.T) {
	tpl, root := loadTemplate(t)
	for _, fn := range tpl.Functions {
		if fn.BuildMethod != "makefile" {
			t.Errorf("%s: BuildMethod = %q, want makefile (SAM's Go builder cannot pass lambda.norpc)", fn.LogicalID, fn.BuildMethod)
		}
		if _, err := os.Stat(filepath.Join(root, "functions", fn.Dir, "main.go")); err != nil {
			t.Errorf("%s: functions/%s/main.go missing", fn.LogicalID, fn.Dir)
		}
	}
}

func TestRoutesOfEachFunctionMatchTheTemplateBothWays(t *testing.T) {
	tpl, _ := loadTemplate(t)
	s := testSetup(t)
	for _, fn := range tpl.Functions {
		built := buildFunction(t, s, fn.LogicalID)
		if built == nil {
			continue
		}
		rt, isRouter := built.(interface {
			RouteKeys() []string
		})
		if len(fn.Routes) == 0 {
			if isRouter {
				t.Errorf("%s serves HTTP routes but has no HttpApi events in the template", fn.LogicalID)
			}
			continue
		}
		if !isRouter {
			t.Errorf("%s has HttpApi events but is not built as a router", fn.LogicalID)
			continue
		}
		var want []string
		for _, r := range fn.Routes {
			want = append(want, r.Key())
		}
		sort.Strings(want)
		if got := rt.RouteKeys(); !slices.Equal(got, want) {
			t.Errorf("%s routes:\n handler:  %v\n template: %v", fn.LogicalID, got, want)
		}
	}
}

func TestPublicRoutesAreExactlyTheOnesTheTemplateLeavesWithoutAuthorizer(t *testing.T) {
	tpl, _ := loadTemplate(t)
	s := testSetup(t)
	for _, fn := range tpl.Functions {
		if len(fn.Routes) == 0 {
			continue
		}
		built := buildFunction(t, s, fn.LogicalID)
		if built == nil {
			continue
		}
		rt := built.(interface{ Roles(string) []auth.Role })
		for _, r := range fn.Routes {
			if public := rt.Roles(r.Key()) == nil; public != r.Public {
				t.Errorf("%s %s: public in handler = %v, in template = %v", fn.LogicalID, r.Key(), public, r.Public)
			}
		}
	}
}

func TestTriggeredFunctionsTakeTheirEventTypeAndHaveRetryLimits(t *testing.T) {
	tpl, _ := loadTemplate(t)
	s := testSetup(t)
	s3Type := reflect.TypeOf(events.S3Event{})
	schedType := reflect.TypeOf(events.EventBridgeEvent{})
	for _, fn := range tpl.Functions {
		if len(fn.S3) == 0 && len(fn.Schedules) == 0 {
			continue
		}
		if fn.RetryLimit == nil || *fn.RetryLimit > 2 || fn.OnFailure == "" {
			t.Errorf("%s is invoked asynchronously but lacks a retry limit (≤ 2) or an on-failure destination", fn.LogicalID)
		}
		built := buildFunction(t, s, fn.LogicalID)
		if built == nil {
			continue
		}
		ft := reflect.TypeOf(built)
		if ft.Kind() != reflect.Func || ft.NumIn() != 2 {
			t.Errorf("%s handler has type %s, want func(context.Context, event) error", fn.LogicalID, ft)
			continue
		}
		want := schedType
		if len(fn.S3) > 0 {
			want = s3Type
		}
		if ft.In(1) != want {
			t.Errorf("%s takes %s, want %s", fn.LogicalID, ft.In(1), want)
		}
	}
}
