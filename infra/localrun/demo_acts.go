package localrun

import (
	"context"
	"fmt"

	"aftersales/shared/fn"
	"aftersales/shared/fn/actsfn"
)

// seedCategories gives the local stack the default product categories
// (acts.DefaultCategories), so a demo centre can file an act at once. It is
// idempotent, like the rest of the demo seed.
func seedCategories(ctx context.Context, env *fn.Env) error {
	svc, _, err := actsfn.Service(env)
	if err != nil {
		return err
	}
	if err := svc.SeedCategories(ctx); err != nil {
		return fmt.Errorf("seed demo categories: %w", err)
	}
	return nil
}
