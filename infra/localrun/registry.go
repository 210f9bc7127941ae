package localrun

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/actsapifn"
	"aftersales/shared/fn/authorizerfn"
	"aftersales/shared/fn/autoclosefn"
	"aftersales/shared/fn/dailydigestfn"
	"aftersales/shared/fn/deskapifn"
	"aftersales/shared/fn/documentsfn"
	"aftersales/shared/fn/healthfn"
	"aftersales/shared/fn/identityfn"
	"aftersales/shared/fn/importloadfn"
	"aftersales/shared/fn/importsapifn"
	"aftersales/shared/fn/ordersapifn"
	"aftersales/shared/fn/photocheckfn"
	"aftersales/shared/fn/weeklyshipmentsfn"
)

// Builder makes one function's handler; the result is anything lambda.NewHandler accepts.
type Builder func(*fn.Env) (any, error)

func build[H any](f func(*fn.Env) (H, error)) Builder {
	return func(e *fn.Env) (any, error) { return f(e) }
}

// Registry maps each template.yaml function (logical id) to the builder its
// main.go calls; it is the one place that imports every builder. A function
// in the template without an entry here, or an entry without a function,
// fails the runner's start and its tests.
var Registry = map[string]Builder{
	"HealthFunction":          build(healthfn.New),
	"AuthorizerFunction":      build(authorizerfn.New),
	"IdentityApiFunction":     build(identityfn.New),
	"ActsApiFunction":         build(actsapifn.New),
	"PhotoCheckFunction":      build(photocheckfn.New),
	"ImportsApiFunction":      build(importsapifn.New),
	"ImportLoadFunction":      build(importloadfn.New),
	"OrdersApiFunction":       build(ordersapifn.New),
	"WeeklyShipmentsFunction": build(weeklyshipmentsfn.New),
	"AutoCloseFunction":       build(autoclosefn.New),
	"DailyDigestFunction":     build(dailydigestfn.New),
	"DeskApiFunction":         build(deskapifn.New),
	// The printed documents (issue 15).
	"DocumentsApiFunction": build(documentsfn.New),
}
