package notices

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"aftersales/shared/auth"
)

// Directory is the part of the identity store that tells who gets e-mails.
type Directory interface {
	Tenant(ctx context.Context, kind auth.TenantKind, id string) (auth.Tenant, error)
	// ListUsers lists all users, or one tenant's when tenant is set.
	ListUsers(ctx context.Context, tenant string, o auth.ListOptions) (auth.Page[auth.User], error)
}

// Centre is a service centre as e-mails address it.
type Centre struct {
	ID, Name string
	// Emails are the centre's own address and its enabled users' ones.
	Emails []string
	// Digest maps the addresses of the centre's users who chose the daily
	// digest to their user ids.
	Digest map[string]string
}

// People resolves recipients, remembering what it read so that a job
// mailing one centre about many acts reads the directory once. Make one per
// run or request: it does not notice later changes.
type People struct {
	dir     Directory
	mu      sync.Mutex
	centres map[string]Centre
}

// NewPeople returns an empty cache over dir.
func NewPeople(dir Directory) *People { return &People{dir: dir, centres: map[string]Centre{}} }

// Centre returns a service centre's name and addresses. A centre that is
// gone is answered by its id and no addresses, so a job never fails on it.
func (p *People) Centre(ctx context.Context, id string) (Centre, error) {
	p.mu.Lock()
	c, ok := p.centres[id]
	p.mu.Unlock()
	if ok {
		return c, nil
	}
	c = Centre{ID: id, Name: id}
	t, err := p.dir.Tenant(ctx, auth.KindServiceCenter, id)
	switch {
	case errors.Is(err, auth.ErrNotFound):
	case err != nil:
		return Centre{}, fmt.Errorf("read service centre %s: %w", id, err)
	default:
		c.Name = t.Name
		if t.Email != "" && !t.Disabled {
			c.Emails = append(c.Emails, t.Email)
		}
		users, err := p.users(ctx, id)
		if err != nil {
			return Centre{}, err
		}
		for _, u := range users {
			if u.Role != auth.RoleServiceCenter {
				continue
			}
			if !slices.Contains(c.Emails, u.Email) {
				c.Emails = append(c.Emails, u.Email)
			}
			if u.MailMode() == auth.MailDigest {
				if c.Digest == nil {
					c.Digest = map[string]string{}
				}
				c.Digest[u.Email] = u.ID
			}
		}
	}
	p.mu.Lock()
	p.centres[id] = c
	p.mu.Unlock()
	return c, nil
}

// Managers are the enabled managers with an e-mail address.
func (p *People) Managers(ctx context.Context) ([]auth.User, error) {
	users, err := p.users(ctx, "")
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(users, func(u auth.User) bool { return u.Role != auth.RoleManager }), nil
}

// Everyone are the enabled users with an e-mail address.
func (p *People) Everyone(ctx context.Context) ([]auth.User, error) { return p.users(ctx, "") }

// users lists the enabled users with an e-mail address, of one tenant or all.
func (p *People) users(ctx context.Context, tenant string) ([]auth.User, error) {
	var out []auth.User
	for u, err := range auth.Walk(200, func(o auth.ListOptions) (auth.Page[auth.User], error) {
		return p.dir.ListUsers(ctx, tenant, o)
	}) {
		if err != nil {
			return nil, fmt.Errorf("list users of %q: %w", tenant, err)
		}
		if !u.Disabled && u.Email != "" {
			out = append(out, u)
		}
	}
	return out, nil
}
