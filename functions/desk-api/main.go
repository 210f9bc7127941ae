// Command desk-api is DeskApiFunction: the service centre's front desk —
// customers by phone, name or serial, their devices.
package main

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/deskapifn"
)

func main() { fn.Start(deskapifn.New) }
