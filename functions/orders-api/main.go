// Command orders-api is OrdersApiFunction: parts orders, shipments (urgent,
// dispatch with tracking, delivery) and the monthly compensation report.
package main

import "aftersales/shared/wire"

func main() { wire.Start(wire.OrdersAPI) }
