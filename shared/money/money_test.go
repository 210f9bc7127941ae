package money

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

func TestRUBReadsExactKopecks(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want RUB
	}{
		{"whole roubles", "780", 78000},
		{"one decimal", "780.5", 78050},
		{"two decimals", "780.05", 78005},
		{"trailing zeros beyond two decimals change nothing", "340.500", 34050},
		{"zero", "0", 0},
		{"a negative amount is read (validation refuses it)", "-1.5", -150},
		{"an amount float64 would round", "12345678901234.99", 1234567890123499},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got RUB
			if err := json.Unmarshal([]byte(tt.in), &got); err != nil || got != tt.want {
				t.Errorf("Unmarshal(%s) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestRUBRejectsWhatIsNotAnAmountInKopecks(t *testing.T) {
	for _, in := range []string{"780.555", "0.001", "7.8e2", `"780"`, "true", "99999999999999999999"} {
		t.Run(in+" is refused", func(t *testing.T) {
			var m RUB
			err := json.Unmarshal([]byte(in), &m)
			var typeErr *json.UnmarshalTypeError
			if !errors.As(err, &typeErr) || typeErr.Type != reflect.TypeFor[RUB]() {
				t.Errorf("Unmarshal(%s) = %d, %v; want a type error of RUB (the decoder names the field)", in, m, err)
			}
		})
	}
}

func TestRUBWritesAPlainNumber(t *testing.T) {
	tests := []struct {
		name string
		in   RUB
		want string
	}{
		{"whole roubles have no decimals", 78000, "780"},
		{"a half rouble has one decimal", 78050, "780.5"},
		{"kopecks have two decimals", 78005, "780.05"},
		{"zero is 0", 0, "0"},
		{"a negative amount keeps its sign", -150, "-1.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.in)
			if err != nil || string(got) != tt.want {
				t.Errorf("Marshal(%d) = %s, %v; want %s", tt.in, got, err, tt.want)
			}
		})
	}
}
