// Command testsummary reads `go test -json` and prints each package's result,
// the output of failed tests, and one closing line "LABEL: N passed, N failed, N skipped".
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

func main() {
	label := flag.String("label", "go", "word before the closing line")
	flag.Parse()
	var passed, failed, skipped int
	output := map[string]*strings.Builder{}
	pkgs := map[string]string{}
	var failedTests []string
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			fmt.Println(sc.Text()) // build errors are not JSON
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output":
			if output[key] == nil {
				output[key] = &strings.Builder{}
			}
			output[key].WriteString(e.Output)
		case "pass", "fail", "skip":
			if e.Test == "" {
				pkgs[e.Package] = fmt.Sprintf("%-4s %s (%.1fs)", e.Action, e.Package, e.Elapsed)
				if e.Action == "fail" && output[key] != nil {
					failedTests = append(failedTests, key)
				}
				continue
			}
			switch e.Action {
			case "pass":
				passed++
			case "fail":
				failed++
				failedTests = append(failedTests, key)
			case "skip":
				skipped++
			}
		}
	}
	names := make([]string, 0, len(pkgs))
	for p := range pkgs {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, p := range names {
		fmt.Println(pkgs[p])
	}
	for _, k := range failedTests {
		fmt.Printf("\n--- FAIL %s\n%s", k, output[k])
	}
	fmt.Printf("%s: %d passed, %d failed, %d skipped\n", *label, passed, failed, skipped)
	if failed > 0 {
		os.Exit(1)
	}
}
