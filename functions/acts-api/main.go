// Command acts-api is ActsApiFunction: warranty acts, their comments and
// files, the product categories and exports.
package main

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/actsapifn"
)

func main() { fn.Start(actsapifn.New) }
