// Package tablefn builds the one table's store for the functions that use
// it, indexing acts by the configured timer policy.
package tablefn

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/shared/config"
	"aftersales/shared/dynamo"
	"aftersales/shared/fn"
	"aftersales/shared/timers"
)

// TimerPolicy is the act timers' periods: the defaults of
// orders-shipments.md unless the configuration overrides them.
func TimerPolicy(c config.Config) timers.Policy {
	p := timers.DefaultPolicy
	if c.SilentDelivery > 0 {
		p.SilentDelivery = c.SilentDelivery
	}
	if c.Reminder > 0 {
		p.Reminder = c.Reminder
	}
	return p
}

// Store is the configured table, its acts due by the configured policy:
// every function that writes acts must build its store here, so that all
// of them and the hourly job agree on the due index.
func Store(e *fn.Env) (*dynamo.Store, error) {
	if err := config.Require("TABLE_NAME", e.Config.TableName); err != nil {
		return nil, err
	}
	store := dynamo.New(dynamodb.NewFromConfig(e.AWS), e.Config.TableName).WithDue(TimerPolicy(e.Config).DueAt).
		WithLocation(e.Config.Location)
	if e.Cursors != nil {
		store = store.WithCursors(*e.Cursors)
	}
	return store, nil
}
