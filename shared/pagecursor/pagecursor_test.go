package pagecursor

import (
	"errors"
	"strings"
	"testing"
)

func TestASealedCursorOpensOnlyForItsScopeAndKey(t *testing.T) {
	c, err := FromSecret("0123456789abcdef0123456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	position := []byte(`{"PK":"ACT#1","SK":"2026"}`)
	cur := c.Seal("acts|GSI2", position)
	got, err := c.Open("acts|GSI2", cur)
	if err != nil || string(got) != string(position) {
		t.Fatalf("Open = %q, %v; want the sealed position", got, err)
	}
	other, _ := FromSecret("another secret of enough length!!")
	body, sig, _ := strings.Cut(cur, ".")
	forged := Random().Seal("acts|GSI2", []byte(`{"PK":"ACT#1","SK":"9999"}`))
	fBody, _, _ := strings.Cut(forged, ".")
	for name, tc := range map[string]struct {
		codec         Codec
		scope, cursor string
	}{
		"another scope":            {c, "acts|GSI1", cur},
		"another secret":           {other, "acts|GSI2", cur},
		"a position swapped in":    {c, "acts|GSI2", fBody + "." + sig},
		"no signature":             {c, "acts|GSI2", body},
		"an empty signature":       {c, "acts|GSI2", body + "."},
		"not base64":               {c, "acts|GSI2", "!!!." + sig},
		"a truncated signature":    {c, "acts|GSI2", cur[:len(cur)-2]},
		"an unsigned old cursor":   {c, "acts|GSI2", "eyJQSyI6IkFDVCMxIn0"},
		"the empty string":         {c, "acts|GSI2", ""},
		"scope and position moved": {c, "acts|GSI", cur},
	} {
		if _, err := tc.codec.Open(tc.scope, tc.cursor); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Open = %v, want ErrInvalid", name, err)
		}
	}
}

func TestTheKeyComesFromTheSecretAndIsSeparatedFromIt(t *testing.T) {
	a, _ := FromSecret("s3cret-s3cret-s3cret-s3cret-s3cret")
	b, _ := FromSecret("s3cret-s3cret-s3cret-s3cret-s3cret")
	if cur := a.Seal("x", []byte("p")); func() error { _, err := b.Open("x", cur); return err }() != nil {
		t.Error("two instances with the same secret must accept each other's cursors")
	}
	if string(a.key) == "s3cret-s3cret-s3cret-s3cret-s3cret" || len(a.key) != 32 {
		t.Error("the key must be derived (HMAC of the secret), not the secret itself")
	}
	if _, err := FromSecret(""); err == nil {
		t.Error("an empty secret must be refused")
	}
	if r1, r2 := Random(), Random(); string(r1.key) == string(r2.key) {
		t.Error("random codecs share a key")
	}
}
