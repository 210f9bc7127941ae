// Command mutation is `make bench`'s mutation test of the core rule
// packages: it applies each mutation of mutations.go — one small deliberate
// bug — on its own, runs the tests that guard that code, and counts the
// mutant killed when they fail. The source tree is never touched: each
// mutant is a copy of one file handed to the Go toolchain with -overlay, so
// an interrupted run leaves nothing behind. A mutant that does not compile
// is reported as invalid (a broken list entry), not as killed.
//
//	go run ./infra/mutation [-integration] [-only substring] [-v]
//
// Without -integration the mutants whose tests need DynamoDB Local are
// skipped and listed as such; `make bench` starts the emulators and passes it.
// The exit status is 0 whatever the score: it is a figure, not a gate.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	integration := flag.Bool("integration", false, "also run mutants whose tests need DynamoDB Local (AFTERSALES_INTEGRATION=1, DDB_PORT)")
	only := flag.String("only", "", "run only the mutations whose name contains this")
	verbose := flag.Bool("v", false, "print each mutant's test output")
	timeout := flag.Duration("timeout", 5*time.Minute, "longest one mutant's tests may run")
	flag.Parse()
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "mutation:", err)
		os.Exit(2)
	}
	tmp, err := os.MkdirTemp("", "mutation-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "mutation:", err)
		os.Exit(2)
	}
	defer os.RemoveAll(tmp)

	var killed, total, skipped int
	var survivors, invalid []string
	for i, m := range mutations {
		if *only != "" && !strings.Contains(m.Name, *only) {
			continue
		}
		if m.Integration && !*integration {
			skipped++
			continue
		}
		total++
		res, out := run(root, tmp, i, m, *timeout)
		fmt.Printf("%-8s %-16s %s\n", res, m.Pkg(), m.Name)
		if *verbose || res == resultInvalid {
			fmt.Println(indent(out))
		}
		switch res {
		case resultKilled:
			killed++
		case resultSurvived:
			survivors = append(survivors, m.Name+" ("+m.File+")")
		default:
			invalid = append(invalid, m.Name+": "+firstLine(out))
		}
	}
	fmt.Printf("\nmutation score: %d killed / %d mutants", killed, total)
	if total > 0 {
		fmt.Printf(" (%.0f%%)", 100*float64(killed)/float64(total))
	}
	if skipped > 0 {
		fmt.Printf("; %d needing DynamoDB Local not run (-integration)", skipped)
	}
	fmt.Println()
	for _, s := range survivors {
		fmt.Println("  survived:", s)
	}
	for _, s := range invalid {
		fmt.Println("  invalid: ", s)
	}
}

type result string

const (
	resultKilled   result = "killed"
	resultSurvived result = "SURVIVED"
	resultInvalid  result = "INVALID"
)

// run builds the mutant's overlay and runs its tests: killed when they fail
// to pass, invalid when the mutation does not apply or does not compile.
func run(root, tmp string, i int, m Mutation, timeout time.Duration) (result, string) {
	path := filepath.Join(root, m.File)
	src, err := os.ReadFile(path)
	if err != nil {
		return resultInvalid, err.Error()
	}
	if n := bytes.Count(src, []byte(m.From)); n != 1 {
		return resultInvalid, fmt.Sprintf("%q occurs %d times in %s, want once", m.From, n, m.File)
	}
	mutant := filepath.Join(tmp, fmt.Sprintf("mutant-%d.go", i))
	if err := os.WriteFile(mutant, bytes.Replace(src, []byte(m.From), []byte(m.To), 1), 0o644); err != nil {
		return resultInvalid, err.Error()
	}
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {path: mutant}})
	if err != nil {
		return resultInvalid, err.Error()
	}
	overlayFile := filepath.Join(tmp, fmt.Sprintf("overlay-%d.json", i))
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		return resultInvalid, err.Error()
	}
	pkgs := m.Tests
	if len(pkgs) == 0 {
		pkgs = []string{"./" + filepath.Dir(m.File)}
	}
	// go vet compiles the package and its tests: a mutant that does not build
	// is the list's fault, not a kill.
	if out, err := goCmd(root, timeout, append([]string{"vet", "-overlay=" + overlayFile}, pkgs...)...); err != nil {
		return resultInvalid, out
	}
	args := []string{"test", "-count=1", "-overlay=" + overlayFile}
	if m.Run != "" {
		args = append(args, "-run="+m.Run)
	}
	out, err := goCmd(root, timeout, append(args, pkgs...)...)
	if err != nil {
		return resultKilled, out
	}
	return resultSurvived, out
}

func goCmd(dir string, timeout time.Duration, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// moduleRoot is the folder of go.mod above the working directory.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("not inside the module")
	}
	return filepath.Dir(mod), nil
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > 30 {
		lines = append(lines[:30], "…")
	}
	return "    " + strings.Join(lines, "\n    ")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
