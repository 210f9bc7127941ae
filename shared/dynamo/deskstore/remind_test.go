package deskstore

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"aftersales/shared/agenda"
	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/mailstore"
	"aftersales/shared/mailer"
)

// recordingSender is the provider's side of mailer.Once: what was handed
// over to send, by recipient.
type recordingSender struct {
	mu   sync.Mutex
	sent []mailer.Message
}

func (s *recordingSender) Send(_ context.Context, m mailer.Message) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, m)
	return "id", nil
}

func (s *recordingSender) to() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, m := range s.sent {
		out = append(out, m.To...)
	}
	slices.Sort(out)
	return out
}

type centreList []auth.Tenant

func (l centreList) ListTenants(context.Context, auth.TenantKind, auth.ListOptions) (auth.Page[auth.Tenant], error) {
	return auth.Page[auth.Tenant]{Items: l}, nil
}

func TestTheCustomerIsRemindedOnceTheDayBeforeOnTheChannelsTheyConsentedTo(t *testing.T) {
	e := newAgendaEnv(t)
	ctx := context.Background()
	table := dynamo.New(e.db, e.table)
	email, sms := &recordingSender{}, &recordingSender{}
	r := &agenda.Reminders{Visits: e.store, Customers: e.store, Centres: centreList{{ID: "north", Name: "СЦ «Север»"}, {ID: "south", Name: "СЦ «Юг»"}},
		Email:    mailer.Once{Ledger: mailstore.New(table), Sender: email, Now: func() time.Time { return e.now }},
		SMS:      mailer.Once{Ledger: mailstore.New(table), Sender: sms, Now: func() time.Time { return e.now }},
		Location: msk}
	customer := func(c auth.Caller, name, phone, mail string, byEmail, bySMS bool) desk.Customer {
		cu, err := e.svc.CreateCustomer(ctx, c, desk.CustomerInput{Name: name, Phones: []string{phone}, Email: mail, ConsentEmail: byEmail, ConsentSMS: bySMS})
		if err != nil {
			t.Fatal(err)
		}
		return cu
	}
	both := customer(north, "Ольга Согласная", "+7 912 000-00-01", "olga@example.com", true, true)
	mailOnly := customer(north, "Павел Почтовый", "+7 912 000-00-02", "pavel@example.com", true, false)
	none := customer(north, "Нина Несогласная", "+7 912 000-00-03", "nina@example.com", false, false)
	southern := customer(south, "Юрий Южный", "+7 912 000-00-04", "yuri@example.com", true, false)
	visit := func(c auth.Caller, tech string, cu desk.Customer, day, hour int) agenda.Visit {
		in := visitInput(tech, mskAt(hour, 0).AddDate(0, 0, day), mskAt(hour+1, 0).AddDate(0, 0, day), "Адрес "+cu.Name)
		in.CustomerID = cu.ID
		return e.plan(t, c, in)
	}
	// The run is on 4 March at 07:00 Moscow; "tomorrow" is 5 March.
	e.now = mskAt(7, 0)
	tomorrow := visit(reception, "tech-1", both, 1, 10)
	visit(reception, "tech-2", mailOnly, 1, 23) // late in the evening: still tomorrow in Moscow
	visit(reception, "tech-1", none, 1, 14)
	cancelled := visit(reception, "tech-2", both, 1, 9)
	if _, err := e.agenda.SetStatus(ctx, reception, cancelled.ID, agenda.StatusInput{Status: agenda.StatusCancelled, Version: 1}); err != nil {
		t.Fatal(err)
	}
	visit(reception, "tech-1", mailOnly, 0, 18) // today: reminded by nobody
	visit(reception, "tech-1", mailOnly, 2, 10) // the day after tomorrow: tomorrow's run
	visit(staffCaller("tech-s"), "tech-s", southern, 1, 12)

	for run := 1; run <= 2; run++ {
		rep, err := r.Run(ctx, e.now)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := email.to(), []string{"olga@example.com", "pavel@example.com", "yuri@example.com"}; !slices.Equal(got, want) {
			t.Errorf("run %d: e-mails to %v, want %v", run, got, want)
		}
		if got, want := sms.to(), []string{"+79120000001"}; !slices.Equal(got, want) {
			t.Errorf("run %d: SMS to %v, want %v", run, got, want)
		}
		if run == 1 && (rep.Visits != 4 || rep.Email != 3 || rep.SMS != 1 || rep.Skipped != 1) {
			t.Errorf("first run's report %+v, want 4 visits, 3 e-mails, 1 SMS, 1 skipped", rep)
		}
	}
	first := email.sent[0]
	for _, m := range email.sent {
		if m.To[0] == "olga@example.com" {
			first = m
		}
	}
	for _, want := range []string{"Ольга Согласная", "05.03.2026 с 10:00 до 11:00", "Адрес Ольга Согласная", "СЦ «Север»"} {
		if !strings.Contains(first.Subject+first.Text, want) {
			t.Errorf("the e-mail does not say %q:\n%s\n%s", want, first.Subject, first.Text)
		}
	}

	// Moved to the 6th, the visit is reminded again by the next day's run.
	moved := visitInput("tech-1", mskAt(15, 0).AddDate(0, 0, 2), mskAt(16, 0).AddDate(0, 0, 2), "Адрес Ольга Согласная")
	moved.CustomerID, moved.Version = both.ID, tomorrow.Version
	if _, err := e.agenda.Update(ctx, reception, tomorrow.ID, moved); err != nil {
		t.Fatal(err)
	}
	e.now = mskAt(7, 0).AddDate(0, 0, 1)
	if _, err := r.Run(ctx, e.now); err != nil {
		t.Fatal(err)
	}
	if got := email.to(); len(got) != 5 || !slices.Contains(got, "pavel@example.com") || got[0] != "olga@example.com" || got[1] != "olga@example.com" {
		t.Errorf("after the next day's run e-mails went to %v, want Ольга's moved visit and Павел's of the 6th added", got)
	}
}
