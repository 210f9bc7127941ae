package acts

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"testing"
)

func TestEveryFieldIsOptional(t *testing.T) {
	// Apply, Changes and the draft rules rely on nil meaning "not given".
	typ := reflect.TypeFor[Fields]()
	for i := range typ.NumField() {
		if k := typ.Field(i).Type.Kind(); k != reflect.Pointer && k != reflect.Slice {
			t.Errorf("field %s is a %s, want a pointer or slice", typ.Field(i).Name, k)
		}
	}
}

func TestRuleTablesNameRealFields(t *testing.T) {
	names := slices.Concat(requiredAtSubmit, slices.Collect(maps.Keys(textLimits)))
	for _, n := range names {
		if !slices.Contains(fieldNames, n) {
			t.Errorf("rule table names %q, which is not a field", n)
		}
	}
}

func TestNormalized(t *testing.T) {
	tests := []struct {
		name string
		in   Fields
		want Fields
	}{
		{"a serial number is trimmed and upper-cased",
			Fields{SerialNumber: new("  ab-01.234\t")},
			Fields{SerialNumber: new("AB-01.234")}},
		{"a lower-case б/н means no serial",
			Fields{SerialNumber: new(" б/н ")},
			Fields{SerialNumber: new(NoSerialMark), NoSerial: new(true)}},
		{"БН without a slash means no serial",
			Fields{SerialNumber: new("бн")},
			Fields{SerialNumber: new(NoSerialMark), NoSerial: new(true)}},
		{"the noSerial flag replaces a typed serial with Б/Н",
			Fields{SerialNumber: new("123"), NoSerial: new(true)},
			Fields{SerialNumber: new(NoSerialMark), NoSerial: new(true)}},
		{"a phone in any Russian format is stored in E.164",
			Fields{CustomerPhone: new("8 (934) 734-12-34")},
			Fields{CustomerPhone: new("+79347341234")}},
		{"an unparseable phone is kept for validation to report",
			Fields{CustomerPhone: new("звонить вечером")},
			Fields{CustomerPhone: new("звонить вечером")}},
		{"texts are trimmed",
			Fields{Mechanic: new("  Иванов Иван \n")},
			Fields{Mechanic: new("Иванов Иван")}},
		{"the form's empty last part row is dropped",
			Fields{Parts: []Part{{Name: " Коленвал ", Quantity: 1}, {Quantity: 1}}},
			Fields{Parts: []Part{{Name: "Коленвал", Quantity: 1}}}},
		{"an emptied parts list stays an empty list so a patch can clear it",
			Fields{Parts: []Part{}},
			Fields{Parts: []Part{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.Normalized(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Normalized() = %s, want %s", dump(got), dump(tt.want))
			}
		})
	}
}

func TestNormalizedLeavesItsInputAlone(t *testing.T) {
	serial := " abc "
	in := Fields{SerialNumber: &serial, Parts: []Part{{Name: " x ", Quantity: 1}}}
	in.Normalized()
	if serial != " abc " || in.Parts[0].Name != " x " {
		t.Errorf("Normalized changed its input: serial %q, part %q", serial, in.Parts[0].Name)
	}
}

func TestApplyReplacesOnlyTheFieldsAPatchGives(t *testing.T) {
	current := Fields{Article: new("ЭГК-1500"), Mechanic: new("Иванов"), Parts: []Part{{Name: "Коленвал", Quantity: 1}}}
	tests := []struct {
		name  string
		patch Fields
		want  Fields
	}{
		{"an empty patch changes nothing", Fields{}, current},
		{"a given field replaces the old value",
			Fields{Mechanic: new("Петров")},
			Fields{Article: new("ЭГК-1500"), Mechanic: new("Петров"), Parts: current.Parts}},
		{"an empty text clears the field",
			Fields{Article: new("")},
			Fields{Article: new(""), Mechanic: new("Иванов"), Parts: current.Parts}},
		{"an empty parts list clears the parts",
			Fields{Parts: []Part{}},
			Fields{Article: new("ЭГК-1500"), Mechanic: new("Иванов"), Parts: []Part{}}},
		{"a new field is added", Fields{Complexity: new(2)},
			Fields{Article: new("ЭГК-1500"), Mechanic: new("Иванов"), Parts: current.Parts, Complexity: new(2)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := current.Apply(tt.patch); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Apply = %s, want %s", dump(got), dump(tt.want))
			}
		})
	}
}

func TestChanges(t *testing.T) {
	sale := NewDate(2023, 6, 1)
	tests := []struct {
		name          string
		before, after Fields
		want          []FieldChange
	}{
		{"identical fields have no changes",
			Fields{Article: new("ЭГК-1500"), SaleDate: &sale}, Fields{Article: new("ЭГК-1500"), SaleDate: new(NewDate(2023, 6, 1))}, nil},
		{"an edited text records old and new",
			Fields{Article: new("ЭГК-1500")}, Fields{Article: new("ЭГК-1500 Энергопром")},
			[]FieldChange{{"article", "ЭГК-1500", "ЭГК-1500 Энергопром"}}},
		{"a field set for the first time has no old value",
			Fields{}, Fields{Complexity: new(2)},
			[]FieldChange{{"complexity", nil, 2}}},
		{"unticking a flag is a change from true to false",
			Fields{WarrantyCase: new(true)}, Fields{WarrantyCase: new(false)},
			[]FieldChange{{"warrantyCase", true, false}}},
		{"an empty parts list equals no parts",
			Fields{}, Fields{Parts: []Part{}}, nil},
		{"several changes come in form order",
			Fields{Mechanic: new("Иванов"), Category: new("триммер")},
			Fields{Mechanic: new("Петров"), Category: new("бензопила"), PaidOrder: new(true)},
			[]FieldChange{{"category", "триммер", "бензопила"}, {"mechanic", "Иванов", "Петров"}, {"paidOrder", nil, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Changes(tt.before, tt.after); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Changes = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestChangesShowValuesAsTheAPIDoes(t *testing.T) {
	got, err := json.Marshal(Changes(
		Fields{SaleDate: new(NewDate(2023, 6, 1)), Parts: []Part{{Name: "Коленвал", Quantity: 1, OwnPart: true, Price: 78000}}},
		Fields{SaleDate: new(NewDate(2023, 6, 2))},
	))
	want := `[{"field":"saleDate","old":"2023-06-01","new":"2023-06-02"},` +
		`{"field":"parts","old":[{"name":"Коленвал","quantity":1,"ownPart":true,"price":780}],"new":null}]`
	if err != nil || string(got) != want {
		t.Errorf("Marshal(Changes) = %s, %v\nwant %s", got, err, want)
	}
}

func TestWarnings(t *testing.T) {
	ordered := []Part{{Name: "Свеча", Quantity: 1}}
	own := []Part{{Name: "Коленвал", Quantity: 1, OwnPart: true, Price: 78000}}
	tests := []struct {
		name string
		in   Fields
		want []string
	}{
		{"parts without the warranty tick ship at the centre's expense", Fields{Parts: ordered}, []string{CodeNotWarrantyCase}},
		{"parts on a warranty case raise no warning", Fields{Parts: ordered, WarrantyCase: new(true)}, nil},
		{"a paid order already says the centre pays", Fields{Parts: ordered, PaidOrder: new(true)}, nil},
		{"only own parts ship nothing", Fields{Parts: own}, nil},
		{"no parts ship nothing", Fields{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, w := range tt.in.Warnings() {
				got = append(got, w.Code)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Warnings codes = %v, want %v", got, tt.want)
			}
		})
	}
}

func dump(f Fields) string {
	b, _ := json.Marshal(f)
	return string(b)
}

func TestEveryChoiceHasARussianLabel(t *testing.T) {
	tests := []struct {
		name  string
		label string
		want  string
	}{
		{"new", AppearanceNew.Label(), "Новое"},
		{"used", AppearanceUsed.Label(), "Б/У"},
		{"pre-sale", AppearancePreSale.Label(), "Предторг"},
		{"full", CompletenessFull.Label(), "Полная"},
		{"partial", CompletenessPartial.Label(), "Не полная"},
		{"repaired", ProductRepaired.Label(), "Отремонтировано"},
		{"returned to the seller", ProductReturnedToSeller.Label(), "Возврат в ТС"},
		{"left at the centre", ProductLeftAtServiceCenter.Label(), "Оставлено в СЦ"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is shown as "+tt.want, func(t *testing.T) {
			if tt.label != tt.want {
				t.Errorf("label = %q, want %q", tt.label, tt.want)
			}
		})
	}
}
