package desk

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/money"
)

// Work is one entry of a centre's price list of works (service-centre.md
// «Work and parts lines … from the centre's price list of works»). A line
// picked from it copies the name and the price, which stay editable on the
// order: changing the list later changes no order.
type Work struct {
	ID    string    `json:"id"`
	Code  string    `json:"code,omitempty"`
	Name  string    `json:"name"`
	Price money.RUB `json:"price"`
}

// PriceList is a centre's works, in the order the admin keeps them. The
// spec gives works no norm time (norms belong to statuses), so none here.
type PriceList struct {
	Works   []Work `json:"works"`
	Version int    `json:"version"`
}

// PriceListInput is an admin's edit of the price list: every work with
// its price given (0 for a free one, said so), Version the list's version
// the edit is based on.
type PriceListInput struct {
	Works   []WorkInput `json:"works"`
	Version int         `json:"version"`
}

// WorkInput is a work as typed; ID is empty for a new one.
type WorkInput struct {
	ID    string     `json:"id"`
	Code  string     `json:"code"`
	Name  string     `json:"name"`
	Price *money.RUB `json:"price"`
}

// Limits of the price list. MaxWorks keeps the whole list in one item
// well under DynamoDB's 400 KB even with the longest names.
const (
	MaxWorks    = 500
	MaxWorkCode = 20
	// MaxPrice is the dearest price a line or a work may carry: 100 million roubles.
	MaxPrice money.RUB = 100_000_000_00
)

// CodeUnknown refuses an id that names nothing the centre has.
const CodeUnknown = "unknown"

// normalizePriceList checks an admin's edit against the stored list: every
// work named, priced 0..MaxPrice, codes unique (ignoring case), ids either
// new (empty) or ones the stored list has; newID names the new works.
func normalizePriceList(in PriceListInput, stored PriceList, newID auth.IDGen) (PriceList, error) {
	var errs fieldErrors
	if in.Works == nil {
		// An empty list is sent as []; no list at all is a mistake, not «clear it».
		errs.add("works", CodeRequired, "Передайте список работ (пустой — [])", "works is required ([] for none)")
		return PriceList{}, errs.err()
	}
	if len(in.Works) > MaxWorks {
		errs.add("works", CodeTooMany, "Не больше "+strconv.Itoa(MaxWorks)+" работ в прейскуранте", "At most 500 works")
		return PriceList{}, errs.err()
	}
	known := map[string]bool{}
	for _, w := range stored.Works {
		known[w.ID] = true
	}
	codes, ids := map[string]bool{}, map[string]bool{}
	out := PriceList{Works: make([]Work, 0, len(in.Works)), Version: in.Version}
	for i, in := range in.Works {
		f := "works[" + strconv.Itoa(i) + "]"
		w := Work{ID: in.ID, Code: in.Code, Name: in.Name}
		errs.text(f+".name", &w.Name, MaxName, true)
		w.Name = strings.Join(strings.Fields(w.Name), " ")
		errs.text(f+".code", &w.Code, MaxWorkCode, false)
		if c := strings.ToUpper(w.Code); c != "" {
			if codes[c] {
				errs.add(f+".code", CodeDuplicate, "Код "+w.Code+" уже есть в прейскуранте", "The code is used twice")
			}
			codes[c] = true
		}
		switch {
		case in.Price == nil:
			errs.add(f+".price", CodeRequired, "Укажите цену (0 — бесплатно)", "Price is required")
		case *in.Price < 0 || *in.Price > MaxPrice:
			errs.add(f+".price", CodeOutOfRange, "Цена от 0 до 100 000 000 ₽", "0 to 100,000,000")
		default:
			w.Price = *in.Price
		}
		switch {
		case w.ID == "":
			w.ID = newID()
		case !known[w.ID] || ids[w.ID]:
			errs.add(f+".id", CodeUnknown, "Такой работы нет в прейскуранте: обновите страницу", "No such work in the price list")
		}
		ids[w.ID] = true
		out.Works = append(out.Works, w)
	}
	return out, errs.err()
}

// Find is the work with id, if the list has it.
func (p PriceList) Find(id string) (Work, bool) {
	for _, w := range p.Works {
		if w.ID == id {
			return w, true
		}
	}
	return Work{}, false
}

// PriceList is the caller's centre's price list (empty until the admin
// saves one); every centre role reads it to pick works from it.
func (s *Service) PriceList(ctx context.Context, c auth.Caller) (PriceList, error) {
	sc, err := centre(c)
	if err != nil {
		return PriceList{}, err
	}
	return s.priceList(ctx, sc)
}

func (s *Service) priceList(ctx context.Context, sc string) (PriceList, error) {
	p, err := s.repairs.PriceList(ctx, sc)
	switch {
	case errors.Is(err, auth.ErrNotFound):
		return PriceList{Works: []Work{}}, nil
	case err != nil:
		return PriceList{}, apperr.Wrap(err, "read price list of "+sc)
	}
	if p.Works == nil {
		p.Works = []Work{}
	}
	return p, nil
}

// SavePriceList replaces the caller's centre's price list: the centre
// admin's edit, on condition nobody saved it since in.Version.
func (s *Service) SavePriceList(ctx context.Context, c auth.Caller, in PriceListInput) (PriceList, error) {
	sc, err := adminCentre(c)
	if err != nil {
		return PriceList{}, err
	}
	stored, err := s.priceList(ctx, sc)
	if err != nil {
		return PriceList{}, err
	}
	if in.Version != stored.Version {
		return PriceList{}, errStalePriceList
	}
	out, err := normalizePriceList(in, stored, s.newID)
	if err != nil {
		return PriceList{}, err
	}
	out.Version = stored.Version + 1
	if err := saved(s.repairs.PutPriceList(ctx, sc, stored.Version, out), errStalePriceList, "save price list of "+sc); err != nil {
		return PriceList{}, err
	}
	return out, nil
}

// pickWork fills a work line picked from the price list: its name and price
// unless the line gives its own (both stay editable), and its code. A part
// cannot be picked from a list of works.
func (s *Service) pickWork(ctx context.Context, sc string, in LineInput) (LineInput, string, error) {
	if in.WorkID == "" {
		return in, "", nil
	}
	if in.Kind != "work" || utf8.RuneCountInString(in.WorkID) > MaxID {
		return in, "", apperr.Field("workId", CodeUnknown, "Из прейскуранта выбирают только работы", "Only works are picked from the price list")
	}
	p, err := s.priceList(ctx, sc)
	if err != nil {
		return in, "", err
	}
	w, ok := p.Find(in.WorkID)
	if !ok {
		return in, "", apperr.Field("workId", CodeUnknown, "Этой работы уже нет в прейскуранте", "No such work in the price list")
	}
	if strings.TrimSpace(in.Name) == "" {
		in.Name = w.Name
	}
	if in.Price == nil {
		in.Price = &w.Price
	}
	return in, w.Code, nil
}
