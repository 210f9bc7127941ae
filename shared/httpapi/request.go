package httpapi

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
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
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return apperr.New(apperr.Invalid, "Пустое тело запроса", "The request body is empty")
	}
	// Every body of this API is an object: `null` would decode into nothing
	// at all (an empty draft), and an array or a number is never meant.
	if trimmed[0] != '{' {
		return apperr.New(apperr.Invalid, "Тело запроса должно быть JSON-объектом", "The request body must be a JSON object")
	}
	if err := refuseNulls(body); err != nil {
		return err
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

// refuseNulls refuses a null anywhere in a body: no field of this API takes
// one (a field to leave alone is left out, "" clears a text), and Go would
// quietly read null as "not given". Malformed JSON is left to the decoder,
// which says where it breaks.
func refuseNulls(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	type level struct {
		object, wantKey bool
		key             string
	}
	var stack []*level
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		var top *level
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if s, ok := tok.(string); ok && top != nil && top.object && top.wantKey {
			top.key, top.wantKey = s, false
			continue
		}
		switch tok {
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			continue
		case nil:
			field := ""
			if top != nil {
				field = top.key
			}
			return apperr.Field(field, "null", "null не допускается: уберите поле или укажите значение",
				"null is not allowed: leave the field out or give a value")
		}
		if top != nil && top.object {
			top.wantKey = true // this token is (or opens) the value of top.key
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &level{object: true, wantKey: true})
		case json.Delim('['):
			// An array's items are reported under the array's field.
			arr := &level{}
			if top != nil {
				arr.key = top.key
			}
			stack = append(stack, arr)
		}
	}
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
		fe := apperr.FieldError{Field: typeErr.Field, Code: "wrong_type",
			Message:   fmt.Sprintf("Неверный тип значения: ожидается %s", typeName(typeErr.Type.Kind().String())),
			MessageEN: fmt.Sprintf("Wrong type: expected %s", typeErr.Type.Kind()),
		}
		if f, ok := reflect.Zero(typeErr.Type).Interface().(JSONFormat); ok {
			ru, en := f.JSONFormat()
			fe.Code, fe.Message, fe.MessageEN = "invalid_format", "Неверное значение: нужна "+ru, "Invalid value: want "+en
		}
		return apperr.WithFields([]apperr.FieldError{fe})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return apperr.Field(field, "unknown_field", "Неизвестное поле", "Unknown field")
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

// JSONFormat is implemented by value types with a JSON form of their own
// (dates, amounts). Their UnmarshalJSON answers a *json.UnmarshalTypeError,
// which the decoder fills with the field's path, and the error names the
// field and says what the value must look like.
type JSONFormat interface {
	JSONFormat() (ru, en string)
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
