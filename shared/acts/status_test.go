package acts

import (
	"slices"
	"testing"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// allowedMoves is acts.md's list of allowed moves, written out by hand with who
// may make each, so the matrix test checks the code against the spec rather
// than against itself.
var allowedMoves = []struct {
	from   Status
	action Action
	to     Status
	by     []auth.Role
}{
	{StatusDraft, ActionSubmit, StatusSubmitted, []auth.Role{auth.RoleServiceCenter}},
	{StatusDraft, ActionDelete, "", []auth.Role{auth.RoleServiceCenter}},

	{StatusSubmitted, ActionRequestInfo, StatusInfoRequested, []auth.Role{auth.RoleManager, auth.RoleAdmin, ActorSystem}},
	{StatusSubmitted, ActionApprove, StatusApproved, []auth.Role{auth.RoleManager, auth.RoleAdmin}},
	{StatusSubmitted, ActionPaidOrder, StatusPaidOrder, []auth.Role{auth.RoleManager, auth.RoleAdmin}},
	{StatusSubmitted, ActionRefuse, StatusRefused, []auth.Role{auth.RoleManager, auth.RoleAdmin}},
	{StatusSubmitted, ActionWithdraw, StatusWithdrawn, []auth.Role{auth.RoleServiceCenter}},

	{StatusInfoRequested, ActionReply, StatusSubmitted, []auth.Role{auth.RoleServiceCenter}},
	{StatusInfoRequested, ActionRefuse, StatusRefused, []auth.Role{auth.RoleManager, auth.RoleAdmin}},
	{StatusInfoRequested, ActionAutoRefuse, StatusRefused, []auth.Role{ActorSystem}},
	{StatusInfoRequested, ActionWithdraw, StatusWithdrawn, []auth.Role{auth.RoleServiceCenter}},

	{StatusApproved, ActionShip, StatusPartsShipped, []auth.Role{auth.RoleManager, auth.RoleAdmin, ActorSystem}},
	{StatusApproved, ActionMarkRepaired, StatusRepaired, []auth.Role{auth.RoleServiceCenter, auth.RoleManager, auth.RoleAdmin}},

	{StatusPaidOrder, ActionShip, StatusPartsShipped, []auth.Role{auth.RoleManager, auth.RoleAdmin, ActorSystem}},
	{StatusPaidOrder, ActionRefuse, StatusRefused, []auth.Role{auth.RoleManager, auth.RoleAdmin}},

	// The system delivers from the carrier's answer or the transit days
	// (orders-shipments.md, «Delivery nobody confirms»).
	{StatusPartsShipped, ActionDeliver, StatusPartsDelivered, []auth.Role{auth.RoleServiceCenter, auth.RoleManager, auth.RoleAdmin, ActorSystem}},

	{StatusPartsDelivered, ActionMarkRepaired, StatusRepaired, []auth.Role{auth.RoleServiceCenter, auth.RoleManager, auth.RoleAdmin}},
	{StatusPartsDelivered, ActionClaimMismatch, StatusMismatchClaimed, []auth.Role{auth.RoleServiceCenter}},
	{StatusPartsDelivered, ActionAutoRepair, StatusRepaired, []auth.Role{ActorSystem}},

	{StatusMismatchClaimed, ActionApprove, StatusApproved, []auth.Role{auth.RoleManager, auth.RoleAdmin}},
	{StatusMismatchClaimed, ActionMarkRepaired, StatusRepaired, []auth.Role{auth.RoleServiceCenter, auth.RoleManager, auth.RoleAdmin}},
	{StatusMismatchClaimed, ActionRefuse, StatusRefused, []auth.Role{auth.RoleManager, auth.RoleAdmin}},
	// «back to the window»: the manager resolves a comment that stopped the close.
	{StatusMismatchClaimed, ActionResumeWindow, StatusPartsDelivered, []auth.Role{auth.RoleManager, auth.RoleAdmin}},

	{StatusRepaired, ActionReopen, StatusSubmitted, []auth.Role{auth.RoleManager, auth.RoleAdmin}},
	{StatusRefused, ActionReopen, StatusSubmitted, []auth.Role{auth.RoleManager, auth.RoleAdmin}},
	{StatusWithdrawn, ActionReopen, StatusSubmitted, []auth.Role{auth.RoleManager, auth.RoleAdmin}},
}

func TestEveryStatusActionAndRoleGetsTheSpecsAnswer(t *testing.T) {
	// Who may ever take an action is the union of the rows above: a role
	// outside it is Forbidden everywhere; inside it, a status with no row for
	// the action is a Conflict.
	takers := map[Action][]auth.Role{}
	for _, m := range allowedMoves {
		for _, r := range m.by {
			if !slices.Contains(takers[m.action], r) {
				takers[m.action] = append(takers[m.action], r)
			}
		}
	}
	roles := append(slices.Clone(auth.Roles), ActorSystem)
	for _, from := range Statuses {
		for _, action := range Actions {
			for _, role := range roles {
				name := string(role) + " taking " + string(action) + " on a " + string(from) + " act"
				t.Run(name, func(t *testing.T) {
					got, err := Transition(from, action, role)
					wantCode, wantTo := apperr.Conflict, Status("")
					if !slices.Contains(takers[action], role) {
						wantCode = apperr.Forbidden
					}
					for _, m := range allowedMoves {
						if m.from == from && m.action == action && slices.Contains(m.by, role) {
							wantCode, wantTo = "", m.to
						}
					}
					gotCode := apperr.Code("")
					if err != nil {
						gotCode = apperr.CodeOf(err)
					}
					if got != wantTo || gotCode != wantCode {
						t.Errorf("Transition = %q, %q; want %q, %q", got, gotCode, wantTo, wantCode)
					}
				})
			}
		}
	}
}

func TestTheMatrixCoversEveryStatusAndAction(t *testing.T) {
	if len(Statuses) != 11 {
		t.Errorf("len(Statuses) = %d, want 11", len(Statuses))
	}
	if len(Actions) != 16 {
		t.Errorf("len(Actions) = %d, want 16", len(Actions))
	}
	for _, a := range Actions {
		if _, ok := rules[a]; !ok {
			t.Errorf("action %q has no rule", a)
		}
	}
}

func TestTransitionMessages(t *testing.T) {
	tests := []struct {
		name          string
		from          Status
		action        Action
		role          auth.Role
		wantCode      apperr.Code
		wantMessage   string
		wantMessageEN string
	}{
		{"approving a draft names the draft status in Russian", StatusDraft, ActionApprove, auth.RoleManager,
			apperr.Conflict, "Нельзя одобрить акт в статусе «Черновик»", `Cannot approve an act in status "draft"`},
		{"refusing a repaired act names the closed status", StatusRepaired, ActionRefuse, auth.RoleAdmin,
			apperr.Conflict, "Нельзя отказать в гарантии по акту в статусе «Отремонтировано»", `Cannot refuse an act in status "repaired"`},
		{"a centre approving is told it lacks the rights", StatusSubmitted, ActionApprove, auth.RoleServiceCenter,
			apperr.Forbidden, "Недостаточно прав, чтобы одобрить акт", "Your role may not approve an act"},
		{"an unknown action is invalid input", StatusSubmitted, Action("explode"), auth.RoleManager,
			apperr.Invalid, "Неизвестное действие «explode»", `Unknown action "explode"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Transition(tt.from, tt.action, tt.role)
			e := apperr.As(err)
			if e.Code != tt.wantCode || e.Message != tt.wantMessage || e.MessageEN != tt.wantMessageEN {
				t.Errorf("got %q %q %q; want %q %q %q", e.Code, e.Message, e.MessageEN, tt.wantCode, tt.wantMessage, tt.wantMessageEN)
			}
		})
	}
}

func TestEveryStatusHasARussianLabel(t *testing.T) {
	want := map[Status]string{
		StatusDraft: "Черновик", StatusSubmitted: "На рассмотрении", StatusInfoRequested: "Запрошена информация",
		StatusApproved: "Гарантия подтверждена", StatusPaidOrder: "Платный заказ",
		StatusPartsShipped: "Запчасти отгружены", StatusPartsDelivered: "Запчасти получены",
		StatusMismatchClaimed: "Заявлено несоответствие", StatusRepaired: "Отремонтировано",
		StatusRefused: "ОТКАЗ в ГО", StatusWithdrawn: "Отозван",
	}
	for _, s := range Statuses {
		if got := s.Label(); got != want[s] || !s.Valid() {
			t.Errorf("%q.Label() = %q, Valid = %v; want %q, true", s, got, s.Valid(), want[s])
		}
	}
	if got := Status("lost").Label(); got != "lost" {
		t.Errorf("an unknown status shows %q, want its code", got)
	}
}

func TestCanEdit(t *testing.T) {
	tests := []struct {
		name   string
		status Status
		role   auth.Role
		want   bool
	}{
		{"a centre edits its draft", StatusDraft, auth.RoleServiceCenter, true},
		{"a centre cannot edit a submitted act", StatusSubmitted, auth.RoleServiceCenter, false},
		{"a centre cannot edit an act waiting for its reply", StatusInfoRequested, auth.RoleServiceCenter, false},
		{"a manager corrects a submitted act", StatusSubmitted, auth.RoleManager, true},
		{"an admin corrects a closed act", StatusRefused, auth.RoleAdmin, true},
		{"a key user edits nothing", StatusDraft, auth.RoleKeyUser, false},
		{"the system edits no fields", StatusDraft, ActorSystem, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanEdit(tt.status, tt.role); got != tt.want {
				t.Errorf("CanEdit(%q, %q) = %v, want %v", tt.status, tt.role, got, tt.want)
			}
		})
	}
}
