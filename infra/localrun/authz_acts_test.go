package localrun

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"sync"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/fn/actsfn"
)

// The acts rows of the authorization matrix take these fixtures. Each call
// makes a fresh object, owned by the world's service centre, through the
// acts service exactly as the API would.
func init() {
	// act is a fresh draft of the seed's product (version 1).
	registerFixture("act", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		svc, err := matrixActs(e)
		if err != nil {
			return "", err
		}
		act, _, err := svc.Create(ctx, matrixCentre(w), acts.Fields{Article: new("ЭГК-1500 Энергопром")})
		return act.ID, err
	})
	// filedAct is the seed's act, submitted without photos: the system has
	// asked for them, so it is info_requested (version 2).
	registerFixture("filedAct", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		svc, err := matrixActs(e)
		if err != nil {
			return "", err
		}
		f, err := seedFields()
		if err != nil {
			return "", err
		}
		c := matrixCentre(w)
		act, _, err := svc.Create(ctx, c, f)
		if err != nil {
			return "", err
		}
		_, err = svc.Do(ctx, c, act.ID, acts.Move{Action: acts.ActionSubmit, Version: act.Version})
		return act.ID, err
	})
	// category is a fresh active category.
	registerFixture("category", func(ctx context.Context, e *matrixEnv, _ world) (string, error) {
		svc, err := matrixActs(e)
		if err != nil {
			return "", err
		}
		cat, err := svc.CreateCategory(ctx, auth.Caller{UserID: "authz-matrix", Role: auth.RoleManager}, "Матрица "+randomHex(4))
		return cat.ID, err
	})
}

// matrixCentre acts as a user of the world's service centre.
func matrixCentre(w world) auth.Caller {
	return auth.Caller{UserID: "authz-matrix-" + w.Name, Role: auth.RoleServiceCenter, Tenant: w.ServiceCenter}
}

var (
	matrixActsOnce sync.Once
	matrixActsSvc  *acts.Service
	matrixActsErr  error
)

// matrixActs is the acts service on the runner's table, with the default
// categories in place.
func matrixActs(e *matrixEnv) (*acts.Service, error) {
	matrixActsOnce.Do(func() {
		matrixActsSvc, _, matrixActsErr = actsfn.Service(e.srv.Env())
		if matrixActsErr == nil {
			matrixActsErr = matrixActsSvc.SeedCategories(context.Background())
		}
	})
	return matrixActsSvc, matrixActsErr
}

// seedFields are the seed's example act without its internal number, which
// may be used only once per centre.
func seedFields() (acts.Fields, error) {
	b, err := os.ReadFile("../../shared/acts/testdata/seed_act.json")
	if err != nil {
		return acts.Fields{}, err
	}
	var f acts.Fields
	if err := json.Unmarshal(b, &f); err != nil {
		return acts.Fields{}, err
	}
	f.InternalNumber = nil
	return f, nil
}

// isFileAnswer recognises the only successful answers that are not JSON: the
// OpenAPI document, .xlsx exports and the iCalendar feeds.
func isFileAnswer(contentType string) bool {
	return strings.HasPrefix(contentType, "application/yaml") || contentType == "application/pdf" ||
		strings.HasPrefix(contentType, "text/calendar") ||
		contentType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}
