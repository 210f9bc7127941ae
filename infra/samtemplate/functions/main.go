// Command functions prints the logical id of every function in template.yaml,
// for scripts that check what sam build produced.
package main

import (
	"fmt"
	"os"

	"aftersales/infra/samtemplate"
)

func main() {
	tpl, err := samtemplate.Load("template.yaml")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, f := range tpl.Functions {
		fmt.Println(f.LogicalID)
	}
}
