package sheets_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoFunctionLinksExcelize keeps excelize, and the reflection-based
// copying it brings (which turns off the linker's dead-method elimination
// for the whole binary), out of every Lambda function: it is for tests.
func TestNoFunctionLinksExcelize(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "aftersales/functions/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 100 {
		t.Fatalf("go list named %d packages, too few to be the functions' dependencies", len(deps))
	}
	for _, p := range deps {
		if strings.Contains(p, "xuri/") || strings.Contains(p, "go-deepcopy") || p == "golang.org/x/net/html/charset" {
			t.Errorf("a function links %s", p)
		}
	}
}
