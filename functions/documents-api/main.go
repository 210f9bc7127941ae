// Command documents-api is DocumentsApiFunction: the printed documents of
// repair orders, warranty acts and compensation statements, as PDF.
package main

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/documentsfn"
)

func main() { fn.Start(documentsfn.New) }
