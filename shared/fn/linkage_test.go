package fn_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestEachFunctionLinksOnlyWhatItUses pins the package graph the per-function
// builders exist for: a function links the AWS clients and domains it uses
// and not the others' (go list -deps is what the linker is given).
func TestEachFunctionLinksOnlyWhatItUses(t *testing.T) {
	const (
		s3       = "github.com/aws/aws-sdk-go-v2/service/s3"
		ses      = "github.com/aws/aws-sdk-go-v2/service/ses"
		secrets  = "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
		jwt      = "github.com/golang-jwt/jwt/v5"
		identity = "aftersales/shared/identity"
		sheets   = "aftersales/shared/sheets"
		imports  = "aftersales/shared/imports"
		httpapi  = "aftersales/shared/httpapi"
		dynamo   = "aftersales/shared/dynamo"
	)
	scheduled := []string{s3, secrets, jwt, identity, sheets, imports, httpapi}
	// The hourly job also sweeps loads a crash left processing: it needs
	// the loader, and with it S3 and the sheet reader.
	autoClose := []string{secrets, jwt, identity, httpapi}
	notLinked := map[string][]string{
		"authorizer":   {s3, ses, sheets, imports},
		"identity-api": {s3, ses, sheets, imports},
		"health":       {secrets, jwt, identity, sheets, imports, dynamo},
		"photo-check":  {ses, secrets, jwt, identity, sheets, imports, httpapi},
		// The API functions read the token secret for their page-cursor key
		// (secrets.SignPageCursors), never to sign or check tokens. The acts
		// API sends each act event's e-mail right after its commit (SES).
		"acts-api":         {jwt, identity, imports},
		"orders-api":       {s3, jwt, identity, imports},
		"imports-api":      {ses, jwt, identity},
		"import-load":      {secrets, jwt, identity, httpapi},
		"auto-close":       autoClose,
		"daily-digest":     scheduled,
		"weekly-shipments": scheduled,
	}
	for name, banned := range notLinked {
		out, err := exec.Command("go", "list", "-deps", "aftersales/functions/"+name).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", name, err, out)
		}
		deps := map[string]bool{}
		for _, p := range strings.Fields(string(out)) {
			deps[p] = true
		}
		if !deps["aftersales/shared/fn"] {
			t.Fatalf("%s does not start through shared/fn: %d packages listed", name, len(deps))
		}
		for _, p := range banned {
			if deps[p] {
				t.Errorf("%s links %s, which it does not use", name, p)
			}
		}
	}
}
