package httpapi

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// MaxBodyBytes bounds every JSON body; files never pass through the API.
const MaxBodyBytes = 256 << 10

// Request is one HTTP request with the caller the authorizer established.
type Request struct {
	Event  events.APIGatewayV2HTTPRequest
	Caller auth.Caller
}

// Param returns a path parameter.
func (r *Request) Param(name string) string { return r.Event.PathParameters[name] }

// Query returns a query-string parameter.
func (r *Request) Query(name string) string { return r.Event.QueryStringParameters[name] }

// Header returns a header; API Gateway lower-cases header names.
func (r *Request) Header(name string) string { return r.Event.Headers[strings.ToLower(name)] }

// Body returns the raw body bytes, decoded from base64 when API Gateway encoded them.
func (r *Request) Body() ([]byte, error) {
	if !r.Event.IsBase64Encoded {
		return []byte(r.Event.Body), nil
	}
	b, err := base64.StdEncoding.DecodeString(r.Event.Body)
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "Тело запроса повреждено", "The request body is not valid base64")
	}
	return b, nil
}

// Decode reads a JSON body into v strictly: one object, no unknown fields, no
// wrong types, at most MaxBodyBytes. Errors name the offending field.
func (r *Request) Decode(v any) error {
	body, err := r.Body()
	if err != nil {
		return err
	}
	return DecodeJSON(body, v)
}

// DecodeJSON is Decode for bytes from elsewhere (tests, idempotency replays).
func DecodeJSON(body []byte, v any) error {
	if len(body) > MaxBodyBytes {
		return apperr.New(apperr.TooLarge,
			fmt.Sprintf("Запрос слишком большой (больше %d КБ)", MaxBodyBytes>>10),
			fmt.Sprintf("The request body is larger than %d KB", MaxBodyBytes>>10))
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return apperr.New(apperr.Invalid, "Пустое тело запроса", "The request body is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return apperr.New(apperr.Invalid, "После JSON-объекта есть лишние данные", "Unexpected data after the JSON object")
	}
	return nil
}

func decodeError(err error) error {
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return apperr.New(apperr.Invalid,
			fmt.Sprintf("Некорректный JSON (позиция %d)", syntax.Offset),
			fmt.Sprintf("Malformed JSON at offset %d", syntax.Offset))
	case errors.As(err, &typeErr):
		field := typeErr.Field
		e := apperr.WithFields([]apperr.FieldError{{
			Field: field, Code: "wrong_type",
			Message:   fmt.Sprintf("Неверный тип значения: ожидается %s", typeName(typeErr.Type.Kind().String())),
			MessageEN: fmt.Sprintf("Wrong type: expected %s", typeErr.Type.Kind()),
		}})
		return e
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return apperr.WithFields([]apperr.FieldError{{
			Field: field, Code: "unknown_field",
			Message: "Неизвестное поле", MessageEN: "Unknown field",
		}})
	case errors.Is(err, io.ErrUnexpectedEOF):
		return apperr.New(apperr.Invalid, "JSON оборван", "The JSON ends too early")
	default:
		var custom *apperr.Error
		if errors.As(err, &custom) {
			return custom
		}
		return apperr.New(apperr.Invalid, "Некорректный JSON", "Malformed JSON: "+err.Error())
	}
}

func typeName(kind string) string {
	switch kind {
	case "string":
		return "строка"
	case "bool":
		return "да/нет"
	case "slice", "array":
		return "список"
	case "struct", "map":
		return "объект"
	default:
		return "число"
	}
}
