package desk

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Status is where a repair order stands. The codes are fixed; each centre
// names and orders them and gives each a time norm (Settings).
type Status string

// The statuses of service-centre.md: the default chain Принят → … → Выдан,
// and the customer's refusal and «не подлежит ремонту», after which the
// device still waits to be collected. Only handed_over closes an order.
const (
	StatusAccepted     Status = "accepted"
	StatusDiagnostics  Status = "diagnostics"
	StatusApproval     Status = "approval"
	StatusWaitingParts Status = "waiting_parts"
	StatusInRepair     Status = "in_repair"
	StatusReady        Status = "ready"
	StatusHandedOver   Status = "handed_over"
	StatusRefused      Status = "refused"
	StatusUnrepairable Status = "unrepairable"
)

// StatusDef is one status of a centre's chain: its name there and its norm.
type StatusDef struct {
	Code Status `json:"code"`
	Name string `json:"name"`
	// NormHours is how long an order may stay in the status before it is
	// overdue; 0: no norm.
	NormHours int `json:"normHours"`
}

// DefaultChain is every centre's chain until it changes it: RemOnline-style
// norms in working practice — diagnostics in a day, parts within a week,
// a ready device collected within three days.
var DefaultChain = []StatusDef{
	{StatusAccepted, "Принят", 4},
	{StatusDiagnostics, "Диагностика", 24},
	{StatusApproval, "Согласование с клиентом", 24},
	{StatusWaitingParts, "Ожидает запчасти", 168},
	{StatusInRepair, "В ремонте", 48},
	{StatusReady, "Готов (можно забирать)", 72},
	{StatusHandedOver, "Выдан", 0},
	{StatusRefused, "Отказ клиента", 72},
	{StatusUnrepairable, "Не подлежит ремонту", 72},
}

// DefaultPrefix starts a centre's order numbers until it sets its own.
const DefaultPrefix = "СЦ"

// MaxNormHours bounds a norm: a year.
const MaxNormHours = 8760

// Settings are a centre's own: the order number prefix and its chain.
type Settings struct {
	Prefix  string      `json:"prefix"`
	Chain   []StatusDef `json:"chain"`
	Version int         `json:"version"`
}

// DefaultSettings are a centre's settings before it saves any.
func DefaultSettings() Settings {
	return Settings{Prefix: DefaultPrefix, Chain: slices.Clone(DefaultChain)}
}

// Def is the status's definition in the chain (zero when absent).
func (s Settings) Def(code Status) (StatusDef, bool) {
	i := slices.IndexFunc(s.Chain, func(d StatusDef) bool { return d.Code == code })
	if i < 0 {
		return StatusDef{}, false
	}
	return s.Chain[i], true
}

// DueAt is when an order that entered status at since becomes overdue;
// false for a status without a norm.
func (s Settings) DueAt(code Status, since time.Time) (time.Time, bool) {
	d, ok := s.Def(code)
	if !ok || d.NormHours <= 0 || code == StatusHandedOver {
		return time.Time{}, false
	}
	return since.Add(time.Duration(d.NormHours) * time.Hour), true
}

// normalizeSettings checks a centre's edit: every status exactly once
// (statuses can be renamed and reordered, never dropped — orders use them),
// names given, norms 0..MaxNormHours, a short prefix.
func normalizeSettings(in Settings) (Settings, error) {
	var errs fieldErrors
	errs.version(in.Version)
	if utf8.RuneCountInString(in.Prefix) > 10 || strings.ContainsAny(in.Prefix, " #") {
		errs.add("prefix", CodeTooLong, "Префикс — до 10 знаков без пробелов", "At most 10 characters, no blanks")
	}
	if in.Prefix == "" {
		in.Prefix = DefaultPrefix
	}
	seen := map[Status]bool{}
	for i, d := range in.Chain {
		f := "chain[" + strconv.Itoa(i) + "]"
		if _, known := DefaultSettings().Def(d.Code); !known || seen[d.Code] {
			errs.add(f+".code", CodeDuplicate, "Неизвестный или повторённый статус", "Unknown or repeated status")
		}
		seen[d.Code] = true
		errs.text(f+".name", &in.Chain[i].Name, 60, true)
		if d.NormHours < 0 || d.NormHours > MaxNormHours {
			errs.add(f+".normHours", CodeOutOfRange, "Норма — от 0 до "+strconv.Itoa(MaxNormHours)+" часов", "0 to 8760 hours")
		}
	}
	if len(seen) != len(DefaultChain) {
		errs.add("chain", CodeRequired, "В цепочке должны остаться все статусы: их используют заказы", "Every status must stay in the chain")
	}
	return in, errs.err()
}
