package acts

import (
	"fmt"
	"slices"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// Status is where an act stands in its life; see the table in acts.md.
type Status string

// The eleven statuses of an act.
const (
	StatusDraft           Status = "draft"
	StatusSubmitted       Status = "submitted"
	StatusInfoRequested   Status = "info_requested"
	StatusApproved        Status = "approved"
	StatusPaidOrder       Status = "paid_order"
	StatusPartsShipped    Status = "parts_shipped"
	StatusPartsDelivered  Status = "parts_delivered"
	StatusMismatchClaimed Status = "mismatch_claimed"
	StatusRepaired        Status = "repaired"
	StatusRefused         Status = "refused"
	StatusWithdrawn       Status = "withdrawn"
)

// Statuses lists every status in life order, for filters and tables that must
// cover all of them.
var Statuses = []Status{
	StatusDraft, StatusSubmitted, StatusInfoRequested, StatusApproved, StatusPaidOrder,
	StatusPartsShipped, StatusPartsDelivered, StatusMismatchClaimed,
	StatusRepaired, StatusRefused, StatusWithdrawn,
}

var statusLabels = map[Status]string{
	StatusDraft:           "Черновик",
	StatusSubmitted:       "На рассмотрении",
	StatusInfoRequested:   "Запрошена информация",
	StatusApproved:        "Гарантия подтверждена",
	StatusPaidOrder:       "Платный заказ",
	StatusPartsShipped:    "Запчасти отгружены",
	StatusPartsDelivered:  "Запчасти получены",
	StatusMismatchClaimed: "Заявлено несоответствие",
	StatusRepaired:        "Отремонтировано",
	StatusRefused:         "ОТКАЗ в ГО",
	StatusWithdrawn:       "Отозван",
}

// Label is the status as Russian users know it (e.g. «ОТКАЗ в ГО»); an unknown
// status shows its code rather than nothing.
func (s Status) Label() string {
	if l, ok := statusLabels[s]; ok {
		return l
	}
	return string(s)
}

// Valid reports whether s is one of the eleven statuses, for filters taken
// from a query string.
func (s Status) Valid() bool {
	_, ok := statusLabels[s]
	return ok
}

// Action is something a person or the scheduler does to an act that may move
// it to another status.
type Action string

// The actions. Every move between statuses is one of these.
const (
	ActionSubmit        Action = "submit"
	ActionDelete        Action = "delete" // Transition answers the empty Status: the act is removed, not moved
	ActionRequestInfo   Action = "request_info"
	ActionReply         Action = "reply" // a centre's comment or file on an info_requested act
	ActionApprove       Action = "approve"
	ActionPaidOrder     Action = "paid_order"
	ActionRefuse        Action = "refuse"
	ActionWithdraw      Action = "withdraw"
	ActionShip          Action = "ship"
	ActionDeliver       Action = "deliver"
	ActionClaimMismatch Action = "claim_mismatch"
	ActionMarkRepaired  Action = "mark_repaired"
	ActionReopen        Action = "reopen"
	// ActionResumeWindow: a manager judged the centre's comment after
	// delivery no obstacle and sends the act back to its window before the
	// automatic «Отремонтировано» (which starts again from then).
	ActionResumeWindow Action = "resume_window"
	ActionAutoRefuse   Action = "auto_refuse" // no reply before the deadline
	ActionAutoRepair   Action = "auto_repair" // delivered parts drew no claim in time
)

// Actions lists every action, for tables that must cover all of them.
var Actions = []Action{
	ActionSubmit, ActionDelete, ActionRequestInfo, ActionReply, ActionApprove, ActionPaidOrder,
	ActionRefuse, ActionWithdraw, ActionShip, ActionDeliver, ActionClaimMismatch,
	ActionMarkRepaired, ActionReopen, ActionResumeWindow, ActionAutoRefuse, ActionAutoRepair,
}

// ActorSystem is the role the scheduled jobs and the API itself act with: the
// timers (auto_refuse, auto_repair), weekly batching (ship) and the automatic
// request for missing photos after a submission (request_info). No user holds
// it; auth.Role.Valid rejects it, so it can never come from a token.
const ActorSystem auth.Role = "system"

var (
	centre = []auth.Role{auth.RoleServiceCenter}
	staff  = []auth.Role{auth.RoleManager, auth.RoleAdmin}
	both   = []auth.Role{auth.RoleServiceCenter, auth.RoleManager, auth.RoleAdmin}
	system = []auth.Role{ActorSystem}
	// staffOrSystem may ask for information or ship: people, or the API after
	// a submission with missing photos and the weekly batching.
	staffOrSystem = []auth.Role{auth.RoleManager, auth.RoleAdmin, ActorSystem}
	// bothOrSystem may deliver: the centre or a manager confirming, or the
	// hourly job from the carrier's answer or the transit days.
	bothOrSystem = []auth.Role{auth.RoleServiceCenter, auth.RoleManager, auth.RoleAdmin, ActorSystem}
)

// rule is who may take an action, the moves it makes (from → to), and the words
// that finish «Нельзя …» / "Cannot …" in errors.
type rule struct {
	actors []auth.Role
	moves  map[Status]Status
	ru, en string
}

// rules is the state machine of acts.md, one entry per action.
var rules = map[Action]rule{
	ActionSubmit: {centre, map[Status]Status{StatusDraft: StatusSubmitted},
		"отправить акт на рассмотрение", "submit an act"},
	ActionDelete: {centre, map[Status]Status{StatusDraft: ""},
		"удалить акт", "delete an act"},
	ActionRequestInfo: {staffOrSystem, map[Status]Status{StatusSubmitted: StatusInfoRequested},
		"запросить информацию по акту", "request information on an act"},
	ActionReply: {centre, map[Status]Status{StatusInfoRequested: StatusSubmitted},
		"ответить на запрос по акту", "reply on an act"},
	ActionApprove: {staff, map[Status]Status{StatusSubmitted: StatusApproved, StatusMismatchClaimed: StatusApproved},
		"одобрить акт", "approve an act"},
	ActionPaidOrder: {staff, map[Status]Status{StatusSubmitted: StatusPaidOrder},
		"оформить платный заказ по акту", "make a paid order of an act"},
	ActionRefuse: {staff, map[Status]Status{
		StatusSubmitted: StatusRefused, StatusInfoRequested: StatusRefused,
		StatusPaidOrder: StatusRefused, StatusMismatchClaimed: StatusRefused},
		"отказать в гарантии по акту", "refuse an act"},
	ActionWithdraw: {centre, map[Status]Status{StatusSubmitted: StatusWithdrawn, StatusInfoRequested: StatusWithdrawn},
		"отозвать акт", "withdraw an act"},
	ActionShip: {staffOrSystem, map[Status]Status{StatusApproved: StatusPartsShipped, StatusPaidOrder: StatusPartsShipped},
		"отгрузить запчасти по акту", "ship parts for an act"},
	ActionDeliver: {bothOrSystem, map[Status]Status{StatusPartsShipped: StatusPartsDelivered},
		"подтвердить получение запчастей по акту", "confirm delivery for an act"},
	ActionClaimMismatch: {centre, map[Status]Status{StatusPartsDelivered: StatusMismatchClaimed},
		"заявить несоответствие по акту", "claim a mismatch on an act"},
	ActionMarkRepaired: {both, map[Status]Status{
		StatusApproved: StatusRepaired, StatusPartsDelivered: StatusRepaired, StatusMismatchClaimed: StatusRepaired},
		"отметить акт отремонтированным", "mark an act repaired"},
	ActionReopen: {staff, map[Status]Status{
		StatusRepaired: StatusSubmitted, StatusRefused: StatusSubmitted, StatusWithdrawn: StatusSubmitted},
		"вернуть в работу акт", "reopen an act"},
	ActionResumeWindow: {staff, map[Status]Status{StatusMismatchClaimed: StatusPartsDelivered},
		"вернуть акт к ожиданию автоматического закрытия", "send an act back to its window before the automatic close"},
	ActionAutoRefuse: {system, map[Status]Status{StatusInfoRequested: StatusRefused},
		"автоматически закрыть акт отказом", "auto-refuse an act"},
	ActionAutoRepair: {system, map[Status]Status{StatusPartsDelivered: StatusRepaired},
		"автоматически закрыть акт как отремонтированный", "auto-close an act as repaired"},
}

// Transition returns the status an act in from reaches when role takes action
// a. It answers Forbidden when the role may never take the action, Conflict
// (naming the status) when the action is not allowed from this status, and
// Invalid for an unknown action. ActionDelete answers the empty Status.
//
// Transition knows only statuses and roles. The one rule that needs the act's
// fields — approved → repaired only when no parts are to be shipped — is
// enforced by Act.Next, which handlers should call instead.
func Transition(from Status, a Action, role auth.Role) (Status, error) {
	r, ok := rules[a]
	if !ok {
		return "", apperr.New(apperr.Invalid,
			fmt.Sprintf("Неизвестное действие «%s»", a), fmt.Sprintf("Unknown action %q", a))
	}
	if !slices.Contains(r.actors, role) {
		return "", &apperr.Error{
			Code:      apperr.Forbidden,
			Message:   "Недостаточно прав, чтобы " + r.ru,
			MessageEN: "Your role may not " + r.en,
			Details:   map[string]any{"action": a},
		}
	}
	to, ok := r.moves[from]
	if !ok {
		return "", &apperr.Error{
			Code:      apperr.Conflict,
			Message:   fmt.Sprintf("Нельзя %s в статусе «%s»", r.ru, from.Label()),
			MessageEN: fmt.Sprintf("Cannot %s in status %q", r.en, from),
			Details:   map[string]any{"action": a, "status": from},
		}
	}
	return to, nil
}

// CanEdit reports whether role may change an act's fields in status s. Managers
// and admins correct any act at any time (the seed: «мы же в свою очередь
// поправим акт»); a centre edits only its drafts and otherwise writes comments.
func CanEdit(s Status, role auth.Role) bool {
	return role.Staff() || role == auth.RoleServiceCenter && s == StatusDraft
}
