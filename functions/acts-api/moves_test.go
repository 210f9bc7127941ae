package main

import (
	"net/http"
	"testing"

	"aftersales/shared/acts"
	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// TestEveryDisallowedMoveIsRefusedThroughTheAPI puts an act in every status
// and tries every action as every role through the API. Each move the
// domain refuses (acts.Act.Next: see the full matrix in shared/acts) gets
// the same refusal over HTTP, and the act is left exactly as it was.
func TestEveryDisallowedMoveIsRefusedThroughTheAPI(t *testing.T) {
	needStack(t)
	people := map[auth.Role]*user{auth.RoleServiceCenter: h.centre, auth.RoleManager: h.manager, auth.RoleAdmin: h.admin}
	refused := 0
	for _, status := range acts.Statuses {
		t.Run(string(status), func(t *testing.T) {
			act := h.centre.fileAct(t)
			if status != acts.StatusDraft {
				act = force(t, act, status)
			}
			for _, action := range acts.APIActions {
				for role, u := range people {
					_, err := act.Next(action, role)
					if err == nil {
						continue // an allowed move: the end-to-end tests take those
					}
					refused++
					want := apperr.As(err)
					a := u.call(t, "POST", "/api/acts/"+act.ID+"/actions",
						map[string]any{"action": action, "version": act.Version, "reason": "Проверка"})
					if a.status != apperr.Status(want.Code) || a.code() != string(want.Code) {
						t.Errorf("%s by %s from %s: %d %s, want %d %s", action, role, status, a.status, a.code(), apperr.Status(want.Code), want.Code)
					}
				}
			}
			for _, action := range []acts.Action{acts.ActionShip, acts.ActionDeliver, acts.ActionReply, acts.ActionDelete, acts.ActionAutoRefuse, acts.ActionAutoRepair} {
				a := h.manager.call(t, "POST", "/api/acts/"+act.ID+"/actions", map[string]any{"action": action, "version": act.Version})
				if a.status != http.StatusBadRequest {
					t.Errorf("%s through the API: %d, want 400", action, a.status)
				}
			}
			if a := h.keyUser.call(t, "POST", "/api/acts/"+act.ID+"/actions", map[string]any{"action": "approve", "version": act.Version}); a.status != http.StatusForbidden {
				t.Errorf("a key user: %d, want 403", a.status)
			}
			if got := h.manager.read(t, act.ID); got.Version != act.Version || got.Status != status {
				t.Errorf("after the refusals the act is v%d %s, want v%d %s", got.Version, got.Status, act.Version, status)
			}
		})
	}
	if refused < 250 {
		t.Errorf("only %d refused moves tried", refused)
	}
	t.Logf("%d refused moves tried", refused)
}

// TestAnAllowedMoveOnAStaleVersionIsRefused shows the version guard on moves.
func TestAnAllowedMoveOnAStaleVersionIsRefused(t *testing.T) {
	needStack(t)
	act := force(t, h.centre.fileAct(t), acts.StatusSubmitted)
	a := h.manager.call(t, "POST", "/api/acts/"+act.ID+"/actions", map[string]any{"action": "refuse", "version": act.Version - 1, "reason": "Нет"})
	if a.status != http.StatusPreconditionFailed {
		t.Errorf("refuse on an old version: %d %s, want 412", a.status, a.raw)
	}
	if got := h.manager.read(t, act.ID); got.Status != acts.StatusSubmitted {
		t.Errorf("status = %s, want submitted", got.Status)
	}
}
