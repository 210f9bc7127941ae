// Command auto-close is AutoCloseFunction: hourly, it reminds centres once
// and then closes acts whose timers ran out, finishes interrupted shipments
// and sends queued e-mails.
package main

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/autoclosefn"
)

func main() { fn.Start(autoclosefn.New) }
