// Command admin creates the first administrator of a deployed stack (or a
// local table), so no stack ever ships with a known password:
//
//	TABLE=$(aws cloudformation describe-stacks --stack-name aftersales-dev \
//	  --query "Stacks[0].Outputs[?OutputKey=='TableName'].OutputValue" --output text)
//	go run ./infra/admin create-admin -table "$TABLE" -login admin -name "Иван Иванов"
//
// The password is generated and printed once, or read from stdin with
// -password-stdin (e.g. `pass show aftersales | go run ./infra/admin …`).
// AWS credentials and region come from the usual SDK sources (AWS_PROFILE,
// AWS_REGION, …); AWS_ENDPOINT_URL_DYNAMODB points it at DynamoDB Local.
// The account is created through the same directory service as the admin
// API, so it is validated and audited the same way (actor "cli:<os user>").
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"

	"aftersales/infra/workstation"
	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/identity"
)

func main() {
	ctx := context.Background()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, func(table string) (*identity.Directory, error) {
		db, err := workstation.DynamoDB(ctx)
		if err != nil {
			return nil, err
		}
		return directory(db, table)
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "admin:", describe(err))
		os.Exit(1)
	}
}

// directory is the directory service on a table, with production hashing.
func directory(db dynamo.API, table string) (*identity.Directory, error) {
	return identity.NewDirectory(identity.DirectoryConfig{Store: identitystore.New(dynamo.New(db, table)), Hasher: identity.OWASP})
}

const usage = `usage: admin create-admin -login LOGIN -name "FULL NAME" [-email EMAIL] [-table TABLE] [-password-stdin]

Creates an administrator in the stack's table (-table, or $TABLE_NAME). The password is
generated and printed once unless -password-stdin reads it (one line, at least 10 characters).`

func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer, open func(table string) (*identity.Directory, error)) error {
	if len(args) == 0 || args[0] != "create-admin" {
		return errors.New(usage)
	}
	fs := flag.NewFlagSet("create-admin", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	table := fs.String("table", os.Getenv("TABLE_NAME"), "DynamoDB table of the stack (default $TABLE_NAME)")
	login := fs.String("login", "", "login of the new administrator")
	name := fs.String("name", "", "full name of the new administrator")
	email := fs.String("email", "", "e-mail (optional; may also be used to sign in)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from stdin instead of generating one")
	if err := fs.Parse(args[1:]); err != nil {
		return fmt.Errorf("%v\n%s", err, usage)
	}
	if *table == "" || *login == "" || *name == "" {
		return errors.New(usage)
	}
	password := ""
	if *fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read password: %w", err)
		}
		if password = strings.TrimRight(line, "\r\n"); password == "" {
			return errors.New("no password on stdin")
		}
	}
	dir, err := open(*table)
	if err != nil {
		return err
	}
	if _, exists, err := dir.FindUser(ctx, *login); err != nil {
		return fmt.Errorf("look up %s: %w", *login, err)
	} else if exists {
		return fmt.Errorf("a user %q already exists in %s; sign in as an admin to reset its password", *login, *table)
	}
	actor := auth.Caller{UserID: "cli:" + osUser(), Role: auth.RoleAdmin}
	u, generated, err := dir.CreateUser(ctx, actor, identity.NewUser{Login: *login, Email: *email, FullName: *name,
		Role: auth.RoleAdmin, Password: password})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created administrator %s (id %s) in %s\n", u.Login, u.ID, *table)
	if generated != "" {
		fmt.Fprintf(stdout, "password: %s\n(shown once; it is stored only as an argon2id hash)\n", generated)
	}
	return nil
}

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// describe shows application errors with their field messages, in English
// for the terminal.
func describe(err error) string {
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code == apperr.Internal {
		return err.Error()
	}
	msg := e.MessageEN
	for _, f := range e.Fields {
		msg += fmt.Sprintf("\n  %s: %s", f.Field, f.MessageEN)
	}
	return msg
}
