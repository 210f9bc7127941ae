// Package desk is the service centre's front desk: its customers (several
// phones, consent to SMS and e-mail) and their devices (a serial unique
// within the centre), and the search a receptionist types into — by phone
// in any format or its last digits, by name, or by a device's serial.
// Everything here belongs to one centre; another centre's customer or
// device answers NotFound. It is plain Go with no infrastructure imports.
package desk

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"aftersales/shared/apperr"
)

// Customer is a person or company the centre serves.
type Customer struct {
	ID       string `json:"id"`
	CentreID string `json:"serviceCenterId"`
	Name     string `json:"name"`
	// Phones are E.164, the first one the main number; at least one.
	Phones       []string  `json:"phones"`
	Email        string    `json:"email,omitempty"`
	Address      string    `json:"address,omitempty"`
	Notes        string    `json:"notes,omitempty"`
	ConsentSMS   bool      `json:"consentSms"`
	ConsentEmail bool      `json:"consentEmail"`
	Version      int       `json:"version"`
	CreatedBy    string    `json:"createdBy"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
}

// CustomerInput is what the front desk types about a customer; Version is
// the version an edit is based on (ignored on creation).
type CustomerInput struct {
	Name         string   `json:"name"`
	Phones       []string `json:"phones"`
	Email        string   `json:"email"`
	Address      string   `json:"address"`
	Notes        string   `json:"notes"`
	ConsentSMS   bool     `json:"consentSms"`
	ConsentEmail bool     `json:"consentEmail"`
	Version      int      `json:"version"`
}

// Device is one unit a customer brought in. Serial is upper-cased and
// unique within the centre; empty means the unit has none («Б/Н»).
type Device struct {
	ID           string    `json:"id"`
	CentreID     string    `json:"serviceCenterId"`
	CustomerID   string    `json:"customerId"`
	Category     string    `json:"category"`
	Maker        string    `json:"maker,omitempty"`
	Model        string    `json:"model"`
	Serial       string    `json:"serial,omitempty"`
	SaleDate     string    `json:"saleDate,omitempty"` // YYYY-MM-DD
	Seller       string    `json:"seller,omitempty"`
	WarrantyCard bool      `json:"warrantyCard"`
	CreatedBy    string    `json:"createdBy"`
	CreatedAt    time.Time `json:"createdAt"`
}

// DeviceInput is what the front desk types about a device.
type DeviceInput struct {
	CustomerID   string `json:"customerId"`
	Category     string `json:"category"`
	Maker        string `json:"maker"`
	Model        string `json:"model"`
	Serial       string `json:"serial"`
	SaleDate     string `json:"saleDate"`
	Seller       string `json:"seller"`
	WarrantyCard bool   `json:"warrantyCard"`
}

// Phones reads a typed phone number into E.164; region decides numbers
// written without a country code (shared/phone/phone.Parse).
type Phones func(typed, region string) (string, error)

// DefaultRegion is the country of numbers written without a country code.
const DefaultRegion = "RU"

// Limits of the forms, in characters.
const (
	MaxName   = 200
	MaxText   = 2000
	MaxSerial = 60
	MaxPhones = 5
)

// Field error codes; stable, clients branch on them.
const (
	CodeRequired     = "required"
	CodeTooLong      = "too_long"
	CodeTooMany      = "too_many"
	CodeInvalidPhone = "invalid_phone"
	CodeInvalidEmail = "invalid_email"
	CodeInvalidDate  = "invalid_date"
	CodeDuplicate    = "duplicate"
	CodeSerialTaken  = "serial_taken"
	CodeOutOfRange   = "out_of_range"
)

// fieldErrors collects a form's problems (apperr.Fields) with the desk's
// own checks beside the shared ones.
type fieldErrors struct{ apperr.Fields }

func (e *fieldErrors) add(field, code, ru, en string) { e.Add(field, code, ru, en) }

func (e fieldErrors) err() error { return e.Err() }

func (e *fieldErrors) text(field string, v *string, limit int, required bool) {
	e.Text(field, v, limit, required)
}

// MaxVersion bounds the version a change names.
const MaxVersion = 999_999_999

func (e *fieldErrors) version(v int) {
	if v < 0 || v > MaxVersion {
		e.add("version", CodeOutOfRange, "Неверная версия", "Version out of range")
	}
}

// date checks an optional YYYY-MM-DD.
func (e *fieldErrors) date(field, v string) {
	if v == "" {
		return
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		e.add(field, CodeInvalidDate, "Дата в формате ГГГГ-ММ-ДД", "A date as YYYY-MM-DD")
	}
}

// MaxID bounds an id taken from a request: ids are ULIDs, and a longer one
// cannot exist (nor make a key DynamoDB accepts).
const MaxID = 100

func plausibleID(id string) bool { return id != "" && len(id) <= MaxID }

// normalizeCustomer trims the input, parses every phone into E.164 (region
// decides numbers written without a country code) and reports every problem
// at once.
func normalizeCustomer(in CustomerInput, region string, parse Phones) (CustomerInput, error) {
	var errs fieldErrors
	errs.text("name", &in.Name, MaxName, true)
	in.Name = strings.Join(strings.Fields(in.Name), " ")
	errs.text("address", &in.Address, MaxText, false)
	errs.text("notes", &in.Notes, MaxText, false)
	errs.version(in.Version)
	tooLong := utf8.RuneCountInString(in.Email) > 254
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	if in.Email != "" && (tooLong || !looksLikeEmail(in.Email)) {
		errs.add("email", CodeInvalidEmail, "Проверьте адрес электронной почты", "Not an e-mail address")
	}
	switch {
	case len(in.Phones) == 0:
		errs.add("phones", CodeRequired, "Укажите хотя бы один телефон", "At least one phone is required")
	case len(in.Phones) > MaxPhones:
		errs.add("phones", CodeTooMany, "Не больше "+strconv.Itoa(MaxPhones)+" телефонов", "At most "+strconv.Itoa(MaxPhones)+" phones")
	}
	phones := make([]string, 0, len(in.Phones))
	seen := map[string]bool{}
	for i, p := range in.Phones {
		field := "phones[" + strconv.Itoa(i) + "]"
		e164, err := parse(p, region)
		switch {
		case err != nil:
			errs.add(field, CodeInvalidPhone, "Не похоже на номер телефона: "+clip(p), "Not a phone number")
		case seen[e164]:
			errs.add(field, CodeDuplicate, "Этот номер уже указан", "The number is listed twice")
		default:
			seen[e164] = true
			phones = append(phones, e164)
		}
	}
	in.Phones = phones
	return in, errs.err()
}

// normalizeDevice trims the input and upper-cases the serial; «Б/Н» and
// its spellings mean no serial.
func normalizeDevice(in DeviceInput) (DeviceInput, error) {
	var errs fieldErrors
	if !plausibleID(in.CustomerID) {
		errs.add("customerId", CodeRequired, "Выберите клиента", "Choose the customer")
	}
	errs.text("category", &in.Category, MaxName, true)
	errs.text("maker", &in.Maker, MaxName, false)
	errs.text("model", &in.Model, MaxName, true)
	errs.text("serial", &in.Serial, MaxSerial, false)
	errs.text("seller", &in.Seller, MaxName, false)
	errs.date("saleDate", in.SaleDate)
	in.Serial = NormalizeSerial(in.Serial)
	return in, errs.err()
}

// NormalizeSerial is a serial as stored and compared: upper case, no
// surrounding or inner blanks; "" for a unit without one (Б/Н, БН, N/A).
func NormalizeSerial(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	switch s {
	case "Б/Н", "БН", "Б\\Н", "N/A", "-":
		return ""
	}
	return s
}

func looksLikeEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(s, " \t<>,;") &&
		!strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// clip keeps a user's bad value short enough to echo back.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}
