package localrun

import (
	"context"
	"strconv"

	"aftersales/shared/auth"
)

// The fixtures of authz_matrix_deskops.txt and authz_desk_roles_deskops.txt.
func init() {
	// priceListVersion is the own centre's price list version now (the
	// callers' centre: a save names the version it is based on).
	registerFixture("priceListVersion", func(ctx context.Context, e *matrixEnv, _ world) (string, error) {
		svc, err := matrixDesk(e)
		if err != nil {
			return "", err
		}
		p, err := svc.PriceList(ctx, matrixReception(e.own))
		return strconv.Itoa(p.Version), err
	})
	// executor is the own centre's technician of authz_desk_roles.txt
	// (an executor the own centre may assign). Not "technician": the
	// agenda's fixture of that name is a staff member of the world's centre.
	registerFixture("executor", func(ctx context.Context, e *matrixEnv, _ world) (string, error) {
		u, err := e.centreUser(ctx, auth.CentreTechnician)
		return u.ID, err
	})
}
