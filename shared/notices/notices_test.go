package notices

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/orders"
)

var moscow, _ = time.LoadLocation("Europe/Moscow")

var letters = Letters{BaseURL: "https://portal.example", Location: moscow}

func ids() auth.IDGen {
	n := 0
	return func() string { n++; return fmt.Sprintf("id%02d", n) }
}

// «В течение 3 дня» and «дольше 3 дня» were the old wording: the genitive
// is wanted after both; and «0,0 дн.» in the digest.
func TestPeriodsAreSaidInTheCaseTheirSentenceWants(t *testing.T) {
	now := time.Now()
	if c := letters.DeliveredComment(orders.Shipment{DeliveredAt: &now}, 72*time.Hour); !strings.Contains(c, "В течение 3 дней ") {
		t.Errorf("delivered comment %q, want «В течение 3 дней»", c)
	}
	a := acts.Act{ID: "a1", Number: "2026-000037"}
	m := letters.ManagerDigest([]Overdue{{Act: a, CentreName: "СЦ «Юг»", Days: 0.2}}, auth.User{FullName: "Мария"}, 72*time.Hour, time.Now())
	if !strings.Contains(m.Message.Text, "дольше 3 дней") || !strings.Contains(m.Message.Subject, "дольше 3 дней") ||
		!strings.Contains(m.Message.Text, "ждёт решения меньше дня") || strings.Contains(m.Message.Text, "дн.") {
		t.Errorf("digest %q / %q, want «дольше 3 дней» and «меньше дня»", m.Message.Subject, m.Message.Text)
	}
}

func TestAMoveWritesTheStatusEventTheSystemCommentAndTheNextVersion(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	deadline := now.Add(-time.Hour)
	a := acts.Act{ID: "a1", Status: acts.StatusInfoRequested, Version: 4, ReplyDeadline: &deadline}
	w, next, err := Move(a, System, acts.ActionAutoRefuse, "нет ответа", now, ids())
	if err != nil {
		t.Fatal(err)
	}
	if next.Status != acts.StatusRefused || next.Version != 5 || next.ReplyDeadline != nil || !next.StatusChangedAt.Equal(now) {
		t.Errorf("next %+v", next)
	}
	if w.Before.Version != 4 || len(w.Comments) != 1 || w.Comments[0].AuthorRole != acts.ActorSystem || w.Comments[0].Text != "нет ответа" {
		t.Errorf("write %+v", w)
	}
	if len(w.Events) != 2 || w.Events[0].Type != acts.EventStatus || w.Events[0].CommentID != w.Comments[0].ID ||
		w.Events[1].Type != acts.EventComment {
		t.Errorf("events %+v", w.Events)
	}
}

func TestAMoveTheStatusMachineRefusesIsNotMade(t *testing.T) {
	if _, _, err := Move(acts.Act{Status: acts.StatusSubmitted}, System, acts.ActionAutoRefuse, "", time.Now(), ids()); err == nil {
		t.Error("auto_refuse of a submitted act was allowed")
	}
}

func TestEveryMailAboutAnActNamesItSaysWhatToDoAndLinksToIt(t *testing.T) {
	now := time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC)
	a := acts.Act{ID: "A1", Number: "2026-000123", Version: 3, Status: acts.StatusInfoRequested, StatusChangedAt: now,
		Fields: acts.Fields{Article: new("ЭГК-1500 Энергопром")}}
	c := Centre{ID: "sc1", Name: "СЦ «Север»", Emails: []string{"sc@example.com"}}
	deadline := now.Add(24 * time.Hour)
	type built struct {
		name    string
		comment string
		mail    Mail
	}
	var all []built
	for name, f := range map[string]func() (string, Mail){
		"reply reminder":    func() (string, Mail) { return letters.ReplyReminder(a, deadline, c, now) },
		"delivery reminder": func() (string, Mail) { return letters.DeliveryReminder(a, deadline, c, now) },
		"auto refused":      func() (string, Mail) { return letters.AutoRefused(a, deadline, c, now) },
		"auto repaired":     func() (string, Mail) { return letters.AutoRepaired(a, 72*time.Hour, c, now) },
	} {
		comment, mail := f()
		all = append(all, built{name, comment, mail})
	}
	keys := map[string]bool{}
	for _, b := range all {
		m := b.mail.Message
		for _, want := range []string{"2026-000123"} {
			if !strings.Contains(m.Subject, want) {
				t.Errorf("%s: subject %q lacks %q", b.name, m.Subject, want)
			}
		}
		for _, want := range []string{"2026-000123", "ЭГК-1500", "Что делать", "https://portal.example/acts/A1"} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("%s: body lacks %q:\n%s", b.name, want, m.Text)
			}
		}
		if b.comment == "" || len(m.To) != 1 || !strings.HasPrefix(b.mail.Key, "act/A1/") {
			t.Errorf("%s: comment %q, to %v, key %q", b.name, b.comment, m.To, b.mail.Key)
		}
		keys[b.mail.Key] = true
	}
	if !strings.Contains(all[0].mail.Message.Text+all[1].mail.Message.Text+all[2].mail.Message.Text+all[3].mail.Message.Text, "26.11.2026 10:00 (MSK)") {
		t.Error("no deadline shown in Moscow time")
	}
	if len(keys) != 2 {
		t.Errorf("keys %v: both reminders share one (same deadline), both closes another", keys)
	}
}

func TestTheDispatchMailListsEveryActWithItsLinkAndTheTrackingNumber(t *testing.T) {
	sh := orders.Shipment{ID: "S1", Carrier: "СДЭК", TrackingNumber: "RA123456789RU", Items: []orders.Item{
		{ActID: "A1", ActNumber: "2026-000001", Lines: []orders.Line{{Name: "Коленвал", Quantity: 1}}},
		{ActID: "A2", ActNumber: "2026-000002", Lines: []orders.Line{{Name: "Свеча", Quantity: 2}}},
	}}
	m := letters.Dispatched(sh, Centre{Name: "СЦ «Юг»", Emails: []string{"a@b.c"}}, 72*time.Hour, time.Now())
	if m.Key != "shipment/S1/dispatched" || !strings.Contains(m.Message.Subject, "RA123456789RU") ||
		!strings.Contains(m.Message.Subject, "2026-000001, 2026-000002") {
		t.Errorf("key %q, subject %q", m.Key, m.Message.Subject)
	}
	for _, want := range []string{"СДЭК", "Коленвал ×1", "Свеча ×2", "/acts/A1", "/acts/A2", "/shipments/S1", "3 дня", "Что делать"} {
		if !strings.Contains(m.Message.Text, want) {
			t.Errorf("body lacks %q:\n%s", want, m.Message.Text)
		}
	}
	if got := ShippedComment(sh); got != "Запчасти отгружены, трек-номер RA123456789RU (перевозчик: СДЭК)." {
		t.Errorf("comment %q", got)
	}
	if !strings.Contains(m.Message.Subject, "(акты 2026-000001") {
		t.Errorf("subject %q, want «акты» for two acts", m.Message.Subject)
	}
	sh.Items = sh.Items[:1]
	if one := letters.Dispatched(sh, Centre{}, 72*time.Hour, time.Now()); !strings.Contains(one.Message.Subject, "(акт 2026-000001)") {
		t.Errorf("subject %q, want «акт» for one act (was «акты»)", one.Message.Subject)
	}
}

// directory is a fake Directory from function fields.
type directory struct {
	tenant func(id string) (auth.Tenant, error)
	users  func(tenant string) []auth.User
	reads  int
}

func (d *directory) Tenant(_ context.Context, _ auth.TenantKind, id string) (auth.Tenant, error) {
	d.reads++
	return d.tenant(id)
}

func (d *directory) ListUsers(_ context.Context, tenant string, _ auth.ListOptions) (auth.Page[auth.User], error) {
	d.reads++
	return auth.Page[auth.User]{Items: d.users(tenant)}, nil
}

func TestACentreIsMailedAtItsOwnAndItsEnabledUsersAddressesReadOnce(t *testing.T) {
	dir := &directory{
		tenant: func(id string) (auth.Tenant, error) {
			if id == "gone" {
				return auth.Tenant{}, auth.ErrNotFound
			}
			return auth.Tenant{ID: id, Name: "СЦ «Север»", Email: "north@example.com"}, nil
		},
		users: func(tenant string) []auth.User {
			return []auth.User{
				{ID: "u1", Role: auth.RoleServiceCenter, Email: "ivan@example.com", Tenant: tenant},
				{ID: "u2", Role: auth.RoleServiceCenter, Email: "off@example.com", Disabled: true},
				{ID: "u3", Role: auth.RoleServiceCenter},
				{ID: "m1", Role: auth.RoleManager, Email: "boss@example.com"},
				{ID: "a1", Role: auth.RoleAdmin, Email: "root@example.com"},
			}
		},
	}
	p := NewPeople(dir)
	for range 3 {
		c, err := p.Centre(context.Background(), "sc1")
		if err != nil {
			t.Fatal(err)
		}
		if c.Name != "СЦ «Север»" || strings.Join(c.Emails, ",") != "north@example.com,ivan@example.com" {
			t.Errorf("centre %+v", c)
		}
	}
	if dir.reads != 2 {
		t.Errorf("%d directory reads for one centre asked three times, want 2", dir.reads)
	}
	if c, err := p.Centre(context.Background(), "gone"); err != nil || c.Name != "gone" || len(c.Emails) != 0 {
		t.Errorf("a centre that is gone: %+v, %v", c, err)
	}
	managers, err := p.Managers(context.Background())
	if err != nil || len(managers) != 1 || managers[0].ID != "m1" {
		t.Errorf("managers %+v, %v", managers, err)
	}
}

// A centre user who chose the daily digest gets the manager's question held
// for the digest (its words and link, no greeting of its own); the centre's
// address and the user who kept immediate mails get it at once.
func TestAnEventIsHeldForDigestReadersAndMailedToEveryoneElse(t *testing.T) {
	dir := &directory{
		tenant: func(id string) (auth.Tenant, error) {
			return auth.Tenant{ID: id, Name: "СЦ «Север»", Email: "north@example.com"}, nil
		},
		users: func(tenant string) []auth.User {
			return []auth.User{
				{ID: "u1", Role: auth.RoleServiceCenter, Email: "ivan@example.com", Tenant: tenant},
				{ID: "u2", Role: auth.RoleServiceCenter, Email: "olga@example.com", Tenant: tenant, Mail: auth.MailDigest},
			}
		},
	}
	now := time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC)
	deadline := now.Add(120 * time.Hour)
	a := acts.Act{ID: "A1", Number: "2026-000123", ServiceCenterID: "sc1", Status: acts.StatusInfoRequested, ReplyDeadline: &deadline}
	w := acts.Write{ActID: "A1",
		Events:   []acts.Event{{ID: "e1", Type: acts.EventStatus, Action: acts.ActionRequestInfo, ActorRole: auth.RoleManager, CommentID: "c1"}},
		Comments: []acts.Comment{{ID: "c1", Text: "Пришлите фото шильдика"}}}
	render, err := ActMail{Directory: dir, Letters: letters, Now: func() time.Time { return now }}.Prepare(context.Background(), a, w)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Mail{}
	for _, m := range render(a) {
		got[m.Message.To[0]] = m
	}
	if len(got) != 3 {
		t.Fatalf("mails %+v, want one per address", got)
	}
	for _, addr := range []string{"north@example.com", "ivan@example.com"} {
		if m := got[addr]; m.Digest != "" || !strings.HasPrefix(m.Message.Text, "Здравствуйте!") {
			t.Errorf("%s: %+v, want a mail of its own", addr, m)
		}
	}
	held := got["olga@example.com"]
	if held.Digest != "u2" || strings.Contains(held.Message.Text, "Здравствуйте") ||
		!strings.Contains(held.Message.Text, "«Пришлите фото шильдика»") || !strings.Contains(held.Message.Text, "https://portal.example/acts/A1") {
		t.Errorf("the digest reader's entry %+v", held)
	}
	digest := letters.EventDigest(auth.User{ID: "u2", FullName: "Ольга", Email: "olga@example.com"}, []Mail{held}, now.Add(20*time.Hour))
	if !strings.Contains(digest.Message.Text, held.Message.Subject) || !strings.Contains(digest.Message.Text, "1 событие") ||
		!strings.Contains(digest.Message.Text, "25.11.2026 10:00 (MSK)") || digest.Message.To[0] != "olga@example.com" {
		t.Errorf("digest %q", digest.Message.Text)
	}
}
