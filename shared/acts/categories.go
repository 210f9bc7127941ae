package acts

import (
	"context"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// MaxCategoryName bounds a category's name.
const MaxCategoryName = 100

var (
	errUnknownCategory = errors.New("unknown category")
	unknownCategory    = apperr.FieldError{Field: "category", Code: "unknown_category",
		Message:   "Выберите наименование из списка категорий",
		MessageEN: "Choose a category from the list"}
	errStaffOnly = apperr.New(apperr.Forbidden,
		"Список категорий ведут менеджеры", "Managers keep the category list")
)

// categoryName returns the active category that name means, ignoring case
// and surrounding space, spelt as managers keep it; errUnknownCategory when
// there is none.
func (s *Service) categoryName(ctx context.Context, name string) (string, error) {
	all, err := s.store.Categories(ctx)
	if err != nil {
		return "", apperr.Wrap(err, "read categories")
	}
	for _, c := range all {
		if c.Active && strings.EqualFold(c.Name, strings.TrimSpace(name)) {
			return c.Name, nil
		}
	}
	return "", errUnknownCategory
}

// Categories lists the categories by name; retired ones only when all is set
// (managers editing the list).
func (s *Service) Categories(ctx context.Context, all bool) ([]Category, error) {
	list, err := s.store.Categories(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, "read categories")
	}
	out := []Category{}
	for _, c := range list {
		if all || c.Active {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b Category) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return out, nil
}

// CreateCategory adds an active category.
func (s *Service) CreateCategory(ctx context.Context, c auth.Caller, name string) (Category, error) {
	if !c.Role.Staff() {
		return Category{}, errStaffOnly
	}
	name, err := checkCategoryName(name)
	if err != nil {
		return Category{}, err
	}
	now := s.now()
	cat := Category{ID: s.newID(), Name: name, Active: true, CreatedAt: now, UpdatedAt: now}
	return cat, storeError(s.store.PutCategory(ctx, cat, ""), "create category")
}

// CategoryPatch changes a category: its name, or whether acts may choose it.
type CategoryPatch struct {
	Name   *string
	Active *bool
}

// UpdateCategory renames, retires or restores a category. Acts already filed
// keep the name they were filed with.
func (s *Service) UpdateCategory(ctx context.Context, c auth.Caller, id string, p CategoryPatch) (Category, error) {
	if !c.Role.Staff() {
		return Category{}, errStaffOnly
	}
	list, err := s.store.Categories(ctx)
	if err != nil {
		return Category{}, apperr.Wrap(err, "read categories")
	}
	i := slices.IndexFunc(list, func(c Category) bool { return c.ID == id })
	if i < 0 {
		return Category{}, auth.NotFound()
	}
	cat := list[i]
	previous := cat.Name
	if p.Name != nil {
		if cat.Name, err = checkCategoryName(*p.Name); err != nil {
			return Category{}, err
		}
	}
	if p.Active != nil {
		cat.Active = *p.Active
	}
	cat.UpdatedAt = s.now()
	return cat, storeError(s.store.PutCategory(ctx, cat, previous), "update category "+id)
}

// SeedCategories adds every DefaultCategories name that is not there yet; a
// second run adds nothing. Local stacks and new installations start with it.
func (s *Service) SeedCategories(ctx context.Context) error {
	list, err := s.store.Categories(ctx)
	if err != nil {
		return apperr.Wrap(err, "read categories")
	}
	for _, name := range DefaultCategories {
		if slices.ContainsFunc(list, func(c Category) bool { return strings.EqualFold(c.Name, name) }) {
			continue
		}
		now := s.now()
		err := s.store.PutCategory(ctx, Category{ID: s.newID(), Name: name, Active: true, CreatedAt: now, UpdatedAt: now}, "")
		if err != nil && !errors.Is(err, ErrCategoryTaken) {
			return apperr.Wrap(err, "seed category "+name)
		}
	}
	return nil
}

func checkCategoryName(name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case name == "":
		return "", apperr.Field("name", CodeRequired, "Обязательное поле", "Required")
	case utf8.RuneCountInString(name) > MaxCategoryName:
		return "", apperr.Field("name", CodeTooLong, "Не длиннее 100 символов", "At most 100 characters")
	}
	return name, nil
}
