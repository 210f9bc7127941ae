package localrun

import (
	"context"
	"fmt"

	"aftersales/shared/wire"
)

// seedCategories gives the local stack the default product categories
// (acts.DefaultCategories), so a demo centre can file an act at once. It is
// idempotent, like the rest of the demo seed.
func seedCategories(ctx context.Context, setup *wire.Setup) error {
	svc, _, err := wire.NewActs(setup)
	if err != nil {
		return err
	}
	if err := svc.SeedCategories(ctx); err != nil {
		return fmt.Errorf("seed demo categories: %w", err)
	}
	return nil
}
