package imports

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"aftersales/shared/apperr"
)

// Field is one column the loads know, whatever the file calls it.
type Field int

// The outlet fields, the route fields, in the order of imports.md, then the
// serial registry's (eligibility-ledger.md).
const (
	FieldCode Field = iota
	FieldName
	FieldLegalName
	FieldINN
	FieldAddress
	FieldCity
	FieldRegion
	FieldLatitude
	FieldLongitude
	FieldSubtype
	FieldChannel
	FieldStatus
	FieldRDCCode
	FieldRDCShare
	FieldLocalCode
	// The RDC record's fields (rdc.go): only rows of subtype РЦ fill them.
	FieldRDCExternalCode
	FieldRDCName
	FieldRDCActivity
	FieldRDCMethod
	FieldRDCToSelf
	FieldRDCStart
	FieldRDCEnd
	FieldRDCStatus

	FieldRouteCode
	FieldTerritoryCode
	FieldAgent
	FieldOutletCode
	FieldVisitDays
	FieldFrequency
	FieldStartDate
	FieldOrder

	FieldSerial
	FieldArticle
	FieldProduced
	FieldShipped
	FieldDealer

	numFields
)

// fieldSpec is how one field is spelled in a header. The first Russian and
// English names are the template's; aliases are other spellings key users
// write. All are compared after fold.
type fieldSpec struct {
	field    Field
	ru, en   string
	aliases  []string
	required bool
}

var outletFields = []fieldSpec{
	{FieldCode, "Код ГО", "Code", []string{"Outlet code", "Global code", "Код ГО ТТ"}, true},
	{FieldName, "Название", "Name", []string{"Наименование", "Outlet name"}, true},
	{FieldLegalName, "Юридическое название", "Legal name", []string{"Юр. название", "Юридическое наименование", "Юрлицо"}, false},
	{FieldINN, "ИНН", "INN", []string{"TIN", "Tax ID"}, false},
	{FieldAddress, "Адрес", "Address", nil, true},
	{FieldCity, "Город", "City", nil, true},
	{FieldRegion, "Регион", "Region", []string{"Область"}, false},
	{FieldLatitude, "Широта", "Latitude", []string{"Lat"}, false},
	{FieldLongitude, "Долгота", "Longitude", []string{"Lon", "Lng"}, false},
	{FieldSubtype, "Подтип", "Subtype", []string{"Подтип ТТ", "Outlet subtype"}, true},
	{FieldChannel, "Канал", "Channel", []string{"Канал сбыта"}, false},
	{FieldStatus, "Статус", "Status", nil, false},
	{FieldRDCCode, "Код РЦ", "RDC code", []string{"РЦ", "RDC"}, false},
	{FieldRDCShare, "Доля РЦ", "RDC share", []string{"Доля", "Share"}, false},
	{FieldLocalCode, "Локальный код", "Local code", []string{"Код дистрибьютора", "Distributor code"}, false},
	{FieldRDCExternalCode, "Внешний код РЦ", "RDC external code", []string{"Внешний код"}, false},
	{FieldRDCName, "Название РЦ", "RDC name", []string{"Распределительный центр"}, false},
	{FieldRDCActivity, "Тип деятельности", "Activity type", []string{"Тип деятельности РЦ"}, false},
	{FieldRDCMethod, "Метод распределения", "Distribution method", nil, false},
	{FieldRDCToSelf, "Распределять продажи на точку – РЦ", "Distribute sales to the RDC outlet", []string{"Распределять продажи на РЦ"}, false},
	{FieldRDCStart, "Дата начала РЦ", "RDC start date", nil, false},
	{FieldRDCEnd, "Дата окончания РЦ", "RDC end date", nil, false},
	{FieldRDCStatus, "Статус РЦ", "RDC status", nil, false},
}

var routeFields = []fieldSpec{
	{FieldRouteCode, "Код маршрута", "Route code", []string{"Маршрут", "Route"}, true},
	{FieldTerritoryCode, "Код территории", "Territory code", []string{"Территория", "Territory"}, true},
	{FieldAgent, "Сотрудник", "Agent", []string{"Торговый агент", "Employee"}, false},
	{FieldOutletCode, "Код ГО ТТ", "Outlet code", []string{"Код ГО", "Код ТТ"}, true},
	{FieldVisitDays, "Дни визита", "Visit days", []string{"Дни посещения", "Days"}, true},
	{FieldFrequency, "Частота", "Frequency", []string{"Периодичность"}, false},
	{FieldStartDate, "Дата начала", "Start date", []string{"Начало"}, false},
	{FieldOrder, "Порядок", "Order", []string{"Порядок визита", "Visit order"}, false},
}

var serialFields = []fieldSpec{
	{FieldSerial, "Серийный номер", "Serial", []string{"Серийный", "Серийный №", "S/N", "SN", "Serial number", "Заводской номер"}, true},
	{FieldArticle, "Артикул", "Article", []string{"Модель", "Model", "SKU"}, true},
	{FieldProduced, "Дата производства", "Production date", []string{"Произведено", "Дата выпуска", "Produced"}, true},
	{FieldShipped, "Дата отгрузки", "Shipped date", []string{"Дата отгрузки оптовику", "Отгружено", "Shipped"}, false},
	{FieldDealer, "Дилер", "Dealer", []string{"Покупатель", "Продано дилеру", "Sold to"}, false},
}

// headerIndex maps a normalised spelling to its field, per procedure kind.
var outletHeaders, routeHeaders, serialHeaders = headerIndex(outletFields), headerIndex(routeFields), headerIndex(serialFields)

func headerIndex(specs []fieldSpec) map[string]fieldSpec {
	m := map[string]fieldSpec{}
	for _, s := range specs {
		for _, name := range append([]string{s.ru, s.en}, s.aliases...) {
			m[fold(name)] = s
		}
	}
	return m
}

// fold prepares a header or a value for matching against known spellings:
// lower case, ё as е, and only letters and digits, so "Код  ГО:", "код го"
// and "КОД-ГО" are one header and "Раз в 2 недели" is "разв2недели".
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == 'ё':
			b.WriteRune('е')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Columns says where each known field sits in a file and what the file
// calls it. Its zero value has no columns.
type Columns struct {
	pos    [numFields]int // column index + 1; 0 when the file has no such column
	header [numFields]string
}

// Has reports whether the file has a column for f. An absent optional column
// means "leave as is" to a load, unlike a present but empty cell.
func (c Columns) Has(f Field) bool { return f >= 0 && f < numFields && c.pos[f] > 0 }

// Header is the file's own header text for f, which row errors name, or
// the template's Russian name when the file has no such column.
func (c Columns) Header(f Field) string {
	switch {
	case c.Has(f):
		return c.header[f]
	case f >= 0 && f < numFields:
		return templateNames[f]
	}
	return ""
}

// templateNames are the fields' Russian template headers.
var templateNames = func() (names [numFields]string) {
	for _, s := range slices.Concat(outletFields, routeFields, serialFields) {
		names[s.field] = s.ru
	}
	return names
}()

// index is the 0-based column of f, or -1.
func (c Columns) index(f Field) int { return c.pos[f] - 1 }

// MatchHeaders finds the known columns in a header row. Matching ignores
// case, spaces and punctuation and accepts Russian or English in any order.
// Each unknown column yields one Russian warning and is ignored; missing
// required columns and a column given twice make the file unusable, reported
// as one apperr.Invalid error naming them all.
func MatchHeaders(proc Procedure, headers []string) (Columns, []string, error) {
	var cols Columns
	var specs []fieldSpec
	var index map[string]fieldSpec
	switch {
	case proc.LoadsOutlets():
		specs, index = outletFields, outletHeaders
	case proc == Routes:
		specs, index = routeFields, routeHeaders
	case proc == Serials:
		specs, index = serialFields, serialHeaders
	default:
		return cols, nil, apperr.New(apperr.Invalid, "Неизвестная процедура «"+string(proc)+"»", "unknown procedure "+string(proc))
	}
	var warnings, problems []string
	for i, h := range headers {
		name := fold(h)
		if name == "" {
			continue
		}
		spec, ok := index[name]
		switch {
		case !ok:
			warnings = append(warnings, "Столбец "+columnName(i)+" «"+strings.TrimSpace(h)+"» не распознан и пропущен")
		case cols.pos[spec.field] > 0:
			problems = append(problems, "столбец «"+spec.ru+"» указан дважды: "+
				columnName(cols.index(spec.field))+" и "+columnName(i))
		default:
			cols.pos[spec.field] = i + 1
			cols.header[spec.field] = strings.TrimSpace(h)
		}
	}
	var missing []string
	for _, s := range specs {
		if s.required && !cols.Has(s.field) {
			missing = append(missing, "«"+s.ru+"» ("+s.en+")")
		}
	}
	if len(missing) > 0 {
		problems = append([]string{"нет обязательных столбцов: " + strings.Join(missing, ", ")}, problems...)
	}
	if len(problems) > 0 {
		return cols, warnings, apperr.New(apperr.Invalid,
			"Заголовок файла не подходит для процедуры «"+proc.Title()+"»: "+strings.Join(problems, "; "),
			"the header does not fit procedure "+string(proc))
	}
	return cols, warnings, nil
}

// columnName is the letter name Excel gives a 0-based column index: A, Z, AA…
func columnName(i int) string {
	if i < 0 {
		return strconv.Itoa(i)
	}
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}
