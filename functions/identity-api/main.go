// Command identity-api is IdentityApiFunction: login, logout, the caller's
// profile, and the admin routes for organisations, users and the audit log.
package main

import "aftersales/shared/wire"

func main() { wire.Start(wire.IdentityAPI) }
