package agenda

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/mailer"
)

// Centres lists the service centres (the identity store).
type Centres interface {
	ListTenants(ctx context.Context, kind auth.TenantKind, o auth.ListOptions) (auth.Page[auth.Tenant], error)
}

// Reminders tell customers the day before that a technician comes. It
// runs in the daily scheduled job (business time zone): a run on day D
// reminds of the planned visits starting on D+1, each once per channel the
// customer consented to. A visit moved to another day is reminded anew;
// a cancelled or done one is not reminded.
type Reminders struct {
	Visits    Store
	Customers interface {
		Customer(ctx context.Context, id string) (desk.Customer, error)
	}
	Centres Centres
	// Email and SMS send each reminder once (mailer.Once over SES, and over
	// SNS for SMS), so a rerun of the job reminds nobody twice. A nil SMS:
	// the SMS reminders are counted as skipped.
	Email    mailer.OnceSender
	SMS      mailer.OnceSender
	Location *time.Location
}

// RemindReport counts what one run did.
type RemindReport struct {
	Visits, Email, SMS int
	// Skipped are visits with no customer on record, or whose customer
	// consented to no channel that has an address (and a sender).
	Skipped int
}

// Run reminds of tomorrow's visits of every active centre. A failed centre
// or message does not stop the others; the failures are returned together
// and the next run (or a retry) sends what is left, nothing twice.
func (r *Reminders) Run(ctx context.Context, now time.Time) (RemindReport, error) {
	var rep RemindReport
	var errs []error
	day := now.In(r.Location)
	from := time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, r.Location)
	to := from.AddDate(0, 0, 1)
	for t, err := range auth.Walk(200, func(o auth.ListOptions) (auth.Page[auth.Tenant], error) {
		return r.Centres.ListTenants(ctx, auth.KindServiceCenter, o)
	}) {
		if err != nil {
			return rep, errors.Join(append(errs, fmt.Errorf("list service centres: %w", err))...)
		}
		if !t.Disabled {
			errs = append(errs, r.centre(ctx, t, from, to, &rep))
		}
	}
	return rep, errors.Join(errs...)
}

func (r *Reminders) centre(ctx context.Context, t auth.Tenant, from, to time.Time, rep *RemindReport) error {
	vs, err := r.Visits.Visits(ctx, t.ID, "", from, to)
	if err != nil {
		return fmt.Errorf("tomorrow's visits of %s: %w", t.ID, err)
	}
	var errs []error
	for _, v := range vs {
		if v.Status != StatusPlanned {
			continue
		}
		rep.Visits++
		if err := r.visit(ctx, t, v, rep); err != nil {
			errs = append(errs, fmt.Errorf("remind of visit %s: %w", v.ID, err))
		}
	}
	return errors.Join(errs...)
}

// visit sends one visit's reminders: e-mail and SMS, each if the customer
// consented and has an address for it.
func (r *Reminders) visit(ctx context.Context, t auth.Tenant, v Visit, rep *RemindReport) error {
	if v.CustomerID == "" {
		rep.Skipped++
		return nil
	}
	cu, err := r.Customers.Customer(ctx, v.CustomerID)
	if err != nil {
		return fmt.Errorf("read customer %s: %w", v.CustomerID, err)
	}
	key := ReminderKey(v)
	sent := false
	var errs []error
	if cu.ConsentEmail && cu.Email != "" {
		m := mailer.Message{To: []string{cu.Email}, Subject: "Напоминание: завтра к вам приедет мастер — " + t.Name,
			Text: ReminderEmail(t.Name, cu.Name, v, r.Location)}
		if err := r.Email.Send(ctx, key+"/email", m); err != nil {
			errs = append(errs, err)
		} else {
			rep.Email++
			sent = true
		}
	}
	if cu.ConsentSMS && len(cu.Phones) > 0 && r.SMS != nil {
		m := mailer.Message{To: []string{cu.Phones[0]}, Text: ReminderSMS(t.Name, v, r.Location)}
		if err := r.SMS.Send(ctx, key+"/sms", m); err != nil {
			errs = append(errs, err)
		} else {
			rep.SMS++
			sent = true
		}
	}
	if !sent && len(errs) == 0 {
		rep.Skipped++
	}
	return errors.Join(errs...)
}

// ReminderKey names a visit's reminder for its current start: the ledger
// sends each key once, and a visit moved to another time gets a new one.
func ReminderKey(v Visit) string {
	return "visit/" + v.ID + "/reminder/" + v.Start.UTC().Format("20060102T1504Z")
}

// window is the visit's time as a customer reads it: 04.03.2026 с 10:00 до 12:00.
func window(v Visit, loc *time.Location) string {
	from, to := v.Start.In(loc), v.End.In(loc)
	return from.Format("02.01.2006") + " с " + from.Format("15:04") + " до " + to.Format("15:04")
}

// ReminderEmail is the e-mail's text.
func ReminderEmail(centre, customer string, v Visit, loc *time.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Здравствуйте, %s!\n\n", customer)
	fmt.Fprintf(&b, "Напоминаем: завтра, %s, к вам приедет мастер %s.\n", window(v, loc), centre)
	fmt.Fprintf(&b, "Цель визита: %s.\nАдрес: %s\n", strings.ToLower(v.Kind.Name()), v.Address)
	fmt.Fprintf(&b, "Контактное лицо: %s, %s\n", v.Contact.Name, v.Contact.Phone)
	b.WriteString("\nЕсли время не подходит, пожалуйста, позвоните в сервисный центр.\n\n" + centre + "\n")
	return b.String()
}

// ReminderSMS is the text message: short enough for two SMS in Cyrillic.
func ReminderSMS(centre string, v Visit, loc *time.Location) string {
	return centre + ": завтра " + window(v, loc) + " приедет мастер, " + v.Address
}
