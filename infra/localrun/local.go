package localrun

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strings"

	"aftersales/infra/localaws"
	"aftersales/infra/localaws/fakecarrier"
)

// serveLocal answers the runner's own pages, which exist only here and are
// therefore not in template.yaml:
//
//	GET  /_local/mail                 the e-mails and SMS the system sent (HTML)
//	GET  /_local/mail.json            the e-mails as JSON
//	GET  /_local/sms.json             the SMS (SNS Publish to a number) as JSON
//	POST /_local/schedules/{function} run a scheduled function now
//	POST /_local/carrier/delivered    the fake carrier hands a parcel over:
//	     {"trackingNumber": "…", "deliveredAt": RFC 3339, default now};
//	     the next AutoCloseFunction run delivers its shipment
func (s *Server) serveLocal(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/_local/sms.json":
		sms, err := localaws.SMSs(r.Context(), s.opts.Endpoints.Moto)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		if sms == nil {
			sms = []localaws.SMS{}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(sms)
	case r.URL.Path == "/_local/mail" || r.URL.Path == "/_local/mail.json":
		mails, err := localaws.Mails(r.Context(), s.opts.Endpoints.Moto)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".json") {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(mails)
			return
		}
		sms, err := localaws.SMSs(r.Context(), s.opts.Endpoints.Moto)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = mailPage.Execute(w, sent{Mails: mails, SMS: sms})
	case strings.HasPrefix(r.URL.Path, "/_local/schedules/") && r.Method == http.MethodPost:
		fn := strings.TrimPrefix(r.URL.Path, "/_local/schedules/")
		if err := s.Fire(r.Context(), fn); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/_local/carrier/delivered" && r.Method == http.MethodPost:
		r.URL.Path = fakecarrier.ControlPath
		s.carrier.ServeHTTP(w, r)
	default:
		http.NotFound(w, r)
	}
}

// sent is what the local mail page shows: moto's record of e-mails and SMS.
type sent struct {
	Mails []localaws.Mail
	SMS   []localaws.SMS
}

var mailPage = template.Must(template.New("mail").Parse(`<!doctype html>
<html lang="ru"><meta charset="utf-8"><title>Отправленные письма и SMS</title>
<body style="font-family:sans-serif;max-width:60rem;margin:2rem auto">
<h1>SMS ({{len .SMS}})</h1>
{{range .SMS}}<article class="sms" style="border:1px solid #ccc;padding:1rem;margin:1rem 0">
<p><b>Кому:</b> {{.Phone}}</p><pre style="white-space:pre-wrap">{{.Text}}</pre>
</article>{{else}}<p>SMS пока нет.</p>{{end}}
<h1>Отправленные письма ({{len .Mails}})</h1>
{{range .Mails}}<article style="border:1px solid #ccc;padding:1rem;margin:1rem 0">
<h2>{{.Subject}}</h2><p><b>Кому:</b> {{range .To}}{{.}} {{end}}<br><b>От:</b> {{.From}}</p>
<pre style="white-space:pre-wrap">{{.Text}}</pre>
{{range .Attachments}}<p>Вложение: {{.Name}} ({{.ContentType}}, {{.Size}} байт)</p>{{end}}
</article>{{else}}<p>Писем пока нет.</p>{{end}}
</body></html>`))
