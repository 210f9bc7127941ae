package httpapi

import (
	"context"
	"net/http"

	"aftersales/shared/auth"
)

// The handlers of routes that only carry a call of a service: the caller,
// the path's {id} and the decoded body in, what the call returns out as
// JSON with 200. A route that answers more (another status, a header, a
// query parameter) keeps a handler of its own.

// Read answers what read returns for the caller.
func Read[T any](read func(ctx context.Context, c auth.Caller) (T, error)) HandlerFunc {
	return func(ctx context.Context, r *Request) (*Response, error) {
		return answer(read(ctx, r.Caller))
	}
}

// ReadID answers what read returns for the object the path's {id} names.
func ReadID[T any](read func(ctx context.Context, c auth.Caller, id string) (T, error)) HandlerFunc {
	return func(ctx context.Context, r *Request) (*Response, error) {
		return answer(read(ctx, r.Caller, r.Param("id")))
	}
}

// Apply decodes the body as In and answers what apply returns.
func Apply[In, T any](apply func(ctx context.Context, c auth.Caller, in In) (T, error)) HandlerFunc {
	return func(ctx context.Context, r *Request) (*Response, error) {
		var in In
		if err := r.Decode(&in); err != nil {
			return nil, err
		}
		return answer(apply(ctx, r.Caller, in))
	}
}

// ApplyID decodes the body as In and answers what apply returns for the
// object the path's {id} names.
func ApplyID[In, T any](apply func(ctx context.Context, c auth.Caller, id string, in In) (T, error)) HandlerFunc {
	return func(ctx context.Context, r *Request) (*Response, error) {
		var in In
		if err := r.Decode(&in); err != nil {
			return nil, err
		}
		return answer(apply(ctx, r.Caller, r.Param("id"), in))
	}
}

// Create decodes the body as In and answers 201 with what create made and
// its address, location.
func Create[In, T any](create func(ctx context.Context, c auth.Caller, in In) (T, error), location func(T) string) HandlerFunc {
	return func(ctx context.Context, r *Request) (*Response, error) {
		var in In
		if err := r.Decode(&in); err != nil {
			return nil, err
		}
		v, err := create(ctx, r.Caller, in)
		if err != nil {
			return nil, err
		}
		resp := JSON(http.StatusCreated, v)
		resp.Headers = map[string]string{"location": location(v)}
		return resp, nil
	}
}

func answer[T any](v T, err error) (*Response, error) {
	if err != nil {
		return nil, err
	}
	return JSON(http.StatusOK, v), nil
}
