// Package acts is the warranty-act domain: the act and its fields, the status
// machine and who may move it, validation for drafts and submissions, photo
// kinds and their real types, queue priority and history diffs. It is plain
// Go with no infrastructure imports, so every rule is tested without AWS.
package acts

import (
	"fmt"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/eligibility"
)

// Act is one warranty claim for one product unit. Its form fields are embedded,
// so in JSON they sit beside the act's own facts.
type Act struct {
	ID string `json:"id"`
	// Number is the human number, sequential per year (FormatNumber), taken
	// at the first submission; a draft has none ("").
	Number          string `json:"number"`
	ServiceCenterID string `json:"serviceCenterId"`
	// ServiceCenterName is not stored with the act: the API fills it in
	// for staff, who see centres by name, never as raw ids.
	ServiceCenterName string `json:"serviceCenterName,omitempty"`
	Status            Status `json:"status"`
	// Version grows by one with every write; updates carry the version they
	// were based on so a stale one is refused instead of overwriting.
	Version int `json:"version"`
	Fields
	CreatedBy string    `json:"createdBy"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	// SubmittedAt is when the act last entered submitted (filing, a reply or a
	// reopen): the start of the manager's current review clock.
	SubmittedAt     *time.Time `json:"submittedAt,omitempty"`
	StatusChangedAt time.Time  `json:"statusChangedAt"`
	// ReplyDeadline is set while the act is info_requested; past it the act is
	// refused automatically.
	ReplyDeadline *time.Time `json:"replyDeadline,omitempty"`
	// OrderIDs are the parts orders its decisions made, oldest first: one per
	// approval or paid order (a mismatch ending in approval makes another).
	OrderIDs []string `json:"orderIds,omitempty"`
	// CompensationID is the record of the centre's own parts owed back when
	// its approval shipped nothing (orders.Order.ShipsNothing): no order,
	// only what the ledger and the compensation report read.
	CompensationID string `json:"-"`
	// Eligibility is the warranty verdict with its reasons, computed at
	// submission and again when the fields it reads change; nil before.
	Eligibility *eligibility.Result `json:"eligibility,omitempty"`
	// Parcels are the shipments that carried its parts, with their
	// tracking, as their dispatch recorded them (oldest first).
	Parcels []Parcel `json:"parcels,omitempty"`
	// RepairID is the centre's repair order the act was filed from
	// («Оформить гарантийный акт» on the front desk); the order links back
	// to the act in the same write (Write, CreateFromRepair).
	RepairID string `json:"repairId,omitempty"`
}

// Parcel is a shipment with the act's parts as the act shows it: the
// carrier, the tracking number and the carrier's tracking page.
type Parcel struct {
	ShipmentID     string `json:"shipmentId"`
	Carrier        string `json:"carrier"`
	TrackingNumber string `json:"trackingNumber"`
	TrackingURL    string `json:"trackingUrl,omitempty"`
}

// FormatNumber builds the human act number, e.g. 2026-000123, from the year
// and that year's sequence.
func FormatNumber(year, seq int) string { return fmt.Sprintf("%d-%06d", year, seq) }

// Next is Transition for this act: it adds the rule that needs the act's
// fields — an approved act is marked repaired directly only when it has no
// parts to ship (otherwise it waits for its shipment).
func (a Act) Next(action Action, role auth.Role) (Status, error) {
	to, err := Transition(a.Status, action, role)
	if err == nil && a.Status == StatusApproved && to == StatusRepaired && len(a.PartsToShip()) > 0 {
		return "", apperr.New(apperr.Conflict,
			"Нельзя отметить акт отремонтированным до получения запчастей",
			"Cannot mark the act repaired before its parts are delivered")
	}
	return to, err
}

// ReviewTarget is the longest an act should wait for a manager's decision (the
// seed promises 1–3 days); older submitted acts are overdue.
const ReviewTarget = 3 * 24 * time.Hour

// ReviewAge returns how long a submitted act has waited for a manager, in days,
// and whether that is past ReviewTarget. Acts in any other status are not
// waiting for review and answer 0, false.
func ReviewAge(a Act, now time.Time) (days float64, overdue bool) {
	if a.Status != StatusSubmitted || a.SubmittedAt == nil {
		return 0, false
	}
	age := now.Sub(*a.SubmittedAt)
	return age.Hours() / 24, age > ReviewTarget
}

// Less orders the managers' queue: pre-sale acts first (no warranty period,
// but the product is still unsold), then the longest waiting; acts never
// submitted go last, and the act number breaks ties so pages are stable.
func Less(a, b Act) bool {
	if pa, pb := a.preSale(), b.preSale(); pa != pb {
		return pa
	}
	switch {
	case a.SubmittedAt == nil || b.SubmittedAt == nil:
		if (a.SubmittedAt == nil) != (b.SubmittedAt == nil) {
			return b.SubmittedAt == nil
		}
	case !a.SubmittedAt.Equal(*b.SubmittedAt):
		return a.SubmittedAt.Before(*b.SubmittedAt)
	}
	return a.Number < b.Number
}

func (a Act) preSale() bool {
	return a.Appearance != nil && *a.Appearance == AppearancePreSale
}
