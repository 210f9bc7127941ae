package sesmail

import (
	"strings"
	"testing"

	"aftersales/shared/mailer"
)

func TestAMessageWithAnAttachmentRendersAsMultipartMIME(t *testing.T) {
	raw, err := MIME("no-reply@example.com", mailer.Message{
		To: []string{"ku@example.com"}, Subject: "Протокол загрузки №7: ошибки", Text: "Файл не загружен",
		Attachments: []mailer.Attachment{{Name: "ошибки.xlsx", ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: []byte("PK\x03\x04data")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	for _, want := range []string{"multipart/mixed", "To: <ku@example.com>", "spreadsheetml", "=?UTF-8?"} {
		if !strings.Contains(s, want) {
			t.Errorf("MIME lacks %q:\n%s", want, s)
		}
	}
}
