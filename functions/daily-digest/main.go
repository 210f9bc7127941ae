// Command daily-digest is DailyDigestFunction: each morning managers get the
// acts over the review target and centres their acts waiting for a reply.
package main

import "aftersales/shared/wire"

func main() { wire.Start(wire.DailyDigest) }
