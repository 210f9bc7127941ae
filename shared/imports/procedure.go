// Package imports holds the rules of the key users' outlet and route loads:
// which procedures exist and how their S3 keys and file names look, how a
// spreadsheet's header is matched to known columns, how each row is parsed
// and validated, and the rules that span rows (unique codes, RDC shares,
// references to outlets already loaded). It reads rows from shared/sheets and
// reaches stored outlets only through the small OutletDirectory port, so it
// runs without AWS.
package imports

import (
	"path"
	"strings"

	"aftersales/shared/apperr"
)

// Procedure is one kind of load a key user can run, named as in the S3 key.
type Procedure string

// The procedures of the seed's WebTool, each also available as a check-only
// (dry) run.
const (
	// OutletsUpdate («Загрузка торговых точек») changes outlets the
	// distributor already owns; an unknown code is a row error.
	OutletsUpdate Procedure = "outlets-update"
	// OutletsFirstLoad («Загрузчик ТТ (Первая загрузка)») creates outlets; a
	// code that already exists is a row error.
	OutletsFirstLoad Procedure = "outlets-first-load"
	// Routes («Загрузка маршрутов») replaces each route in the file as a whole.
	Routes Procedure = "routes"
	// Serials («Загрузка реестра серийных номеров») adds or replaces the
	// registry records of the serials in the file; managers load it, under
	// the HQ segment of the key instead of a distributor's id.
	Serials Procedure = "serials"
)

// HQ is the key segment, and the protocols' owner, of the loads managers
// run for the wholesaler itself (Serials): they belong to no distributor.
const HQ = "hq"

// ByStaff reports whether p is a managers' load, kept under HQ.
func (p Procedure) ByStaff() bool { return p == Serials }

// checkSuffix marks a check-only run in a key's first segment.
const checkSuffix = "-check"

// Valid reports whether p is one of the procedures.
func (p Procedure) Valid() bool {
	return p == OutletsUpdate || p == OutletsFirstLoad || p == Routes || p == Serials
}

// LoadsOutlets reports whether p reads an Outlets file (as opposed to Routes).
func (p Procedure) LoadsOutlets() bool { return p == OutletsUpdate || p == OutletsFirstLoad }

// Title is the procedure's name as key users know it from the seed system.
func (p Procedure) Title() string {
	switch p {
	case OutletsUpdate:
		return "Загрузка торговых точек"
	case OutletsFirstLoad:
		return "Загрузчик ТТ (Первая загрузка)"
	case Routes:
		return "Загрузка маршрутов"
	case Serials:
		return "Загрузка реестра серийных номеров"
	}
	return string(p)
}

// ParseKey splits an imports-bucket key (already URL-decoded) laid out as
// {procedure}[-check]/{distributorId}/{uploadId}/{file name}, where a
// managers' procedure has HQ in place of the distributor. Ids are
// 1–64 characters of [A-Za-z0-9_-], so they are safe inside storage keys;
// the file name is the last segment and may not be empty.
func ParseKey(key string) (proc Procedure, checkOnly bool, distributorID, uploadID, fileName string, err error) {
	parts := strings.Split(key, "/")
	if len(parts) != 4 {
		return "", false, "", "", "", badKey(key, "ожидается вид «процедура/дистрибьютор/загрузка/имя файла»",
			"want procedure/distributor/upload/file name")
	}
	first, distributorID, uploadID, fileName := parts[0], parts[1], parts[2], parts[3]
	if p, ok := strings.CutSuffix(first, checkSuffix); ok {
		first, checkOnly = p, true
	}
	proc = Procedure(first)
	switch {
	case !proc.Valid():
		return "", false, "", "", "", badKey(key, "неизвестная процедура «"+parts[0]+"»", "unknown procedure "+parts[0])
	case !validID(distributorID):
		return "", false, "", "", "", badKey(key, "неверный код дистрибьютора", "bad distributor id")
	case proc.ByStaff() && distributorID != HQ:
		return "", false, "", "", "", badKey(key, "процедура «"+parts[0]+"» загружается в папку «"+HQ+"»",
			"procedure "+parts[0]+" is loaded under "+HQ)
	case !proc.ByStaff() && distributorID == HQ:
		return "", false, "", "", "", badKey(key, "в папке «"+HQ+"» загружается только реестр серийных номеров",
			"only serials are loaded under "+HQ)
	case !validID(uploadID):
		return "", false, "", "", "", badKey(key, "неверный код загрузки", "bad upload id")
	case strings.TrimSpace(fileName) == "":
		return "", false, "", "", "", badKey(key, "нет имени файла", "no file name")
	}
	return proc, checkOnly, distributorID, uploadID, fileName, nil
}

// Key is the imports-bucket key of an upload, the inverse of ParseKey:
// {procedure}[-check]/{distributorId}/{uploadId}/{file name}.
func Key(proc Procedure, checkOnly bool, distributorID, uploadID, fileName string) string {
	first := string(proc)
	if checkOnly {
		first += checkSuffix
	}
	return first + "/" + distributorID + "/" + uploadID + "/" + fileName
}

func badKey(key, ru, en string) *apperr.Error {
	return apperr.New(apperr.Invalid, "Неверный путь к файлу «"+key+"»: "+ru, "bad import key "+key+": "+en)
}

func validID(s string) bool {
	return s != "" && len(s) <= 64 && strings.Trim(s, codeAlphabet) == ""
}

// codeAlphabet is every character an outlet code or an id may hold.
const codeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"

// FileNames is the file name pattern of the procedure, as key users are
// told it (in Russian).
func (p Procedure) FileNames() string { return p.fileNames("или") }

// FileNamesEN is the same pattern for the English message.
func (p Procedure) FileNamesEN() string { return p.fileNames("or") }

func (p Procedure) fileNames(or string) string {
	prefix := "Outlets"
	switch p {
	case Routes:
		prefix = "Routes"
	case Serials:
		prefix = "Serials"
	}
	return prefix + "*.xlsx " + or + " " + prefix + "*.xls"
}

// NameMatches reports whether a file name fits the procedure, as the seed
// requires: Outlets*.xlsx or Outlets*.xls for outlet procedures,
// Routes*.xlsx or Routes*.xls for routes, Serials*.xlsx or Serials*.xls for
// the serial registry, in any letter case.
func NameMatches(proc Procedure, fileName string) bool {
	var prefix string
	switch {
	case proc.LoadsOutlets():
		prefix = "outlets"
	case proc == Routes:
		prefix = "routes"
	case proc == Serials:
		prefix = "serials"
	default:
		return false
	}
	name := strings.ToLower(fileName)
	ext := path.Ext(name)
	return (ext == ".xlsx" || ext == ".xls") && strings.HasPrefix(name, prefix)
}
