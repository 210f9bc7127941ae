package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
)

func TestCreateAdminMakesAnAccountThatCanSignInAndRefusesADuplicate(t *testing.T) {
	db, table := dynamotest.Table(t)
	ctx := context.Background()
	open := func(tb string) (*auth.Directory, error) { return directory(db, tb) }

	var out bytes.Buffer
	err := run(ctx, []string{"create-admin", "-table", table, "-login", "Root", "-name", "Первый Админ", "-password-stdin"},
		strings.NewReader("a-long-chosen-password\n"), &out, open)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "password:") {
		t.Errorf("a chosen password was echoed: %q", out.String())
	}

	out.Reset()
	if err := run(ctx, []string{"create-admin", "-table", table, "-login", "second", "-name", "Второй"}, strings.NewReader(""), &out, open); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no generated password printed: %q", out.String())
	}

	store := dynamo.New(db, table)
	tokens, err := auth.NewTokens("cli-test-secret-0123456789abcdef0123", time.Now)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := auth.NewService(auth.ServiceConfig{Store: store, Hasher: auth.OWASP, Tokens: tokens})
	if err != nil {
		t.Fatal(err)
	}
	for login, password := range map[string]string{"root": "a-long-chosen-password", "second": m[1]} {
		res, err := svc.Login(ctx, login, password)
		if err != nil || res.User.Role != auth.RoleAdmin {
			t.Errorf("sign in as %s: %+v %v", login, res.User, err)
		}
	}

	err = run(ctx, []string{"create-admin", "-table", table, "-login", "root", "-name", "Ещё"}, strings.NewReader(""), &out, open)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("duplicate: %v", err)
	}
	audit, _ := store.ListAudit(ctx, auth.ListOptions{})
	if len(audit.Items) != 2 || !strings.HasPrefix(audit.Items[0].ActorID, "cli:") {
		t.Errorf("audit %+v", audit.Items)
	}
}

func TestCreateAdminRefusesWhatTheAPIRefuses(t *testing.T) {
	open := func(string) (*auth.Directory, error) { t.Fatal("opened the table for a bad command"); return nil, nil }
	for _, args := range [][]string{
		nil,
		{"make-admin"},
		{"create-admin", "-login", "x", "-name", "y"},                     // no table (when TABLE_NAME is unset)
		{"create-admin", "-table", "t", "-name", "y"},                     // no login
		{"create-admin", "-table", "t", "-login", "x", "-password-stdin"}, // no name
	} {
		t.Setenv("TABLE_NAME", "")
		if err := run(context.Background(), args, strings.NewReader(""), &bytes.Buffer{}, open); err == nil {
			t.Errorf("%v was accepted", args)
		}
	}
	db, table := dynamotest.Table(t)
	err := run(context.Background(), []string{"create-admin", "-table", table, "-login", "root", "-name", "A", "-password-stdin"},
		strings.NewReader("short\n"), &bytes.Buffer{}, func(tb string) (*auth.Directory, error) { return directory(db, tb) })
	if err == nil || !strings.Contains(describe(err), "at least 10") {
		t.Errorf("short password: %v", describe(err))
	}
}
