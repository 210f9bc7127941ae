// Package warrantyfn builds the warranty service (policy book, verdicts) on
// the configured table, for the functions that judge acts or serve the book.
package warrantyfn

import (
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/serialstore"
	"aftersales/shared/dynamo/warrantystore"
	"aftersales/shared/fn"
	"aftersales/shared/warranty"
)

// Service is the warranty service on store's table.
func Service(e *fn.Env, store *dynamo.Store) (*warranty.Service, error) {
	return warranty.New(warranty.Config{Books: warrantystore.New(store), Registry: serialstore.New(store),
		Claims: warrantystore.NewClaims(store), Clock: e.Now, Location: e.Config.Location})
}
