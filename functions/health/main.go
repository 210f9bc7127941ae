// Command health is HealthFunction: GET /health reports whether DynamoDB, S3
// and SES answer.
package main

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/healthfn"
)

func main() { fn.Start(healthfn.New) }
