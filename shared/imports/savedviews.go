package imports

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// View is a user's saved directory view (seed 004: «Сохранить
// представление»): filters, columns and order, kept per user so it is there
// after the next sign-in.
type View struct {
	ID      string
	Owner   string // the user who saved it; nobody else sees it
	Name    string
	Filters map[string]string
	Columns []OutletColumn
	Sort    OutletSort
	Saved   time.Time
}

// ViewInput is what a user saves.
type ViewInput struct {
	Name    string
	Filters map[string]string
	Columns []OutletColumn
	Sort    OutletSort
}

// ViewStore keeps users' views.
type ViewStore interface {
	// Views lists an owner's views, oldest first.
	Views(ctx context.Context, owner string) ([]View, error)
	// PutView stores v whole.
	PutView(ctx context.Context, v View) error
	// DeleteView removes an owner's view; auth.ErrNotFound when there is none.
	DeleteView(ctx context.Context, owner, id string) error
}

// Limits of a saved view.
const (
	MaxViews       = 50
	maxViewName    = 100
	maxFilterValue = 200
)

// viewFilters are the directory's filters a view may keep (the list's query
// parameters, distributor included for admins).
var viewFilters = []string{"distributor", "code", "name", "city", "subtype", "status", "changedSince", "load", "localCode", "unmapped"}

// checkView applies a view's rules; a bad view is a 400 naming its fields.
func checkView(in ViewInput) error {
	var errs []apperr.FieldError
	if n := utf8.RuneCountInString(strings.TrimSpace(in.Name)); n == 0 || n > maxViewName {
		errs = append(errs, apperr.FieldError{Field: "name", Code: "invalid_value",
			Message: "Название представления — от 1 до 100 символов", MessageEN: "A view's name has 1 to 100 characters"})
	}
	for _, k := range slices.Sorted(maps.Keys(in.Filters)) {
		if !slices.Contains(viewFilters, k) || utf8.RuneCountInString(in.Filters[k]) > maxFilterValue {
			errs = append(errs, apperr.FieldError{Field: "filters." + k, Code: "invalid_value",
				Message: "Неизвестный фильтр или слишком длинное значение", MessageEN: "an unknown filter or too long a value"})
		}
	}
	if len(in.Columns) == 0 {
		errs = append(errs, apperr.FieldError{Field: "columns", Code: "invalid_value",
			Message: "Выберите хотя бы один столбец", MessageEN: "choose at least one column"})
	}
	seen := map[OutletColumn]bool{}
	for _, c := range in.Columns {
		if _, ok := columnOf(c); !ok || seen[c] {
			errs = append(errs, apperr.FieldError{Field: "columns", Code: "invalid_value",
				Message: "Неизвестный или повторённый столбец «" + string(c) + "»", MessageEN: "unknown or repeated column " + string(c)})
		}
		seen[c] = true
	}
	if _, err := ParseOutletSort(in.Sort.String()); err != nil {
		errs = append(errs, apperr.As(err).Fields...)
	}
	if len(errs) > 0 {
		return apperr.WithFields(errs)
	}
	return nil
}

// Views lists the caller's own saved views.
func (s *Service) Views(ctx context.Context, c auth.Caller) ([]View, error) {
	if err := viewer(c); err != nil {
		return nil, err
	}
	vs, err := s.views.Views(ctx, c.UserID)
	if err != nil {
		return nil, apperr.Wrap(err, "list saved views")
	}
	return vs, nil
}

// SaveView stores a view as the caller's: a new one when id is "", else
// the caller's view id replaced.
func (s *Service) SaveView(ctx context.Context, c auth.Caller, id string, in ViewInput) (View, error) {
	if err := viewer(c); err != nil {
		return View{}, err
	}
	if err := checkView(in); err != nil {
		return View{}, err
	}
	mine, err := s.views.Views(ctx, c.UserID)
	if err != nil {
		return View{}, apperr.Wrap(err, "list saved views")
	}
	exists := slices.ContainsFunc(mine, func(v View) bool { return v.ID == id })
	switch {
	case id != "" && !exists:
		return View{}, apperr.New(apperr.NotFound, "Представление не найдено", "view not found")
	case id == "" && len(mine) >= MaxViews:
		return View{}, apperr.New(apperr.TooMany, "Сохранено уже 50 представлений: удалите ненужные", "at most 50 views")
	case id == "":
		id = s.newID()
	}
	v := View{ID: id, Owner: c.UserID, Name: strings.TrimSpace(in.Name), Filters: in.Filters, Columns: in.Columns, Sort: in.Sort, Saved: s.now()}
	if err := s.views.PutView(ctx, v); err != nil {
		return View{}, apperr.Wrap(err, "save a view")
	}
	return v, nil
}

// DeleteView removes one of the caller's views.
func (s *Service) DeleteView(ctx context.Context, c auth.Caller, id string) error {
	if err := viewer(c); err != nil {
		return err
	}
	err := s.views.DeleteView(ctx, c.UserID, id)
	if err == auth.ErrNotFound {
		return apperr.New(apperr.NotFound, "Представление не найдено", "view not found")
	}
	if err != nil {
		return apperr.Wrap(err, "delete a view")
	}
	return nil
}

// viewer: views belong to the directory's readers (key users, admins).
func viewer(c auth.Caller) error {
	if c.Role != auth.RoleKeyUser && c.Role != auth.RoleAdmin {
		return apperr.New(apperr.Forbidden, "Представления справочников — для ключевых пользователей", "views are for key users")
	}
	return nil
}
