package samtemplate

import (
	"os"
	"testing"
)

func TestTheRepositoryTemplateIsReadWithItsFunctionsTableAndBuckets(t *testing.T) {
	wd, _ := os.Getwd()
	path, err := Find(wd)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if tpl.Authorizer != "AuthorizerFunction" {
		t.Errorf("authorizer = %q, want AuthorizerFunction", tpl.Authorizer)
	}
	health, ok := tpl.Function("HealthFunction")
	// The health function also serves the OpenAPI document and the API's
	// catch-all route: all public.
	public := map[string]bool{}
	for _, r := range health.Routes {
		public[r.Key()] = r.Public
	}
	if !ok || health.Dir != "health" || len(public) != 4 || !public["GET /health"] || !public["GET /api/openapi.yaml"] ||
		!public["ANY /api/{proxy+}"] || !public["ANY /health"] {
		t.Errorf("health function read as %+v", health)
	}
	if len(tpl.Table.KeySchema) != 2 || len(tpl.Table.GlobalSecondaryIndexes) == 0 || tpl.Table.TimeToLiveSpecification.AttributeName == "" {
		t.Errorf("table read as %+v", tpl.Table)
	}
	envs := map[string]bool{}
	for _, b := range tpl.Buckets {
		envs[b.EnvVar] = b.Versioned
	}
	if versioned, ok := envs["IMPORTS_BUCKET"]; !ok || !versioned {
		t.Errorf("imports bucket missing or not versioned: %v", envs)
	}
	for _, env := range []string{"PHOTOS_BUCKET", "REPORTS_BUCKET"} {
		if _, ok := envs[env]; !ok {
			t.Errorf("no bucket carries %s: %v", env, envs)
		}
	}
}

func TestFolderNamesFollowTheMakefileRule(t *testing.T) {
	for id, want := range map[string]string{
		"HealthFunction":      "health",
		"IdentityApiFunction": "identity-api",
		"AutoCloseFunction":   "auto-close",
	} {
		if got := DirOf(id); got != want {
			t.Errorf("DirOf(%s) = %q, want %q", id, got, want)
		}
	}
}
