// Package fakecarrier is a local stand-in for the carriers' tracking APIs
// (СДЭК's API 2.0 and Почта России's getOperationHistory), speaking their
// wire formats over real HTTP so the adapters in shared/carriers run
// unchanged in tests and under `make run`. Tests and the runner say which
// parcels arrived (Deliver); the server also checks the credentials, and
// can be switched to failing (Down) to walk the transit-days fallback.
package fakecarrier

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// The credentials the fake accepts; the runner and tests configure the
// adapters with them (they open nothing real).
const (
	CDEKClientID        = "fake-cdek-client"
	CDEKClientSecret    = "fake-cdek-secret"
	RussianPostLogin    = "fake-post-login"
	RussianPostPassword = "fake-post-password"
	token               = "fake-cdek-token"
)

// Credentials is the carrier secret's JSON (config.Carriers.Secret) with
// the fake's credentials for both carriers.
func Credentials() string {
	b, _ := json.Marshal(map[string]map[string]string{
		"cdek":        {"clientId": CDEKClientID, "clientSecret": CDEKClientSecret},
		"russianPost": {"login": RussianPostLogin, "password": RussianPostPassword},
	})
	return string(b)
}

// Env is the functions' environment that points the carriers' adapters at
// a fake served at baseURL.
func Env(baseURL string) map[string]string {
	return map[string]string{"CARRIER_SECRET": Credentials(),
		"CDEK_API_URL": baseURL + CDEKPath, "RUSSIAN_POST_API_URL": baseURL + RussianPostPath}
}

// Paths under the server's address: the СДЭК base URL and the Почта России
// service URL the adapters are given.
const (
	CDEKPath        = "/cdek"
	RussianPostPath = "/russianpost/rtm34"
	// ControlPath takes {"trackingNumber": "...", "deliveredAt": RFC 3339}
	// to mark a parcel delivered by hand under `make run`.
	ControlPath = "/_control/delivered"
)

// Server is the fake. The zero value is not usable; call New.
type Server struct {
	mu        sync.Mutex
	delivered map[string]time.Time
	down      bool
	calls     int
}

// New returns an empty fake: no parcel has arrived.
func New() *Server { return &Server{delivered: map[string]time.Time{}} }

// Deliver records that the parcel with number was handed over at at (both
// carriers' APIs answer it).
func (s *Server) Deliver(number string, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delivered[number] = at
}

// Down makes every API call fail (HTTP 503) while on.
func (s *Server) Down(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = on
}

// Calls counts the tracking requests answered or refused so far.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

func (s *Server) lookup(number string) (time.Time, bool, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	at, ok := s.delivered[number]
	return at, ok, s.down
}

// ServeHTTP routes the two carriers' requests and the control request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == CDEKPath+"/v2/oauth/token":
		s.cdekToken(w, r)
	case r.Method == http.MethodGet && r.URL.Path == CDEKPath+"/v2/orders":
		s.cdekOrder(w, r)
	case r.Method == http.MethodPost && r.URL.Path == RussianPostPath:
		s.post(w, r)
	case r.Method == http.MethodPost && r.URL.Path == ControlPath:
		s.control(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) cdekToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" ||
		r.PostForm.Get("client_id") != CDEKClientID || r.PostForm.Get("client_secret") != CDEKClientSecret {
		http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
		return
	}
	writeJSON(w, map[string]any{"access_token": token, "token_type": "bearer", "expires_in": 3600})
}

func (s *Server) cdekOrder(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+token {
		http.Error(w, `{"errors":[{"code":"v2_token_expired"}]}`, http.StatusUnauthorized)
		return
	}
	number := r.URL.Query().Get("cdek_number")
	at, ok, down := s.lookup(number)
	if down {
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
		return
	}
	// The statuses come newest first, as СДЭК lists them.
	statuses := []map[string]string{{"code": "CREATED", "name": "Создан", "date_time": "2026-01-01T10:00:00+0300"}}
	if ok {
		statuses = append([]map[string]string{{"code": "DELIVERED", "name": "Вручен",
			"date_time": at.Format("2006-01-02T15:04:05-0700")}}, statuses...)
	}
	writeJSON(w, map[string]any{"entity": map[string]any{"cdek_number": number, "statuses": statuses}})
}

// postRequest is what the fake reads of a getOperationHistory envelope.
type postRequest struct {
	Barcode  string `xml:"Body>getOperationHistory>OperationHistoryRequest>Barcode"`
	Login    string `xml:"Body>getOperationHistory>AuthorizationHeader>login"`
	Password string `xml:"Body>getOperationHistory>AuthorizationHeader>password"`
}

func (s *Server) post(w http.ResponseWriter, r *http.Request) {
	var q postRequest
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err := xml.Unmarshal(raw, &q); err != nil {
		soapFault(w, "Неверный запрос")
		return
	}
	if q.Login != RussianPostLogin || q.Password != RussianPostPassword {
		soapFault(w, "Ошибка авторизации")
		return
	}
	at, ok, down := s.lookup(q.Barcode)
	if down {
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
		return
	}
	records := record(1, "Приём", "2026-01-01T10:00:00.000+03:00")
	if ok {
		records += record(2, "Вручение", at.Format("2006-01-02T15:04:05.000-07:00"))
	}
	w.Header().Set("Content-Type", "application/soap+xml; charset=utf-8")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope"><S:Body>
<ns7:getOperationHistoryResponse xmlns:ns3="http://russianpost.org/operationhistory/data" xmlns:ns7="http://russianpost.org/operationhistory">
<ns3:OperationHistoryData>%s</ns3:OperationHistoryData></ns7:getOperationHistoryResponse></S:Body></S:Envelope>`, records)
}

func record(typ int, name, date string) string {
	return fmt.Sprintf(`<ns3:historyRecord><ns3:OperationParameters><ns3:OperType><ns3:Id>%d</ns3:Id><ns3:Name>%s</ns3:Name></ns3:OperType>`+
		`<ns3:OperDate>%s</ns3:OperDate></ns3:OperationParameters></ns3:historyRecord>`, typ, name, date)
}

func soapFault(w http.ResponseWriter, reason string) {
	w.Header().Set("Content-Type", "application/soap+xml; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope"><S:Body>`+
		`<S:Fault><S:Code><S:Value>S:Sender</S:Value></S:Code><S:Reason><S:Text xml:lang="ru">%s</S:Text></S:Reason></S:Fault></S:Body></S:Envelope>`, reason)
}

type controlInput struct {
	TrackingNumber string    `json:"trackingNumber"`
	DeliveredAt    time.Time `json:"deliveredAt"`
}

func (s *Server) control(w http.ResponseWriter, r *http.Request) {
	var in controlInput
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<12)).Decode(&in); err != nil || strings.TrimSpace(in.TrackingNumber) == "" {
		http.Error(w, `give {"trackingNumber": "...", "deliveredAt": "2026-12-01T10:00:00+03:00"}`, http.StatusBadRequest)
		return
	}
	if in.DeliveredAt.IsZero() {
		in.DeliveredAt = time.Now()
	}
	s.Deliver(strings.ToUpper(strings.Join(strings.Fields(in.TrackingNumber), "")), in.DeliveredAt)
	w.WriteHeader(http.StatusNoContent)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
