package orders

import "testing"

func TestEveryPayerIsValidAndShownInRussian(t *testing.T) {
	tests := []struct {
		payer Payer
		want  string
	}{
		{PayerWholesaler, "Оптовая компания"},
		{PayerFactory, "Завод-изготовитель"},
		{PayerServiceCenter, "Сервисный центр"},
		{PayerCustomer, "Покупатель"},
		{PayerCarrier, "Перевозчик"},
	}
	for _, tt := range tests {
		if !tt.payer.Valid() || tt.payer.Label() != tt.want {
			t.Errorf("%q: Valid() = %v, Label() = %q; want true, %q", tt.payer, tt.payer.Valid(), tt.payer.Label(), tt.want)
		}
	}
	if Payer("store").Valid() {
		t.Error(`"store".Valid() = true, want false`)
	}
}

func TestEveryStatusHasARussianLabel(t *testing.T) {
	for _, s := range []Status{StatusAwaitingShipment, StatusInShipment, StatusShipped, StatusDelivered, StatusCancelled} {
		if !s.Valid() || s.Label() == "" {
			t.Errorf("%q: Valid() = %v, Label() = %q", s, s.Valid(), s.Label())
		}
	}
}

func TestAnOrderWithPartsToShipAwaitsShipmentAndOneOfCompensationOnlyDoesNot(t *testing.T) {
	if got := InitialStatus([]Line{{Name: "Свеча", Quantity: 1}}); got != StatusAwaitingShipment {
		t.Errorf("with a line: %q, want %q", got, StatusAwaitingShipment)
	}
	if got := InitialStatus(nil); got != StatusDelivered {
		t.Errorf("without lines: %q, want %q", got, StatusDelivered)
	}
}

func TestSumMultipliesPriceByQuantity(t *testing.T) {
	lines := []Line{{Name: "Коленвал", Quantity: 1, Price: 78000}, {Name: "Кольцо", Quantity: 3, Price: 3450}}
	if got := Sum(lines); got != 88350 {
		t.Errorf("Sum = %d, want 88350", got)
	}
}
