// Command daily-digest is DailyDigestFunction: each morning managers get the
// acts over the review target and centres their acts waiting for a reply.
package main

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/dailydigestfn"
)

func main() { fn.Start(dailydigestfn.New) }
