package acts

// Payer is who bears the cost of an order's parts and shipping; every order
// records one (seed 001: the store, the factory, the customer, the carrier).
type Payer string

// The payers of orders-shipments.md.
const (
	PayerWholesaler    Payer = "wholesaler"     // a recognised warranty case
	PayerFactory       Payer = "factory"        // a maker's defect the factory covers
	PayerServiceCenter Payer = "service_center" // a paid order, or parts without the warranty tick
	PayerCustomer      Payer = "customer"
	PayerCarrier       Payer = "carrier" // damage in transit
)

var payerLabels = map[Payer]string{
	PayerWholesaler:    "Оптовая компания",
	PayerFactory:       "Завод-изготовитель",
	PayerServiceCenter: "Сервисный центр",
	PayerCustomer:      "Покупатель",
	PayerCarrier:       "Перевозчик",
}

// Valid reports whether p is one of the payers.
func (p Payer) Valid() bool {
	_, ok := payerLabels[p]
	return ok
}

// Label is the payer as shown in Russian reports and exports.
func (p Payer) Label() string { return payerLabels[p] }
