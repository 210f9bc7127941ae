// Command import-load is ImportLoadFunction: triggered by every object
// created in the imports bucket, it loads a key user's outlet or route file
// once per object version — validates the whole file, writes the directory
// only when no row failed (or nothing, in a check-only run), keeps the load
// protocol and e-mails it with the error report attached.
package main

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/importloadfn"
	// Uploads may be legacy .xls workbooks: the reader registers itself
	// with sheets. Only this function imports it (the hourly job links the
	// loader to sweep, never to read).
	_ "aftersales/shared/sheets/biff"
)

func main() { fn.Start(importloadfn.New) }
