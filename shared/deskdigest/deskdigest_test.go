package deskdigest_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/deskdigest"
	"aftersales/shared/dynamo/deskstore"
	"aftersales/shared/phone"
)

// TestTheMorningReportListsExactlyTheOrdersPastTheirNorm moves an injected
// clock past some orders' norms: the front desk's overdue list and the
// centre's morning report (sent through SES to moto) name exactly those,
// a second run the same morning sends nothing, and a centre with nothing
// overdue gets no report.
func TestTheMorningReportListsExactlyTheOrdersPastTheirNorm(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	store := deskstore.New(e.F.Store)
	cfg := desk.Config{Store: store, Repairs: store, Staff: e.F.People, Phones: phone.Parse, Location: e.Env.Config.Location, Clock: e.Clock.Now}
	svc, err := desk.NewService(cfg)
	if err != nil {
		t.Fatal(err)
	}
	north, south := e.Centre("north"), e.Centre("south")
	intake := func(c auth.Caller, phone string) desk.RepairView {
		t.Helper()
		r, err := svc.CreateRepair(e.Ctx, c, desk.NewRepair{Customer: &desk.CustomerInput{Name: "Клиент", Phones: []string{phone}},
			Device: &desk.DeviceInput{Category: "Газонокосилка", Model: "ГК-1500"}, Intake: desk.Intake{Complaint: "Не заводится"}})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	start := e.Clock.Now()
	late := intake(north, "+7 934 000-00-01") // accepted: norm 4 h
	e.Clock.Set(start.Add(3 * time.Hour))
	onTime := intake(north, "+7 934 000-00-02")
	inDiag := intake(north, "+7 934 000-00-03")
	if _, err := svc.Move(e.Ctx, north, inDiag.ID, desk.StatusMove{Status: desk.StatusDiagnostics, Version: inDiag.Version}); err != nil {
		t.Fatal(err) // diagnostics: norm 24 h
	}
	intake(south, "+7 934 000-00-04")

	morning := start.Add(5 * time.Hour) // late is 1 h past its norm; the others are within theirs
	e.Clock.Set(morning)
	list, err := svc.Overdue(e.Ctx, north, desk.RepairFilter{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].ID != late.ID {
		t.Fatalf("the overdue list: %+v, want only %s", list.Items, late.Number)
	}

	d := &deskdigest.Digest{Repairs: store, Centres: e.F.People, Directory: e.F.People, Mail: e.F.Once, Location: e.Env.Config.Location}
	rep, err := d.Run(e.Ctx, morning)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Overdue != 1 || rep.Centres != 1 {
		t.Errorf("report %+v, want one overdue order at one centre", rep)
	}
	if _, err := d.Run(e.Ctx, morning); err != nil {
		t.Fatal(err)
	}
	var reports []string
	for _, m := range e.Mails() {
		if strings.HasPrefix(m.Subject, "Заказы дольше нормы") {
			if !slices.Contains(m.To, e.Address("north")) {
				t.Errorf("a report went to %v", m.To)
			}
			reports = append(reports, m.Text)
		}
	}
	if len(reports) != 1 {
		t.Fatalf("%d morning reports, want one (to north, once)", len(reports))
	}
	for _, r := range []desk.RepairView{onTime, inDiag} {
		if strings.Contains(reports[0], r.Number+",") {
			t.Errorf("the report lists %s, which is within its norm:\n%s", r.Number, reports[0])
		}
	}
	if !strings.Contains(reports[0], late.Number+", Газонокосилка ГК-1500 (Клиент): «Принят» 5 ч, норма 4 ч, просрочен на 1 ч.") {
		t.Errorf("the report does not list %s as 1 h past its 4 h norm:\n%s", late.Number, reports[0])
	}
}
