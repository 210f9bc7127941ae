// Command identity-api is IdentityApiFunction: login, logout, the caller's
// profile, and the admin routes for organisations, users and the audit log.
package main

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/identityfn"
)

func main() { fn.Start(identityfn.New) }
