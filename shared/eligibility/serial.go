package eligibility

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"aftersales/shared/apperr"
)

// Limits of a registry row.
const (
	MaxSerial = 64
	MaxDealer = 200
)

// SerialRecord is one unit a supplier or factory lists as officially
// delivered (one row of a Serials file). A serial the registry does not know
// may be a grey import (seed 002: «Ввиду отсутствия данного серийного номера
// в базе устройств, официально поставляемых в Россию»).
type SerialRecord struct {
	// Serial is stored as NormalizeSerial leaves it, the form acts store.
	Serial  string
	Article string
	// Produced starts the factory's warranty to the trade.
	Produced Day
	// ShippedToWholesaler is when the unit left the supplier for the
	// wholesaler; zero when the list does not say.
	ShippedToWholesaler Day
	// Dealer is who the wholesaler sold the unit to, when known.
	Dealer string
}

// NormalizeSerial is the one spelling of a serial that registry lookups and
// repeat-claim searches use: trimmed and upper-cased, exactly as acts store
// the serial a centre typed (a test holds the two in step).
func NormalizeSerial(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// Validate checks a row on the day today (business time zone) and lists every
// problem in Russian, field by field, for the load's error report: a serial
// and article present and not too long, a real serial rather than «Б/Н», a
// production day not in the future, a shipment not before production nor in
// the future, a dealer name not too long.
func (r SerialRecord) Validate(today Day) []apperr.FieldError {
	var errs problems
	serial := NormalizeSerial(r.Serial)
	switch {
	case serial == "":
		errs.add("serial", "required", "Укажите серийный номер")
	case utf8.RuneCountInString(serial) > MaxSerial:
		errs.add("serial", "too_long", fmt.Sprintf("Серийный номер не длиннее %d символов", MaxSerial))
	case strings.Join(strings.Fields(strings.NewReplacer("/", "", `\`, "", ".", "").Replace(serial)), "") == "БН":
		errs.add("serial", "no_serial", "«Б/Н» — не серийный номер: в реестр вносят только изделия с номером")
	}
	switch article := strings.TrimSpace(r.Article); {
	case article == "":
		errs.add("article", "required", "Укажите артикул")
	case utf8.RuneCountInString(article) > MaxName*2:
		errs.add("article", "too_long", fmt.Sprintf("Артикул не длиннее %d символов", MaxName*2))
	}
	switch {
	case r.Produced.IsZero():
		errs.add("produced", "required", "Укажите дату производства")
	case r.Produced.After(today):
		errs.add("produced", "in_future", fmt.Sprintf("Дата производства %s ещё не наступила", r.Produced))
	}
	switch shipped := r.ShippedToWholesaler; {
	case shipped.IsZero():
	case shipped.After(today):
		errs.add("shippedToWholesaler", "in_future", fmt.Sprintf("Дата отгрузки %s ещё не наступила", shipped))
	case !r.Produced.IsZero() && shipped.Before(r.Produced):
		errs.add("shippedToWholesaler", "before_produced",
			fmt.Sprintf("Отгрузка оптовику %s раньше даты производства %s", shipped, r.Produced))
	}
	if utf8.RuneCountInString(strings.TrimSpace(r.Dealer)) > MaxDealer {
		errs.add("dealer", "too_long", fmt.Sprintf("Название дилера не длиннее %d символов", MaxDealer))
	}
	return errs
}
