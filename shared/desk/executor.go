package desk

import (
	"context"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// ExecutorChange assigns an order to a colleague, or (empty) to nobody.
type ExecutorChange struct {
	ExecutorID string `json:"executorId"`
	Version    int    `json:"version"`
}

// AssignExecutor is the front desk's (re)assignment of an open order: the
// order moves to the new executor's «Мои заказы» in the same write.
func (s *Service) AssignExecutor(ctx context.Context, c auth.Caller, id string, in ExecutorChange) (RepairView, error) {
	if err := allow(c, frontDesk...); err != nil {
		return RepairView{}, err
	}
	var errs fieldErrors
	errs.version(in.Version)
	if err := errs.err(); err != nil {
		return RepairView{}, err
	}
	return s.change(ctx, c, id, in.Version, func(r *Repair, _ Settings, now time.Time) ([]Event, error) {
		if in.ExecutorID == r.ExecutorID {
			return nil, apperr.New(apperr.Conflict, "Этот исполнитель уже назначен", "Already the executor")
		}
		text := "Исполнитель снят"
		if in.ExecutorID != "" {
			u, err := s.executor(ctx, r.CentreID, in.ExecutorID)
			if err != nil {
				return nil, err
			}
			text = "Исполнитель: " + nameOf(u)
		}
		r.ExecutorID = in.ExecutorID
		return []Event{{At: now, By: c.UserID, Kind: "executor", Text: text}}, nil
	})
}

// nameOf is a user as the history names them: full name, else login.
func nameOf(u auth.User) string {
	if u.FullName != "" {
		return u.FullName
	}
	return u.Login
}
