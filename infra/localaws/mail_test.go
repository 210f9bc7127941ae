package localaws

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/shared/mailer"
	"aftersales/shared/sesmail"
)

func TestMailsSentThroughSESAreReadBackWithTheirAttachments(t *testing.T) {
	if os.Getenv("AFTERSALES_INTEGRATION") != "1" {
		t.Skip("integration test: needs moto; `make test` runs it (AFTERSALES_INTEGRATION=1)")
	}
	ep := DefaultEndpoints()
	ep.Apply()
	ctx := context.Background()
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	client := ses.NewFromConfig(cfg)
	if err := VerifySender(ctx, client, "sender@example.com"); err != nil {
		t.Fatal(err)
	}
	to := fmt.Sprintf("mail-test-%d@example.com", time.Now().UnixNano())
	s := sesmail.SES{Client: client, From: "sender@example.com", Now: time.Now}
	if _, err := s.Send(ctx, mailer.Message{To: []string{to}, Subject: "Простое письмо", Text: "Текст"}); err != nil {
		t.Fatal(err)
	}
	report := []byte("PK\x03\x04 not really a spreadsheet")
	if _, err := s.Send(ctx, mailer.Message{To: []string{to}, Subject: "Письмо с вложением", Text: "См. вложение",
		Attachments: []mailer.Attachment{{Name: "Ошибки.xlsx", ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: report}}}); err != nil {
		t.Fatal(err)
	}
	got, err := WaitForMails(ctx, ep.Moto, 2, 5*time.Second, func(m Mail) bool { return len(m.To) > 0 && m.To[0] == to })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d mails for %s, want 2", len(got), to)
	}
	plain, raw := got[0], got[1]
	if plain.Subject != "Простое письмо" || plain.Text != "Текст" {
		t.Errorf("plain mail read as %+v", plain)
	}
	if raw.Subject != "Письмо с вложением" || raw.Text != "См. вложение" || len(raw.Attachments) != 1 {
		t.Fatalf("raw mail read as %+v", raw)
	}
	if a := raw.Attachments[0]; a.Name != "Ошибки.xlsx" || string(a.Data) != string(report) {
		t.Errorf("attachment read as %q (%d bytes)", a.Name, len(a.Data))
	}
}
