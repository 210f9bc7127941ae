package desk

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"aftersales/shared/apperr"
)

func TestATemplateIsRenderedWithTheOrdersValues(t *testing.T) {
	got := Render("{центр}: {устройство} готово, заказ {номер}. К оплате {к_оплате}. {адрес_центра} {ссылка}", map[string]string{
		PhCentre: "СЦ Север", PhDevice: "Газонокосилка ГК-1500", PhNumber: "СЦ-2026-000007", PhDue: "1 500,00 ₽",
		PhLink: "https://x/s/abc",
	})
	want := "СЦ Север: Газонокосилка ГК-1500 готово, заказ СЦ-2026-000007. К оплате 1 500,00 ₽. https://x/s/abc"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestALineWhosePlaceholdersAreAllEmptyIsLeftOut(t *testing.T) {
	got := Render("Готово.\n\n{центр}\n{адрес_центра}\nТел. {телефон_центра}\nЧасы: {часы_работы}, {телефон_центра}", map[string]string{
		PhCentre: "СЦ Север", PhHours: "9–18"})
	if want := "Готово.\n\nСЦ Север\nЧасы: 9–18,"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestUnknownPlaceholdersAreNamedAndBracesWithoutANameArePlainText(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"Заказ {номер} {статус}", nil},
		{"Заказ {number} и {сумма} и {number}", []string{"{number}", "{сумма}"}},
		{"Скидка {10% } и { пробел} и {", nil},
		{"{ссылка}}", nil},
	}
	for _, c := range cases {
		if got := UnknownPlaceholders(c.text); !slices.Equal(got, c.want) {
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
	}
}

func TestSavingATemplateWithAnUnknownPlaceholderNamesTheFieldAndThePlaceholder(t *testing.T) {
	st := DefaultMessageSettings()
	st.Templates[3].Text = "Заказ {номер}: сумма {сумма}"
	_, err := normalizeMessageSettings(st)
	var e *apperr.Error
	if !errors.As(err, &e) || len(e.Fields) != 1 {
		t.Fatalf("got %v, want one field error", err)
	}
	f := e.Fields[0]
	if f.Field != "templates[3].text" || f.Code != CodeUnknownPlaceholder || !strings.Contains(f.Message, "{сумма}") {
		t.Errorf("got %+v", f)
	}
}

func TestTheDefaultTemplatesAreValidAndCoverEveryStatusAndTheReminderOnBothChannels(t *testing.T) {
	st := DefaultMessageSettings()
	if _, err := normalizeMessageSettings(st); err != nil {
		t.Fatal(err)
	}
	if len(st.Templates) != 2*(len(DefaultChain)+1) {
		t.Errorf("%d templates", len(st.Templates))
	}
	for _, ev := range []MessageEvent{StatusEvent(StatusAccepted), StatusEvent(StatusReady), StatusEvent(StatusHandedOver), EventUncollected} {
		if tpl, ok := st.Template(ev, ChannelSMS); !ok || !tpl.Enabled {
			t.Errorf("%s: SMS template %+v, want enabled", ev, tpl)
		}
	}
}

func TestAnEnabledTemplateNeedsItsTextAndAnEmailItsSubject(t *testing.T) {
	st := DefaultMessageSettings()
	st.Templates[0].Text = "  "
	st.Templates[1].Subject = ""
	st.ReminderDays = 61
	_, err := normalizeMessageSettings(st)
	var e *apperr.Error
	if !errors.As(err, &e) {
		t.Fatal(err)
	}
	var fields []string
	for _, f := range e.Fields {
		fields = append(fields, f.Field)
	}
	if want := []string{"reminderDays", "templates[0].text", "templates[1].subject"}; !slices.Equal(fields, want) {
		t.Errorf("fields %q, want %q", fields, want)
	}
}

func TestAnSMSIsMeasuredAsTheNetworkCountsIt(t *testing.T) {
	cases := []struct {
		text string
		want SMSLength
	}{
		{strings.Repeat("a", 160), SMSLength{Chars: 160, Parts: 1}},
		{strings.Repeat("a", 161), SMSLength{Chars: 161, Parts: 2}},
		{"a€", SMSLength{Chars: 3, Parts: 1}}, // € takes two septets
		{strings.Repeat("я", 70), SMSLength{Chars: 70, Parts: 1, Unicode: true}},
		{strings.Repeat("я", 71), SMSLength{Chars: 71, Parts: 2, Unicode: true}},
		{strings.Repeat("я", 135), SMSLength{Chars: 135, Parts: 3, Unicode: true}},
	}
	for _, c := range cases {
		if got := MeasureSMS(c.text); got != c.want {
			t.Errorf("%d runes: got %+v, want %+v", len([]rune(c.text)), got, c.want)
		}
	}
}

func readyOrder() Repair {
	since := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	return Repair{ID: "r1", CentreID: "north", Number: "СЦ-2026-000001", DeviceTitle: "Газонокосилка ГК-1500",
		Status: StatusReady, StatusSince: since, Version: 4, StatusToken: "tok",
		Works: []Line{{Quantity: 2, Price: 750_00}}, Payments: []Payment{{Amount: 500_00}}}
}

func TestAStatusChangeTellsTheCustomerOnEveryEnabledChannelItConsentedTo(t *testing.T) {
	cu := Customer{Name: "Иван", Phones: []string{"+79347341234"}, Email: "ivan@example.com", ConsentSMS: true, ConsentEmail: false}
	to := Addressee{Customer: cu, CentreName: "СЦ Север", CentrePhone: "+74950000000", Link: "https://x/s/tok", StatusName: "Готов"}
	msgs := DefaultMessageSettings().Compose(StatusOccasion(readyOrder()), to)
	if len(msgs) != 2 {
		t.Fatalf("%d messages, want an SMS and an e-mail", len(msgs))
	}
	sms, mail := msgs[0], msgs[1]
	if sms.Channel != ChannelSMS || sms.State != MessageQueued || sms.To != "+79347341234" || sms.Key != "repair/r1/v4/sms" {
		t.Errorf("SMS %+v", sms)
	}
	if !strings.Contains(sms.Text, "К оплате 1000,00 ₽") || !strings.Contains(sms.Text, "СЦ Север") {
		t.Errorf("SMS text %q", sms.Text)
	}
	if mail.Channel != ChannelEmail || mail.State != MessageSkipped || mail.Result != ResultNoConsent {
		t.Errorf("e-mail without consent %+v, want recorded as not sent", mail)
	}
	if !strings.Contains(mail.Text, "https://x/s/tok") || mail.Subject != "Заказ СЦ-2026-000001: Готов" {
		t.Errorf("e-mail %q / %q", mail.Subject, mail.Text)
	}
	if q := Queued(msgs); len(q) != 1 || q[0].Channel != ChannelSMS {
		t.Errorf("queued %+v, want the SMS only", q)
	}
}

func TestACustomerWithoutAnAddressGetsAMessageRecordedAsNotSent(t *testing.T) {
	to := Addressee{Customer: Customer{Name: "Иван", Phones: []string{"+79347341234"}, ConsentSMS: true, ConsentEmail: true}}
	msgs := DefaultMessageSettings().Compose(StatusOccasion(readyOrder()), to)
	if msgs[1].State != MessageSkipped || msgs[1].Result != ResultNoEmail {
		t.Errorf("e-mail %+v", msgs[1])
	}
}

func TestADisabledTemplateSendsNothing(t *testing.T) {
	r := readyOrder()
	r.Status = StatusDiagnostics
	to := Addressee{Customer: Customer{Phones: []string{"+79347341234"}, ConsentSMS: true}}
	if msgs := DefaultMessageSettings().Compose(StatusOccasion(r), to); len(msgs) != 0 {
		t.Errorf("got %+v, want none: diagnostics is off by default", msgs)
	}
}

func TestTheReminderIsOnePerStayInReady(t *testing.T) {
	r := readyOrder()
	a := UncollectedOccasion(r, r.StatusSince.Add(72*time.Hour))
	b := UncollectedOccasion(r, r.StatusSince.Add(96*time.Hour))
	if a.Key != b.Key {
		t.Errorf("two runs, two keys: %q %q", a.Key, b.Key)
	}
	r.StatusSince = r.StatusSince.Add(240 * time.Hour) // back in «Готов» after a claim
	if c := UncollectedOccasion(r, r.StatusSince.Add(72*time.Hour)); c.Key == a.Key {
		t.Errorf("a new stay kept the key %q", c.Key)
	}
}

func TestStatusTokensCarryAtLeast128RandomBits(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok := NewStatusToken()
		if len(tok) != statusTokenLen || seen[tok] {
			t.Fatalf("token %q (len %d) repeated or misshaped", tok, len(tok))
		}
		seen[tok] = true
	}
	if statusTokenLen*6 < 128 {
		t.Errorf("%d characters carry fewer than 128 bits", statusTokenLen)
	}
}

func TestAnOccasionFillsPlaceholdersOfItsOwn(t *testing.T) {
	st := DefaultMessageSettings()
	for i := range st.Templates {
		st.Templates[i].Text = "{центр}: {номер}, {статус}"
	}
	o := StatusOccasion(readyOrder())
	o.Values = map[string]string{PhStatus: "выезд завтра в 10:00"}
	to := Addressee{Customer: Customer{Phones: []string{"+79347341234"}, ConsentSMS: true}, CentreName: "СЦ Север", StatusName: "Готов"}
	if msgs := st.Compose(o, to); len(msgs) == 0 || msgs[0].Text != "СЦ Север: СЦ-2026-000001, выезд завтра в 10:00" {
		t.Errorf("got %+v", msgs)
	}
}

func TestTheIntakeEmailLeavesOutAnExpectedDateNobodyGave(t *testing.T) {
	r := readyOrder()
	r.Status = StatusAccepted
	to := Addressee{Customer: Customer{Email: "a@b.example", ConsentEmail: true}, CentreName: "СЦ Север"}
	mail := DefaultMessageSettings().Compose(StatusOccasion(r), to)[1]
	if strings.Contains(mail.Text, "готовности") {
		t.Errorf("without a date: %q", mail.Text)
	}
	r.ExpectedDate = "2026-12-05"
	if mail := DefaultMessageSettings().Compose(StatusOccasion(r), to)[1]; !strings.Contains(mail.Text, "Ожидаемая дата готовности: 05.12.2026.") {
		t.Errorf("with a date: %q", mail.Text)
	}
}

func TestTheCentresLegalNameAndINNAreKeptWhenTheINNsCheckDigitsAreRight(t *testing.T) {
	for _, number := range []string{"7707083893", " 500100732259 ", ""} {
		st := DefaultMessageSettings()
		st.LegalName, st.INN = "  ООО «Север-Сервис» ", number
		got, err := normalizeMessageSettings(st)
		if err != nil {
			t.Fatalf("INN %q: %v", number, err)
		}
		if got.LegalName != "ООО «Север-Сервис»" || got.INN != strings.TrimSpace(number) {
			t.Errorf("INN %q: kept %q, %q", number, got.LegalName, got.INN)
		}
	}
}

func TestABadINNIsAFieldErrorSayingWhatIsWrongInRussian(t *testing.T) {
	for number, want := range map[string]string{
		"7707083894":   "неверная контрольная сумма ИНН",
		"500100732258": "неверная контрольная сумма ИНН",
		"770708389":    "ИНН должен состоять из 10 или 12 цифр",
		"77070838a3":   "ИНН должен состоять из 10 или 12 цифр",
		"0000000000":   "ИНН не может начинаться с 00",
		"7707083893\n": "ИНН должен состоять из 10 или 12 цифр",
	} {
		st := DefaultMessageSettings()
		st.INN = number
		_, err := normalizeMessageSettings(st)
		var e *apperr.Error
		if !errors.As(err, &e) || e.Code != apperr.Invalid || len(e.Fields) != 1 {
			t.Fatalf("INN %q: got %v, want one field error", number, err)
		}
		if f := e.Fields[0]; f.Field != "inn" || f.Code != CodeInvalidINN || f.Message != want {
			t.Errorf("INN %q: got %+v, want %q", number, f, want)
		}
	}
}

func TestTheCentresOwnPhoneForCustomersWinsOverItsDirectoryPhone(t *testing.T) {
	if got := (CentreDetails{}).Phone("+74950000000"); got != "+74950000000" {
		t.Errorf("without its own: %q", got)
	}
	if got := (CentreDetails{CentrePhone: "8 800 100-00-00"}).Phone("+74950000000"); got != "8 800 100-00-00" {
		t.Errorf("with its own: %q", got)
	}
}
