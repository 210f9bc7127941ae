// Command acts-api is ActsApiFunction: warranty acts, their comments and
// files, the product categories, exports and the OpenAPI document.
package main

import "aftersales/shared/wire"

func main() { wire.Start(wire.ActsAPI) }
