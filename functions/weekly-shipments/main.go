// Command weekly-shipments is WeeklyShipmentsFunction: on its schedule
// (Monday morning by default) it puts every order awaiting shipment into
// one shipment per service centre for the week.
package main

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/weeklyshipmentsfn"
)

func main() { fn.Start(weeklyshipmentsfn.New) }
