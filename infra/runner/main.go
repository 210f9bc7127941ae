// Command runner serves the whole system on this machine: the HTTP API and the
// web client on :3000, S3-triggered functions fed from moto's notifications,
// and the schedules of template.yaml. `make run` starts it after the emulators.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"aftersales/infra/localaws"
	"aftersales/infra/localrun"
)

func main() {
	if err := run(); err != nil {
		slog.Error("runner stopped", "error", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:3000", "address to serve on")
	prefix := flag.String("prefix", "aftersales-local", "name prefix of the local table, buckets and queue")
	web := flag.String("web", "web/dist", "folder of the built web client")
	secretFile := flag.String("secret-file", ".local/token-secret", "where the local token signing key is kept")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	secret, err := localSecret(*secretFile)
	if err != nil {
		return err
	}
	webDir := *web
	if _, err := os.Stat(filepath.Join(webDir, "index.html")); err != nil {
		webDir = ""
	}
	srv, err := localrun.New(ctx, localrun.Options{
		TemplatePath: "template.yaml",
		Prefix:       *prefix,
		Endpoints:    localaws.DefaultEndpoints(),
		WebDir:       webDir,
		TokenSecret:  secret,
		// Links in e-mails and the origin cookie-signed changes must come
		// from: this runner's own address.
		Env: map[string]string{"WEB_BASE_URL": "http://localhost:" + port(*addr)},
	})
	if err != nil {
		return err
	}
	logins, err := srv.SeedDemo(ctx)
	if err != nil {
		return fmt.Errorf("seed demo data: %w", err)
	}
	httpSrv := &http.Server{Addr: *addr, Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go srv.RunS3Events(ctx)
	go func() {
		if err := srv.RunSchedules(ctx); err != nil {
			slog.Error("schedules", "error", err)
		}
	}()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = httpSrv.Shutdown(shutdown)
	}()
	printBanner(*addr, webDir != "", logins)
	if err := httpSrv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func localSecret(path string) (string, error) {
	if b, err := os.ReadFile(path); err == nil && len(b) >= 32 {
		return string(b), nil
	}
	s := localrun.RandomSecret()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", err
	}
	return s, os.WriteFile(path, []byte(s), 0o600)
}

func printBanner(addr string, web bool, logins []localrun.DemoLogin) {
	base := "http://localhost:3000"
	fmt.Println()
	fmt.Println("aftersales is running")
	if web {
		fmt.Printf("  web client   %s/\n", base)
	} else {
		fmt.Printf("  web client   not built (web/dist missing)\n")
	}
	fmt.Printf("  API          %s/api/…   health: %s/health\n", base, base)
	fmt.Printf("  e-mails, SMS %s/_local/mail  (or: make mail)\n", base)
	fmt.Printf("  run a schedule now: curl -X POST %s/_local/schedules/<FunctionLogicalId>\n", base)
	fmt.Printf("  a parcel arrives:  curl -X POST %s/_local/carrier/delivered -d '{\"trackingNumber\":\"…\"}'  (the fake carrier; AutoCloseFunction then delivers it)\n", base)
	if len(logins) > 0 {
		fmt.Println("  demo logins (password for all below):")
		for _, l := range logins {
			fmt.Printf("    %-14s %-24s %s\n", l.Role, l.Login, l.Password)
		}
	}
	fmt.Println("Ctrl-C stops the runner and the emulators.")
	_ = addr
}

// port is the port of a listen address, 3000 when it names none.
func port(addr string) string {
	if _, p, err := net.SplitHostPort(addr); err == nil && p != "" {
		return p
	}
	return "3000"
}
