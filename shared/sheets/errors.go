package sheets

import "fmt"

// Code says why a file could not be read, stably enough for a load protocol
// to store and for callers to branch on.
type Code string

// The reasons a file is refused.
const (
	CodeTooLarge       Code = "too_large"       // the file is over Limits.MaxBytes
	CodeTooManyRows    Code = "too_many_rows"   // more data rows than Limits.MaxRows
	CodeUnzipLimit     Code = "unzip_limit"     // an .xlsx unpacks beyond Limits.MaxUnzipped: a zip bomb or a bloated file
	CodeCorrupt        Code = "corrupt"         // a damaged archive or workbook
	CodeNotSpreadsheet Code = "not_spreadsheet" // a picture, a PDF, an empty file…; Error.Kind says which
	CodeEncrypted      Code = "encrypted"       // password-protected
)

// Error is why a file could not be read, with a Russian reason a key user can
// act on. The cause stays in Err for logs and is never shown to users.
type Error struct {
	Code   Code
	Kind   Kind   // what the bytes are
	Reason string // Russian, one sentence, fit for a load protocol and an e-mail
	Err    error
}

// Error gives the code, the reason and the cause, for logs.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("sheets: %s (%s): %v", e.Code, e.Reason, e.Err)
	}
	return fmt.Sprintf("sheets: %s (%s)", e.Code, e.Reason)
}

// Unwrap exposes the cause to errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

func corrupt(k Kind, err error) *Error {
	return &Error{Code: CodeCorrupt, Kind: k, Err: err,
		Reason: "Файл повреждён и не читается: откройте его в Excel, сохраните заново и загрузите ещё раз"}
}

func encrypted(k Kind) *Error {
	return &Error{Code: CodeEncrypted, Kind: k,
		Reason: "Книга защищена паролем: снимите защиту в Excel и загрузите файл ещё раз"}
}

// notSpreadsheet explains, for each kind that cannot be read, what the file
// is and what to do instead.
func notSpreadsheet(k Kind) *Error {
	var reason string
	switch k {
	case KindEmpty:
		reason = "Файл пустой"
	case KindPNG, KindJPEG:
		reason = "Это " + k.String() + ", а не таблица: загрузите книгу Excel (.xlsx или .xls)"
	case KindPDF:
		reason = "Это документ PDF, а не таблица: загрузите исходную книгу Excel (.xlsx или .xls)"
	case KindODS:
		reason = "Это таблица OpenDocument (.ods): сохраните её как книгу Excel (.xlsx) и загрузите ещё раз"
	case KindZip:
		reason = "Это zip-архив, а не книга Excel: загрузите саму книгу (.xlsx или .xls)"
	default:
		reason = "Файл не является книгой Excel (.xlsx или .xls); если это CSV или текст, сохраните его в Excel как .xlsx"
	}
	return &Error{Code: CodeNotSpreadsheet, Kind: k, Reason: reason}
}
