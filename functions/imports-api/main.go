// Command imports-api is ImportsApiFunction: upload forms for outlet and
// route files, load protocols and their error reports, and the outlet and
// route directories with their .xlsx exports.
package main

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/importsapifn"
)

func main() { fn.Start(importsapifn.New) }
