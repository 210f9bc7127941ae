// Package bareroot runs built Lambda bootstraps the way the provided.al2023
// runtime does, but with even less around them: an empty root filesystem
// whose only file is a CA bundle, the environment template.yaml gives the
// function, and a stand-in Runtime API. A bootstrap that reaches its first
// GET /2018-06-01/runtime/invocation/next has passed its init.
package bareroot

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// NextPath is the Runtime API call a started bootstrap makes first.
const NextPath = "/2018-06-01/runtime/invocation/next"

// CABundle is where Amazon Linux 2023 and Debian keep the CA certificates;
// the SDK's TLS needs them, so the empty root gets this one file.
const CABundle = "/etc/ssl/certs/ca-certificates.crt"

// Result is how one start went.
type Result struct {
	ReachedNext bool
	Took        time.Duration
	// Output is the bootstrap's stdout and stderr (its init error, if any).
	Output string
}

// Root makes an empty root filesystem under dir holding the bootstrap at
// /var/task/bootstrap, the CA bundle, and the empty /tmp Lambda provides.
func Root(dir, bootstrap string) error {
	for _, d := range []string{"var/task", "tmp", filepath.Dir(strings.TrimPrefix(CABundle, "/"))} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return err
		}
	}
	if err := copyFile(CABundle, filepath.Join(dir, CABundle), 0o644); err != nil {
		return fmt.Errorf("CA bundle: %w", err)
	}
	return copyFile(bootstrap, filepath.Join(dir, "var/task/bootstrap"), 0o755)
}

func copyFile(from, to string, mode os.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Start runs /var/task/bootstrap chrooted into root with exactly env (plus
// AWS_LAMBDA_RUNTIME_API pointing at a stand-in) and waits up to timeout for
// its first /next. As root it chroots directly; otherwise it first enters a
// new user namespace, where chroot is allowed.
func Start(ctx context.Context, root string, env []string, timeout time.Duration) (Result, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Result{}, err
	}
	reached := make(chan struct{}, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == NextPath {
			select {
			case reached <- struct{}{}:
			default:
			}
			<-r.Context().Done() // hold the long poll, as Lambda does between events
			return
		}
		http.NotFound(w, r)
	})}
	go srv.Serve(ln)
	defer srv.Close()

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/var/task/bootstrap")
	cmd.Dir = "/"
	cmd.Env = append(append([]string{}, env...), "AWS_LAMBDA_RUNTIME_API="+ln.Addr().String())
	attr := &syscall.SysProcAttr{Chroot: root}
	if os.Geteuid() != 0 {
		attr.Cloneflags = syscall.CLONE_NEWUSER
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Geteuid(), Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getegid(), Size: 1}}
	}
	cmd.SysProcAttr = attr
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return Result{}, fmt.Errorf("start the bootstrap in %s: %w", root, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	res := Result{}
	select {
	case <-reached:
		res.ReachedNext, res.Took = true, time.Since(began)
		_ = cmd.Process.Kill()
		<-exited
	case err := <-exited:
		res.Output = fmt.Sprintf("exited before /next (%v)", err)
	case <-ctx.Done():
		_ = cmd.Process.Kill()
		<-exited
		res.Output = "no /next within " + timeout.String()
	}
	if out.Len() > 0 {
		res.Output += "\n" + out.String()
	}
	return res, nil
}
