// Command authorizer is AuthorizerFunction, the HTTP API's Lambda
// authorizer: it checks the session token of every non-public request and
// hands the caller (user, role, tenant) to the route's function.
package main

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/authorizerfn"
)

func main() { fn.Start(authorizerfn.New) }
