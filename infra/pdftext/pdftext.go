// Package pdftext reads a PDF's text back for tests, with poppler's
// `pdftotext -layout` (bash infra/tools/poppler.sh installs it; make test
// runs that first): what a reader of the document would see, in order.
package pdftext

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"testing"
)

// Text is the PDF's text, page after page, laid out as on the page.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 20)])
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatalf("pdftotext is missing: run bash infra/tools/poppler.sh (Debian's poppler-utils)")
	}
	cmd := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return string(out)
}

// InOrder is "" when every want appears in text, each after the one
// before; else what is missing, with the text.
func InOrder(text string, want ...string) string {
	at := 0
	for _, w := range want {
		i := strings.Index(text[at:], w)
		if i < 0 {
			return fmt.Sprintf("%q not found after position %d in:\n%s", w, at, text)
		}
		at += i + len(w)
	}
	return ""
}
