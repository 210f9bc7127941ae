// Command photo-check is PhotoCheckFunction: triggered by every object
// created under acts/ in the photos bucket, it checks the object's size and
// real type and attaches it to its act, or deletes it and records why.
package main

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/photocheckfn"
)

func main() { fn.Start(photocheckfn.New) }
