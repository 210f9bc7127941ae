package openapi

import (
	"context"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestTheDocumentIsValidOpenAPI(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(Document)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// Methods reads the document by its layout; a full parser must find the
// same operations on the same paths.
func TestMethodsAreTheOperationsAFullParserFinds(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(Document)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for path, item := range doc.Paths.Map() {
		for m := range item.Operations() {
			want[path] = append(want[path], m)
		}
		slices.Sort(want[path])
	}
	got := Methods()
	if len(got) != len(want) || len(got) < 20 {
		t.Errorf("Methods found %d paths, the parser %d", len(got), len(want))
	}
	for path, ms := range want {
		if !slices.Equal(got[path], ms) {
			t.Errorf("%s: Methods %v, parser %v", path, got[path], ms)
		}
	}
}
