package acts

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"aftersales/shared/apperr"
	"aftersales/shared/phone"
)

// Field error codes. They are stable: clients branch on them, and the Russian
// and English messages beside them may be reworded.
const (
	CodeRequired           = "required"
	CodeTooLong            = "too_long"
	CodeInvalidValue       = "invalid_value"
	CodeOutOfRange         = "out_of_range"
	CodeTooMany            = "too_many"
	CodeInvalidPhone       = "invalid_phone"
	CodeInFuture           = "in_future"
	CodeBeforeSaleDate     = "before_sale_date"
	CodeBeforeAcceptedDate = "before_accepted_date"
	CodeRefusal14TooLate   = "refusal14_too_late"
	CodePriceRequired      = "price_required"
	CodeNotWarrantyCase    = "not_warranty_case" // a warning, see Fields.Warnings
	CodeShortYear          = "short_year"
	CodeFullNameWanted     = "full_name_wanted" // a warning, see Fields.Warnings
)

// Limits of the form. Texts are counted in characters, not bytes.
const (
	MaxText       = 2000 // any free text without a tighter limit in textLimits
	MaxParts      = 50
	MaxQuantity   = 999
	Refusal14Days = 14 // the customer may refuse repair this many days after purchase
	// MinYear is the earliest year a date of the form may have: an earlier
	// one is a year typed with two digits («01.06.23» read as 0023).
	MinYear = 2000
)

// textLimits are the tighter limits of acts.md; other texts get MaxText.
var textLimits = map[string]int{"article": 200, "complaint": 1000, "internalNumber": 50}

// requiredAtSubmit are the fields acts.md marks required; a draft may lack any.
// serialNumber is satisfied by noSerial.
var requiredAtSubmit = []string{
	"category", "article", "serialNumber", "complaint", "appearance", "saleDate",
	"acceptedDate", "completeness", "warrantyCard",
	"mechanic", "diagnosis", "conclusion",
	"customerName", "customerPhone", "sellerOrganization", "complexity", "productState",
}

// fieldErrors collects every problem at once, so the user fixes the form in one go.
type fieldErrors []apperr.FieldError

func (e *fieldErrors) add(field, code, ru, en string) {
	*e = append(*e, apperr.FieldError{Field: field, Code: code, Message: ru, MessageEN: en})
}

// ValidateDraft checks what a draft may not hold even half-filled: texts within
// their limits, enum values known, complexity 1–3, a phone that parses, at most
// MaxParts rows with quantity 1–999 and no negative price. Missing values are
// fine. Text is plain text: markup is neither rejected nor altered, and it is
// the client's job to escape it when showing it. Call it on Normalized fields.
func (f Fields) ValidateDraft() []apperr.FieldError {
	var errs fieldErrors
	f.eachText(func(name string, s **string) {
		if *s != nil {
			errs.checkLength(name, **s, limitOf(name))
		}
	})
	checkEnum(&errs, "appearance", f.Appearance)
	checkEnum(&errs, "completeness", f.Completeness)
	checkEnum(&errs, "productState", f.ProductState)
	if c := f.Complexity; c != nil && (*c < 1 || *c > 3) {
		errs.add("complexity", CodeOutOfRange, "Сложность — 1, 2 или 3", "Complexity is 1, 2 or 3")
	}
	if p := f.CustomerPhone; p != nil && *p != "" {
		if _, err := phone.Normalize(*p); err != nil {
			errs.add("customerPhone", CodeInvalidPhone,
				"Укажите российский номер телефона, например 8 (934) 734-12-34",
				"Enter a Russian phone number, e.g. +7 934 734-12-34")
		}
	}
	if len(f.Parts) > MaxParts {
		errs.add("parts", CodeTooMany,
			fmt.Sprintf("Не больше %d строк запчастей", MaxParts), fmt.Sprintf("At most %d part rows", MaxParts))
	}
	for i, p := range f.Parts {
		row := fmt.Sprintf("parts[%d].", i)
		errs.checkLength(row+"name", p.Name, MaxText)
		errs.checkLength(row+"schemeNumber", p.SchemeNumber, MaxText)
		if p.Quantity < 1 || p.Quantity > MaxQuantity {
			errs.add(row+"quantity", CodeOutOfRange,
				fmt.Sprintf("Количество — от 1 до %d", MaxQuantity), fmt.Sprintf("Quantity is 1 to %d", MaxQuantity))
		}
		if p.Price < 0 {
			errs.add(row+"price", CodeOutOfRange, "Цена не может быть отрицательной", "The price cannot be negative")
		}
	}
	return errs
}

func limitOf(name string) int {
	if n, ok := textLimits[name]; ok {
		return n
	}
	return MaxText
}

func (e *fieldErrors) checkLength(field, s string, limit int) {
	if utf8.RuneCountInString(s) > limit {
		e.add(field, CodeTooLong,
			fmt.Sprintf("Не длиннее %d символов", limit), fmt.Sprintf("At most %d characters", limit))
	}
}

// checkEnum reports a value of an enum field that is not one of its choices.
func checkEnum[T interface {
	~string
	Valid() bool
}](errs *fieldErrors, field string, v *T) {
	if v != nil && !(*v).Valid() {
		errs.add(field, CodeInvalidValue,
			fmt.Sprintf("Недопустимое значение «%s»", string(*v)), fmt.Sprintf("Unknown value %q", string(*v)))
	}
}

// ValidateSubmit checks an act for submission on the day today (in the
// business time zone). fieldErrs are ValidateDraft's problems plus: every
// required field present, no date in the future, acceptedDate not before
// saleDate, repairEndDate not before acceptedDate, refusal14 only within
// Refusal14Days of the sale, a named part on every row, and a price on every
// own part of a warranty case. Field errors block the submission; the same
// checks apply to any later edit of the act.
//
// missing lists the required photo kinds not among files, in the form's
// order. They do not block: see StatusAfterSubmit. Whether the category is
// one managers keep is the caller's check, as the list lives in storage.
func ValidateSubmit(f Fields, files FileKinds, today Date) (fieldErrs []apperr.FieldError, missing []FileKind) {
	errs := fieldErrors(f.ValidateDraft())
	for _, name := range requiredAtSubmit {
		if name == "serialNumber" && isTrue(f.NoSerial) {
			continue
		}
		if blank(fieldValue(&f, name)) {
			errs.add(name, CodeRequired, "Обязательное поле", "Required")
		}
	}
	errs.checkDates(f, today)
	sale, accepted := f.SaleDate, f.AcceptedDate
	if isTrue(f.Refusal14) && sale != nil && accepted != nil && accepted.DaysAfter(*sale) > Refusal14Days {
		errs.add("refusal14", CodeRefusal14TooLate,
			fmt.Sprintf("Отказ от ремонта возможен, только если изделие принесли в течение %d дней со дня покупки", Refusal14Days),
			fmt.Sprintf("Refusal of repair is only possible within %d days of purchase", Refusal14Days))
	}
	for i, p := range f.Parts {
		if p.Name == "" {
			errs.add(fmt.Sprintf("parts[%d].name", i), CodeRequired, "Обязательное поле", "Required")
		}
		if p.OwnPart && isTrue(f.WarrantyCase) && p.Price <= 0 {
			errs.add(fmt.Sprintf("parts[%d].price", i), CodePriceRequired,
				"Укажите цену своей запчасти — она нужна для компенсации",
				"Give the price of your own part: it is needed for compensation")
		}
	}
	return errs, missingFiles(f, files)
}

// ValidateSave is what saving a draft checks on the day today: ValidateDraft
// plus the dates that are wrong however much of the form is filled in — a
// day in the future, acceptance before the sale, a repair ending before it
// was accepted. Call it on Normalized fields.
func (f Fields) ValidateSave(today Date) []apperr.FieldError {
	errs := fieldErrors(f.ValidateDraft())
	errs.checkDates(f, today)
	return errs
}

// checkDates adds the date problems of ValidateSave.
func (e *fieldErrors) checkDates(f Fields, today Date) {
	for _, d := range []struct {
		name string
		date *Date
	}{{"saleDate", f.SaleDate}, {"acceptedDate", f.AcceptedDate}, {"repairEndDate", f.RepairEndDate}} {
		if d.date != nil && today.Before(*d.date) {
			e.add(d.name, CodeInFuture, "Дата не может быть в будущем", "The date cannot be in the future")
		}
		if d.date != nil && d.date.Year() < MinYear {
			y := d.date.Year()
			e.add(d.name, CodeShortYear,
				fmt.Sprintf("Год «%04d» указан не полностью: укажите год четырьмя цифрами, например %d", y, 2000+y%100),
				fmt.Sprintf("Year %04d is incomplete: give all four digits, e.g. %d", y, 2000+y%100))
		}
	}
	sale, accepted := f.SaleDate, f.AcceptedDate
	if sale != nil && accepted != nil && accepted.Before(*sale) {
		e.add("acceptedDate", CodeBeforeSaleDate,
			"Дата принятия в ремонт раньше даты продажи", "Accepted for repair before the sale date")
	}
	if end := f.RepairEndDate; accepted != nil && end != nil && end.Before(*accepted) {
		e.add("repairEndDate", CodeBeforeAcceptedDate,
			"Дата окончания ремонта раньше даты принятия в ремонт", "Repair ended before it was accepted")
	}
}

// blank reports whether a field is absent or an empty text.
func blank(v reflect.Value) bool {
	if v.IsNil() {
		return true
	}
	s, ok := v.Interface().(*string)
	return ok && strings.TrimSpace(*s) == ""
}

// missingFiles lists the photo kinds acts.md requires that files lack.
func missingFiles(f Fields, files FileKinds) []FileKind {
	required := []FileKind{FileNameplate}
	if f.Appearance == nil || *f.Appearance != AppearancePreSale {
		required = append(required, FileWarrantyOrReceipt)
	}
	required = append(required, FileDefect)
	if len(f.Parts) > 0 {
		required = append(required, FilePart)
	}
	if isTrue(f.Refusal14) {
		required = append(required, FileCustomerStatement)
	}
	var missing []FileKind
	for _, k := range required {
		if !files.Has(k) {
			missing = append(missing, k)
		}
	}
	return missing
}

// StatusAfterSubmit is the rule for missing photos: they do not block
// submission. The act is submitted (the centre's move) and, when photos are
// missing, at once sent back to the centre by ActorSystem with request_info,
// a comment with MissingRequestText and a reply deadline — as the seed
// describes («к акту будет добавлен комментарий с просьбой предоставить…»).
// It returns the status the act ends in.
func StatusAfterSubmit(missing []FileKind) Status {
	if len(missing) > 0 {
		return StatusInfoRequested
	}
	return StatusSubmitted
}

// MissingRequestText is the system's Russian comment asking for the missing
// files, in the spirit of the wholesaler's own wording; "" when nothing is
// missing.
func MissingRequestText(missing []FileKind) string {
	if len(missing) == 0 {
		return ""
	}
	items := make([]string, len(missing))
	for i, k := range missing {
		items[i] = k.Label()
	}
	return "Просим предоставить: " + strings.Join(items, "; ") + ". " +
		"Прикрепите файлы к акту (по одному файлу за раз) или ответьте в комментарии. " +
		"Если ответа не будет, акт будет закрыт автоматически со статусом «" + StatusRefused.Label() + "»."
}
