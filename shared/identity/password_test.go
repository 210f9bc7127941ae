package identity

import (
	"strings"
	"testing"
)

func TestPasswordsVerifyOnlyAgainstTheirOwnHash(t *testing.T) {
	h, err := OWASP.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q does not record the OWASP parameters", h)
	}
	if ok, err := OWASP.Verify(h, "correct horse battery"); !ok || err != nil {
		t.Errorf("the right password: %v %v", ok, err)
	}
	if ok, _ := OWASP.Verify(h, "correct horse batterY"); ok {
		t.Error("a wrong password verified")
	}
	if h2, _ := OWASP.Hash("correct horse battery"); h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestDummyHashUsesTheCurrentParameters(t *testing.T) {
	p, _, _, err := ParseArgon2id(OWASP.Dummy())
	if err != nil {
		t.Fatal(err)
	}
	if p != OWASP {
		t.Errorf("dummy hash parameters %+v, want %+v: regenerate dummyOWASP", p, OWASP)
	}
}

func TestTamperedHashesAreRefusedNotRun(t *testing.T) {
	for _, h := range []string{
		"",
		"plain",
		"$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", // 4 GiB
		"$argon2id$v=19$m=19456,t=1000,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=19456,t=2,p=1$!!$a2V5a2V5a2V5a2V5a2V5",
	} {
		if ok, err := OWASP.Verify(h, "x"); ok || err == nil {
			t.Errorf("Verify(%q) = %v, %v; want an error", h, ok, err)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	cases := []struct {
		password, login, code string
	}{
		{"123456789", "ivan", "too_short"},
		{"пароль123", "ivan", "too_short"}, // 9 characters, 15 bytes
		{"1234567890", "ivan", ""},
		{"пароль1234", "ivan", ""},
		{strings.Repeat("x", 257), "ivan", "too_long"},
		{"Ivan.Petrov", "ivan.petrov", "same_as_login"},
	}
	for _, c := range cases {
		got := ""
		if f := CheckPassword("password", c.password, c.login); len(f) > 0 {
			got = f[0].Code
		}
		if got != c.code {
			t.Errorf("CheckPassword(%.12q) = %q, want %q", c.password, got, c.code)
		}
	}
}

func TestGeneratedPasswordsPassThePolicyAndDiffer(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		p := GeneratePassword()
		if f := CheckPassword("password", p, ""); len(f) > 0 || len(p) != 16 || seen[p] {
			t.Fatalf("generated %q: %v (seen before: %v)", p, f, seen[p])
		}
		if strings.ContainsAny(p, "0O1lI") {
			t.Errorf("generated %q has a look-alike character", p)
		}
		seen[p] = true
	}
}
