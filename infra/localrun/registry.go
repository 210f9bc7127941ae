package localrun

import "aftersales/shared/wire"

// Builder makes one function's handler; the result is anything lambda.NewHandler accepts.
type Builder func(*wire.Setup) (any, error)

func build[H any](f func(*wire.Setup) (H, error)) Builder {
	return func(s *wire.Setup) (any, error) { return f(s) }
}

// Registry maps each template.yaml function (logical id) to the constructor its
// main.go calls. A function in the template without an entry here, or an entry
// without a function, fails the runner's start and its tests.
var Registry = map[string]Builder{
	"HealthFunction":          build(wire.Health),
	"AuthorizerFunction":      build(wire.Authorizer),
	"IdentityApiFunction":     build(wire.IdentityAPI),
	"ActsApiFunction":         build(wire.ActsAPI),
	"PhotoCheckFunction":      build(wire.PhotoCheck),
	"ImportsApiFunction":      build(wire.ImportsAPI),
	"ImportLoadFunction":      build(wire.ImportLoad),
	"OrdersApiFunction":       build(wire.OrdersAPI),
	"WeeklyShipmentsFunction": build(wire.WeeklyShipments),
	"AutoCloseFunction":       build(wire.AutoClose),
	"DailyDigestFunction":     build(wire.DailyDigest),
}
