package ordersapi

import (
	"bytes"
	"context"
	"iter"
	"net/http"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/httpapi"
	"aftersales/shared/ledger"
	"aftersales/shared/money"
	"aftersales/shared/orders"
	"aftersales/shared/xlsxwrite"
)

// ledgerRoutes are the ledger's recovery (managers and admins) and its
// statements (a centre reads its own).
func (a *API) ledgerRoutes(rt *httpapi.Router) {
	rt.Handle("GET /api/ledger/payers/{payer}", auth.StaffRoles, a.payerStatement)
	rt.Handle("GET /api/ledger/payers/{payer}/claim-document", auth.StaffRoles, a.claimDocument)
	rt.Handle("POST /api/ledger/claims", auth.StaffRoles, a.claim)
	rt.Handle("POST /api/ledger/entries/{id}/recover", auth.StaffRoles, httpapi.ApplyID(a.recoverEntry))
	rt.Handle("POST /api/ledger/entries/{id}/write-off", auth.StaffRoles, httpapi.ApplyID(a.writeOff))
	rt.Handle("GET /api/ledger/centre-statement", auth.ActRoles, a.centreStatement)
	rt.Handle("POST /api/shipments/{id}/carrier-claim", auth.StaffRoles, a.carrierClaim)
}

func (a *API) payerStatement(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	st, err := a.Ledger.Payer(ctx, r.Caller, orders.Payer(r.Param("payer")), r.Query("party"), r.Query("month"), ledger.State(r.Query("state")))
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, st), nil
}

func (a *API) centreStatement(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	st, err := a.Ledger.Centre(ctx, r.Caller, r.Query("serviceCenter"), r.Query("month"))
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, st), nil
}

type claimInput struct {
	EntryIDs    []string `json:"entryIds"`
	ClaimNumber string   `json:"claimNumber"`
	ClaimDate   string   `json:"claimDate"`
	Document    string   `json:"document"`
	Party       string   `json:"party"`
}

func (a *API) claim(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in claimInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	day, err := a.day("claimDate", in.ClaimDate)
	if err != nil {
		return nil, err
	}
	list, err := a.Ledger.Claim(ctx, r.Caller, ledger.Claim{EntryIDs: in.EntryIDs, Number: in.ClaimNumber, Date: day,
		Document: in.Document, Party: in.Party})
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, httpapi.List[ledger.Entry]{Items: list}), nil
}

type recoverInput struct {
	Amount  money.RUB `json:"amount"`
	Date    string    `json:"date"`
	Version int       `json:"version"`
}

func (a *API) recoverEntry(ctx context.Context, c auth.Caller, id string, in recoverInput) (ledger.Entry, error) {
	day, err := a.day("date", in.Date)
	if err != nil {
		return ledger.Entry{}, err
	}
	return a.Ledger.Recover(ctx, c, id, in.Version, in.Amount, day)
}

type writeOffInput struct {
	Reason  string `json:"reason"`
	Version int    `json:"version"`
}

func (a *API) writeOff(ctx context.Context, c auth.Caller, id string, in writeOffInput) (ledger.Entry, error) {
	return a.Ledger.WriteOff(ctx, c, id, in.Version, in.Reason)
}

type carrierClaimInput struct {
	Amount money.RUB `json:"amount"`
	Reason string    `json:"reason"`
}

func (a *API) carrierClaim(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in carrierClaimInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	e, err := a.Shipments.CarrierClaim(ctx, r.Caller, r.Param("id"), in.Amount, in.Reason)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusCreated, e), nil
}

// day reads a calendar day (YYYY-MM-DD) as its start in the business time
// zone.
func (a *API) day(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, apperr.Field(field, "required", "Укажите дату", "Give the date")
	}
	d, err := time.ParseInLocation(time.DateOnly, s, a.Location)
	if err != nil {
		return time.Time{}, apperr.Field(field, "invalid_value",
			"Укажите дату в виде ГГГГ-ММ-ДД, например 2026-12-03", "Give the date as YYYY-MM-DD")
	}
	return d, nil
}

// claimHeader are the columns of a factory's (or carrier's) claim document.
var claimHeader = []string{"Акт", "Дата", "Сервисный центр", "Серийный номер", "Артикул", "Запчасть", "Номер по схеме",
	"Количество", "Цена, ₽", "Сумма, ₽", "Претензия", "Состояние", "Возмещено, ₽", "Списано, ₽"}

// claimDocument is a payer's (one factory's, with party) entries of a
// month as an .xlsx claim: one row per part, each entry's total after it.
func (a *API) claimDocument(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	st, err := a.Ledger.Payer(ctx, r.Caller, orders.Payer(r.Param("payer")), r.Query("party"), r.Query("month"), "")
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, e := range st.Entries {
		if _, ok := names[e.ServiceCenterID]; !ok {
			if names[e.ServiceCenterID], err = a.Shipments.CentreName(ctx, e.ServiceCenterID); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	if err := xlsxwrite.Write(&buf, "Претензия "+st.Month, claimHeader, a.claimRows(st, names)); err != nil {
		return nil, apperr.Wrap(err, "write claim document")
	}
	return httpapi.Attachment("pretenziya-"+string(st.Payer)+"-"+st.Month+".xlsx", xlsxType, buf.Bytes()), nil
}

func (a *API) claimRows(st ledger.PayerStatement, centres map[string]string) iter.Seq2[[]any, error] {
	return func(yield func([]any, error) bool) {
		for _, e := range st.Entries {
			lines := e.Lines
			if len(lines) == 0 {
				lines = []orders.Line{{Name: kindLabels[e.Kind] + " " + e.Note, Quantity: 1, Price: e.Amount}}
			}
			claim, recovered, writtenOff := "", money.RUB(0), money.RUB(0)
			state := ""
			if e.Recovery != nil {
				claim, recovered, writtenOff, state = e.Recovery.ClaimNumber, e.Recovery.Recovered, e.Recovery.WrittenOff, e.Recovery.State.Label()
			}
			for _, l := range lines {
				row := []any{e.ActNumber, e.At.In(a.Location), centres[e.ServiceCenterID], e.Serial, e.Article, l.Name, l.SchemeNumber,
					l.Quantity, xlsxwrite.Money(l.Price), xlsxwrite.Money(l.Price * money.RUB(l.Quantity)), claim, state,
					xlsxwrite.Money(recovered), xlsxwrite.Money(writtenOff)}
				if !yield(row, nil) {
					return
				}
			}
		}
		yield([]any{"Итого", nil, nil, nil, nil, nil, nil, nil, nil, xlsxwrite.Money(st.Total), nil, nil,
			xlsxwrite.Money(st.Recovered), xlsxwrite.Money(st.WrittenOff)}, nil)
	}
}

var kindLabels = map[ledger.Kind]string{ledger.KindPartsShipped: "Запчасти", ledger.KindOwnPart: "Свои запчасти СЦ",
	ledger.KindShipping: "Доставка", ledger.KindCarrierClaim: "Утрата/повреждение при перевозке"}
