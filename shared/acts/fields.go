package acts

import (
	"reflect"
	"slices"
	"strings"

	"aftersales/shared/apperr"
	"aftersales/shared/phone"
)

// Appearance is the product's condition as the centre received it; pre-sale
// products jump the managers' queue.
type Appearance string

// The appearances of the form's «Внешний вид изделия».
const (
	AppearanceNew     Appearance = "new"
	AppearanceUsed    Appearance = "used"
	AppearancePreSale Appearance = "pre_sale" // предторг: broke before it was sold
)

// Completeness says whether the product came with everything it is sold with.
type Completeness string

// The values of «Комплектация».
const (
	CompletenessFull    Completeness = "full"
	CompletenessPartial Completeness = "partial"
)

// ProductState is where the product is now, which tells the manager whether a
// part can still help the customer.
type ProductState string

// The values of «Состояние изделия».
const (
	ProductRepaired            ProductState = "repaired"
	ProductReturnedToSeller    ProductState = "returned_to_seller"     // возврат в ТС
	ProductLeftAtServiceCenter ProductState = "left_at_service_center" // оставлено в СЦ
)

// labels holds the Russian words of the form for every enum value, so exports
// and e-mails show what users chose, not API codes.
var labels = map[string]string{
	string(AppearanceNew):              "Новое",
	string(AppearanceUsed):             "Б/У",
	string(AppearancePreSale):          "Предторг",
	string(CompletenessFull):           "Полная",
	string(CompletenessPartial):        "Не полная",
	string(ProductRepaired):            "Отремонтировано",
	string(ProductReturnedToSeller):    "Возврат в ТС",
	string(ProductLeftAtServiceCenter): "Оставлено в СЦ",
}

// Valid reports whether a is one of the form's choices.
func (a Appearance) Valid() bool {
	return a == AppearanceNew || a == AppearanceUsed || a == AppearancePreSale
}

// Label is the Russian word shown to users.
func (a Appearance) Label() string { return labels[string(a)] }

// Valid reports whether c is one of the form's choices.
func (c Completeness) Valid() bool { return c == CompletenessFull || c == CompletenessPartial }

// Label is the Russian word shown to users.
func (c Completeness) Label() string { return labels[string(c)] }

// Valid reports whether s is one of the form's choices.
func (s ProductState) Valid() bool {
	return s == ProductRepaired || s == ProductReturnedToSeller || s == ProductLeftAtServiceCenter
}

// Label is the Russian word shown to users.
func (s ProductState) Label() string { return labels[string(s)] }

// NoSerialMark is what the form stores as the serial number of a product that
// has none, as the wholesaler's instructions ask («указать Б/Н»).
const NoSerialMark = "Б/Н"

// Part is one row of the parts request. Price is per unit; for an ownPart row
// on a warranty case it is what the wholesaler compensates.
type Part struct {
	Name         string `json:"name"`
	SchemeNumber string `json:"schemeNumber,omitempty"`
	Quantity     int    `json:"quantity"`
	OwnPart      bool   `json:"ownPart"`
	Price        Money  `json:"price"`
}

// Fields are the editable fields of an act, named as in the API. Every field is
// a pointer or a slice, nil meaning "not given": a draft holds any subset, and a
// PATCH carries only the fields it changes (see Apply). A text is cleared by
// sending "", the parts list by sending [].
//
// The usual pipeline is: decode → current.Apply(patch) → Normalized →
// ValidateDraft (saving a draft) or ValidateSubmit (submitting, and any edit
// of an act that has left draft) → Changes(current, result) for history.
type Fields struct {
	// 1. Product (Изделие)
	Category     *string       `json:"category,omitempty"`
	Article      *string       `json:"article,omitempty"`
	SerialNumber *string       `json:"serialNumber,omitempty"`
	NoSerial     *bool         `json:"noSerial,omitempty"`
	Complaint    *string       `json:"complaint,omitempty"`
	Appearance   *Appearance   `json:"appearance,omitempty"`
	SaleDate     *Date         `json:"saleDate,omitempty"`
	AcceptedDate *Date         `json:"acceptedDate,omitempty"`
	Completeness *Completeness `json:"completeness,omitempty"`
	WarrantyCard *bool         `json:"warrantyCard,omitempty"`

	// 2. Diagnostics (Диагностика)
	InternalNumber *string `json:"internalNumber,omitempty"`
	Mechanic       *string `json:"mechanic,omitempty"`
	Diagnosis      *string `json:"diagnosis,omitempty"`
	Conclusion     *string `json:"conclusion,omitempty"`
	WarrantyCase   *bool   `json:"warrantyCase,omitempty"`

	// 3. Parts request (Запрос запасных частей)
	Parts []Part `json:"parts,omitempty"`

	// 4. Additional information (Дополнительная информация)
	CustomerName       *string       `json:"customerName,omitempty"`
	CustomerPhone      *string       `json:"customerPhone,omitempty"`
	SellerOrganization *string       `json:"sellerOrganization,omitempty"`
	Complexity         *int          `json:"complexity,omitempty"`
	ProductState       *ProductState `json:"productState,omitempty"`
	RepairEndDate      *Date         `json:"repairEndDate,omitempty"`

	// Case flags
	Refusal14 *bool `json:"refusal14,omitempty"`
	PaidOrder *bool `json:"paidOrder,omitempty"`
}

// fieldNames holds the JSON name of each Fields field by index, so history,
// validation and errors speak the API's names.
var fieldNames = func() []string {
	t := reflect.TypeFor[Fields]()
	names := make([]string, t.NumField())
	for i := range names {
		names[i], _, _ = strings.Cut(t.Field(i).Tag.Get("json"), ",")
	}
	return names
}()

// fieldValue returns the field of f with the given JSON name, which must be
// one (a test checks every name in this package's rule tables).
func fieldValue(f *Fields, name string) reflect.Value {
	return reflect.ValueOf(f).Elem().Field(slices.Index(fieldNames, name))
}

// eachText calls fn with the JSON name and address of every free-text field.
func (f *Fields) eachText(fn func(name string, s **string)) {
	v := reflect.ValueOf(f).Elem()
	for i, name := range fieldNames {
		if s, ok := v.Field(i).Addr().Interface().(**string); ok {
			fn(name, s)
		}
	}
}

// Apply returns f with every field that patch gives replaced; fields patch
// leaves nil stay as they were.
func (f Fields) Apply(patch Fields) Fields {
	out, p := reflect.ValueOf(&f).Elem(), reflect.ValueOf(patch)
	for i := range fieldNames {
		if !p.Field(i).IsNil() {
			out.Field(i).Set(p.Field(i))
		}
	}
	return f
}

// Normalized returns f in stored form: texts trimmed; the serial number
// upper-cased, and NoSerialMark with NoSerial set when either says the product
// has none; the phone in E.164 when it parses (ValidateDraft reports it when
// not); part names trimmed and blank part rows (the form's empty last row)
// dropped. It never shares pointers with f, so f is left untouched.
func (f Fields) Normalized() Fields {
	f.eachText(func(_ string, s **string) {
		if *s != nil {
			*s = new(strings.TrimSpace(**s))
		}
	})
	switch {
	case isTrue(f.NoSerial):
		f.SerialNumber = new(NoSerialMark)
	case f.SerialNumber != nil:
		serial := strings.ToUpper(*f.SerialNumber)
		if isNoSerialMark(serial) {
			serial, f.NoSerial = NoSerialMark, new(true)
		}
		f.SerialNumber = &serial
	}
	if f.CustomerPhone != nil {
		if e164, err := phone.Normalize(*f.CustomerPhone); err == nil {
			f.CustomerPhone = &e164
		}
	}
	if f.Parts != nil {
		parts := make([]Part, 0, len(f.Parts))
		for _, p := range f.Parts {
			p.Name, p.SchemeNumber = strings.TrimSpace(p.Name), strings.TrimSpace(p.SchemeNumber)
			if p != (Part{Quantity: p.Quantity}) {
				parts = append(parts, p)
			}
		}
		f.Parts = parts
	}
	return f
}

// isNoSerialMark recognises the ways people write «Б/Н» (без номера).
func isNoSerialMark(s string) bool {
	switch strings.Join(strings.Fields(s), "") {
	case NoSerialMark, "БН", `Б\Н`, "Б.Н.", "Б/Н.":
		return true
	}
	return false
}

func isTrue(b *bool) bool { return b != nil && *b }

// PartsToShip returns the rows the wholesaler must send: those that are not the
// centre's own part. An approved act with none goes straight to repaired, and
// the order made on approval holds exactly these rows.
func (f Fields) PartsToShip() []Part {
	var out []Part
	for _, p := range f.Parts {
		if !p.OwnPart {
			out = append(out, p)
		}
	}
	return out
}

// Warnings are things the centre should know but that do not stop it: parts
// requested without the warranty-case tick ship at the centre's expense (the
// seed: «отправка будет осуществлена за ВАШ счет»). The API returns them
// beside a successful save or submission.
func (f Fields) Warnings() []apperr.FieldError {
	var out []apperr.FieldError
	if !isTrue(f.WarrantyCase) && !isTrue(f.PaidOrder) && len(f.PartsToShip()) > 0 {
		out = append(out, apperr.FieldError{
			Field:     "warrantyCase",
			Code:      CodeNotWarrantyCase,
			Message:   "Гарантийный случай не отмечен: запчасти будут отправлены за счёт сервисного центра",
			MessageEN: "Not marked as a warranty case: parts will ship at the service centre's expense",
			Step:      StepDiagnostics,
		})
	}
	if f.Category != nil && *f.Category == OtherCategory && (f.Article == nil || len(strings.Fields(*f.Article)) < 2) {
		out = append(out, apperr.FieldError{
			Field:     "article",
			Code:      CodeFullNameWanted,
			Message:   "Категория «Другое»: укажите в артикуле полное наименование изделия, модель и производителя",
			MessageEN: "Category «Другое»: give the product's full name, model and maker in the article",
			Step:      StepProduct,
		})
	}
	return out
}

// Compensation is what the wholesaler pays back for the centre's own parts
// on a warranty case: price times quantity of every own part.
func (f Fields) Compensation() Money {
	var total Money
	if !isTrue(f.WarrantyCase) {
		return 0
	}
	for _, p := range f.Parts {
		if p.OwnPart {
			total += p.Price * Money(p.Quantity)
		}
	}
	return total
}

// FieldChange is one field edit for the act's history, with the values as the
// API shows them; Old or New is nil when the field was empty.
type FieldChange struct {
	Field string `json:"field"`
	Old   any    `json:"old"`
	New   any    `json:"new"`
}

// Changes lists the fields that differ between before and after, in form
// order, so every edit — the centre's or a manager's correction — is recorded
// with old and new values. An empty parts list and no parts list are the same.
func Changes(before, after Fields) []FieldChange {
	b, a := reflect.ValueOf(before), reflect.ValueOf(after)
	var out []FieldChange
	for i, name := range fieldNames {
		old, cur := held(b.Field(i)), held(a.Field(i))
		if !reflect.DeepEqual(old, cur) {
			out = append(out, FieldChange{Field: name, Old: old, New: cur})
		}
	}
	return out
}

// held returns the value a pointer or slice field holds, nil when it holds none.
func held(v reflect.Value) any {
	switch {
	case v.IsNil() || v.Kind() == reflect.Slice && v.Len() == 0:
		return nil
	case v.Kind() == reflect.Pointer:
		return v.Elem().Interface()
	default:
		return v.Interface()
	}
}
