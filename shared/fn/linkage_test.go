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
		// The carriers' HTTP adapters: only the hourly job calls carriers.
		cdek        = "aftersales/shared/carriers/cdek"
		russianPost = "aftersales/shared/carriers/russianpost"
		// The legacy .xls reader (sheets/biff) with xlsReader and the code
		// pages charmap initialises for it: only import-load reads uploads
		// (the imports API and the hourly job link sheets for its types;
		// 0.06–0.125 MB each); exports use xlsxwrite.
		xlsReader = "github.com/shakinm/xlsReader/xls"
		charmap   = "golang.org/x/text/encoding/charmap"
		biff      = "aftersales/shared/sheets/biff"
		// image/jpeg and image/png register their decoders at init, which
		// keeps them whole in a binary: no function links them, the photo
		// check walks the headers itself (acts/imagecheck, 0.125 MB less).
		jpeg = "image/jpeg"
		png  = "image/png"
		// The OpenAPI document (84 KB) is served by the health function.
		openapi = "aftersales/shared/openapi"
		// SMS to customers: only textsCustomers link it.
		sns = "github.com/aws/aws-sdk-go-v2/service/sns"
		// The PDF writer, the embedded Go fonts and the QR encoder: only
		// the documents function renders documents.
		fpdf     = "codeberg.org/go-pdf/fpdf"
		gofont   = "golang.org/x/image/font/gofont/goregular"
		qr       = "github.com/skip2/go-qrcode"
		pdfStack = "aftersales/shared/documents"
	)
	// The front desk texts customers right after a status change, the
	// morning job reminds them of uncollected devices.
	textsCustomers := map[string]bool{"desk-api": true, "daily-digest": true}
	// No function links a mail library (sesmail writes MIME with the
	// standard library), x/text's Unicode tables, which one pulled in, or a
	// phone library with every country's numbering plan (9 MB in the front
	// desk's binary; shared/phone reads the centres' countries).
	// Nor the SDK's configuration loader with the STS, SSO and SSO-OIDC
	// clients it links (1.8 MB; awsclient reads Lambda's environment).
	everywhere := []string{"github.com/wneessen/go-mail", "golang.org/x/text/secure/precis", "golang.org/x/text/unicode/norm",
		"github.com/nyaruka/phonenumbers", "github.com/aws/aws-sdk-go-v2/config", "github.com/aws/aws-sdk-go-v2/service/sts",
		"github.com/aws/aws-sdk-go-v2/service/sso", "github.com/aws/aws-sdk-go-v2/service/ssooidc"}
	scheduled := []string{s3, secrets, jwt, identity, sheets, imports, httpapi, xlsReader, charmap, jpeg, png, openapi}
	// The hourly job also sweeps loads a crash left processing: it needs
	// the loader, and with it S3 and the sheet reader; and it reads the
	// carriers' credentials from Secrets Manager to track parcels.
	autoClose := []string{jwt, identity, httpapi, jpeg, png, openapi, xlsReader, biff, charmap}
	notLinked := map[string][]string{
		"authorizer":   {s3, ses, sheets, imports, jpeg, png, openapi},
		"identity-api": {s3, ses, sheets, imports, jpeg, png, openapi},
		"health":       {secrets, jwt, identity, sheets, imports, dynamo, jpeg, png},
		"photo-check":  {ses, secrets, jwt, identity, sheets, imports, httpapi, openapi, jpeg, png},
		// The API functions read the token secret for their page-cursor key
		// (secrets.SignPageCursors), never to sign or check tokens. The acts
		// API sends each act event's e-mail right after its commit (SES).
		"acts-api":         {jwt, identity, imports, sheets, xlsReader, charmap, jpeg, png, openapi},
		"orders-api":       {s3, jwt, identity, imports, sheets, xlsReader, charmap, jpeg, png, openapi},
		"imports-api":      {ses, jwt, identity, jpeg, png, openapi, xlsReader, biff, charmap},
		"import-load":      {secrets, jwt, identity, httpapi, jpeg, png, openapi},
		"auto-close":       autoClose,
		"daily-digest":     scheduled,
		"weekly-shipments": scheduled,
		// The documents: the table and SES; no photos, tokens or sheets.
		// The PDF writer itself imports image/jpeg, image/png (the QR code
		// is a PNG) and x/text's code pages (for its non-Unicode fonts).
		"documents-api": {s3, secrets, jwt, identity, sheets, imports, xlsReader, openapi},
		// The front desk: its table and its customers' e-mail and SMS,
		// nothing of acts' photos.
		"desk-api": {s3, jwt, identity, sheets, imports, xlsReader, charmap, jpeg, png, openapi},
	}
	documents := []string{fpdf, gofont, qr, pdfStack}
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
		if name == "import-load" && !deps[biff] {
			t.Errorf("import-load does not link the .xls reader")
		}
		if name != "auto-close" {
			banned = append(banned, cdek, russianPost)
		} else if !deps[cdek] || !deps[russianPost] {
			t.Errorf("auto-close does not link the carriers' adapters")
		}
		if deps[sns] != textsCustomers[name] {
			t.Errorf("%s links SNS: %t, want %t", name, deps[sns], textsCustomers[name])
		}
		if name != "documents-api" {
			banned = append(banned, documents...)
		} else {
			for _, p := range documents {
				if !deps[p] {
					t.Errorf("documents-api does not link %s", p)
				}
			}
		}
		for _, p := range append(banned, everywhere...) {
			if deps[p] {
				t.Errorf("%s links %s, which it does not use", name, p)
			}
		}
	}
}
