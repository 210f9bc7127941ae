// Package deskdigest is the service centres' morning report of the front
// desk: each centre gets, once a day, its repair orders past their status
// norm — exactly the list its front desk shows as overdue at the report's
// time, read by the same query. It runs in DailyDigestFunction
// beside the acts' digest.
package deskdigest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/mailer"
	"aftersales/shared/notices"
)

// Centres lists the service centres (the identity store).
type Centres interface {
	ListTenants(ctx context.Context, kind auth.TenantKind, o auth.ListOptions) (auth.Page[auth.Tenant], error)
}

// Digest is the morning report.
type Digest struct {
	// Repairs are the front desk's orders, read as of the run's own time,
	// so a retried run lists what the first would have.
	Repairs   desk.RepairStore
	Centres   Centres
	Directory notices.Directory
	// Mail sends each centre's report once (mailer.Once), so a retried run
	// mails no centre twice the same morning.
	Mail     mailer.OnceSender
	Location *time.Location
	// Messages, when set, reminds each centre's customers of ready devices
	// not collected, and resends the customers' messages whose send failed.
	Messages Messenger
}

// Messenger tells customers (desk.Messenger and its Courier).
type Messenger interface {
	RemindUncollected(ctx context.Context, centre string, now time.Time) (int, error)
	Resend(ctx context.Context, now time.Time) (desk.Resent, error)
}

// Report counts what one run did.
type Report struct {
	Overdue, Centres int
	// Reminded counts orders whose customers got the uncollected reminder;
	// Resent the messages tried again, MessagesGaveUp those of them that
	// failed their last attempt.
	Reminded, Resent, MessagesGaveUp int
}

// GaveUp reports whether a customer's message was abandoned, which the
// function's log line flags for the "gave up" metric and alarm.
func (r Report) GaveUp() bool { return r.MessagesGaveUp > 0 }

// maxListed bounds one letter; the front desk shows the rest.
const maxListed = 200

// Run mails every centre with overdue orders at now its list. A failed
// centre does not stop the others; the failures are returned together.
func (d *Digest) Run(ctx context.Context, now time.Time) (Report, error) {
	var r Report
	people := notices.NewPeople(d.Directory)
	var errs []error
	for t, err := range auth.Walk(200, func(o auth.ListOptions) (auth.Page[auth.Tenant], error) {
		return d.Centres.ListTenants(ctx, auth.KindServiceCenter, o)
	}) {
		if err != nil {
			return r, errors.Join(append(errs, fmt.Errorf("list service centres: %w", err))...)
		}
		if t.Disabled {
			continue
		}
		n, err := d.centre(ctx, people, t, now)
		r.Overdue += n
		if err != nil {
			errs = append(errs, err)
		} else if n > 0 {
			r.Centres++
		}
		if d.Messages != nil {
			n, err := d.Messages.RemindUncollected(ctx, t.ID, now)
			r.Reminded += n
			if err != nil {
				errs = append(errs, fmt.Errorf("remind customers of %s: %w", t.ID, err))
			}
		}
	}
	if d.Messages != nil {
		rs, err := d.Messages.Resend(ctx, now)
		r.Resent, r.MessagesGaveUp = rs.Pending, rs.GaveUp
		if err != nil {
			errs = append(errs, fmt.Errorf("resend customers' messages: %w", err))
		}
	}
	return r, errors.Join(errs...)
}

// centre mails one centre its overdue orders, if it has any and an address.
func (d *Digest) centre(ctx context.Context, people *notices.People, t auth.Tenant, now time.Time) (int, error) {
	list, more, err := desk.OverdueAt(ctx, d.Repairs, t.ID, now, maxListed)
	if err != nil {
		return 0, err
	}
	if len(list) == 0 {
		return 0, nil
	}
	c, err := people.Centre(ctx, t.ID)
	if err != nil {
		return len(list), err
	}
	if len(c.Emails) == 0 {
		return len(list), nil
	}
	day := now.In(d.Location)
	m := mailer.Message{To: c.Emails, Text: Letter(c.Name, list, more, now),
		Subject: fmt.Sprintf("Заказы дольше нормы: %d (на %s)", len(list), day.Format("02.01.2006"))}
	if err := d.Mail.Send(ctx, "desk-digest/"+day.Format(time.DateOnly)+"/"+t.ID, m); err != nil {
		return len(list), fmt.Errorf("morning report of %s: %w", t.ID, err)
	}
	return len(list), nil
}

// Letter is the report's text: each order with its status, how long it
// has been there and the norm it passed, most overdue first.
func Letter(centre string, list []desk.RepairView, more bool, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Здравствуйте!\n\nЗаказы %s, которые находятся в своём статусе дольше нормы: %d.\n\n", centre, len(list))
	for _, r := range list {
		norm := r.DueAt.Sub(r.StatusSince)
		fmt.Fprintf(&b, "— %s, %s (%s): «%s» %s, норма %s, просрочен на %s.\n", r.Number, r.DeviceTitle, r.CustomerName,
			r.StatusName, hours(now.Sub(r.StatusSince)), hours(norm), hours(now.Sub(*r.DueAt)))
	}
	if more {
		fmt.Fprintf(&b, "\nПоказаны первые %d; полный список — на стойке приёма, фильтр «Просрочены».\n", len(list))
	}
	b.WriteString("\nЭто письмо отправлено автоматически, отвечать на него не нужно.\n")
	return b.String()
}

// hours shows a duration as people count it at a front desk: 5 ч, 2 д 3 ч.
func hours(d time.Duration) string {
	h := int(d / time.Hour)
	if h < 24 {
		if h == 0 {
			return fmt.Sprintf("%d мин", int(d/time.Minute))
		}
		return fmt.Sprintf("%d ч", h)
	}
	if h%24 == 0 {
		return fmt.Sprintf("%d д", h/24)
	}
	return fmt.Sprintf("%d д %d ч", h/24, h%24)
}
