// Command orders-api is OrdersApiFunction: parts orders, shipments (urgent,
// dispatch with tracking, delivery) and the monthly compensation report.
package main

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/ordersapifn"
)

func main() { fn.Start(ordersapifn.New) }
