// Command health is HealthFunction: GET /health reports whether DynamoDB, S3
// and SES answer.
package main

import "aftersales/shared/wire"

func main() { wire.Start(wire.Health) }
