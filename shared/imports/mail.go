package imports

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// XLSXType is the content type of every workbook the loads produce.
const XLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// MaxAttachment is the largest error report attached to an e-mail; a
// larger one is only linked, so the message stays within SES's 10 MB.
const MaxAttachment = 5 << 20

// mailedErrors is how many errors an e-mail lists before the attachment.
const mailedErrors = 10

// notify sends the protocol's e-mail, at most once per protocol. A protocol
// without recipients (an unknown distributor, nobody with an e-mail) sends
// nothing.
func (l *Loader) notify(ctx context.Context, p Protocol) error {
	if len(p.Recipients) == 0 {
		return nil
	}
	m := Mail{To: p.Recipients, Subject: mailSubject(p)}
	attached := false
	if p.ReportKey != "" {
		data, err := l.files.Report(ctx, p.ReportKey, MaxAttachment)
		if err != nil {
			return fmt.Errorf("read the error report of load %s: %w", p.ID, err)
		}
		if len(data) <= MaxAttachment {
			m.Attachment = &Attachment{Name: p.ReportName(), ContentType: XLSXType, Data: data}
			attached = true
		}
	}
	m.Text = l.mailText(p, attached)
	if err := l.mail.Send(ctx, "import-protocol/"+p.ID, m); err != nil {
		return fmt.Errorf("e-mail the protocol of load %s: %w", p.ID, err)
	}
	return nil
}

func mailSubject(p Protocol) string {
	what := "Загрузка файла «" + p.FileName + "»"
	if p.Seq > 0 {
		what = "Загрузка №" + strconv.Itoa(p.Seq) + " «" + p.FileName + "»"
	}
	if p.CheckOnly {
		what += " (проверка)"
	}
	return what + ": " + p.Status.Label(p.CheckOnly)
}

// mailText is the protocol in words: what was loaded, by whom, the outcome
// and its counts, the first errors, and what to do next.
func (l *Loader) mailText(p Protocol, attached bool) string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("Здравствуйте!")
	line("")
	if p.CheckOnly {
		line("Файл «%s» проверен. Это была проверка без записи: %s не изменился.", p.FileName,
			pick(p.Procedure.ByStaff(), "реестр серийных номеров", "справочник"))
	} else {
		line("Файл «%s» обработан.", p.FileName)
	}
	line("")
	if p.Procedure != "" {
		line("Процедура: %s", p.Procedure.Title())
	}
	if p.DistributorName != "" && !p.Procedure.ByStaff() {
		line("Дистрибьютор: %s", p.DistributorName)
	}
	if p.UploaderName != "" {
		line("Загрузил: %s", p.UploaderName)
	} else {
		line("Загрузил: файл положен в хранилище интеграцией")
	}
	if p.Seq > 0 {
		line("Протокол: №%d", p.Seq)
	}
	line("Принят: %s, обработан: %s", p.CreatedAt.In(l.loc).Format("02.01.2006 15:04"), p.FinishedAt.In(l.loc).Format("02.01.2006 15:04"))
	if p.FileType != "" {
		line("Тип файла: %s", p.FileType)
	}
	line("Статус: %s", p.Status.Label(p.CheckOnly))
	if p.Reason != "" {
		line("")
		line("Причина: %s", p.Reason)
	}
	if p.Status == LoadSucceeded || p.Status == LoadFailedValidation {
		c := p.Counts
		line("")
		line("Строк с данными: %d", c.Total)
		if p.Status == LoadSucceeded || p.CheckOnly {
			verb := ""
			if p.CheckOnly {
				verb = "Будет "
			}
			line("%s%s: %d", verb, pick(p.CheckOnly, "создано", "Создано"), c.Created)
			line("%s%s: %d", verb, pick(p.CheckOnly, "изменено", "Изменено"), c.Updated)
			line("Без изменений: %d", c.Unchanged)
			if p.Procedure == Routes {
				line("%s: %d", pick(p.CheckOnly, "Будет удалено из маршрутов", "Удалено из маршрутов"), c.Removed)
			}
		}
		line("Строк с ошибками: %d (ошибок: %d)", c.WithErrors, c.Errors)
	}
	if len(p.Warnings) > 0 {
		line("")
		line("Предупреждения:")
		for _, w := range p.Warnings {
			line("— %s", w)
		}
	}
	if len(p.FirstErrors) > 0 {
		line("")
		line("Первые ошибки:")
		for _, e := range p.FirstErrors[:min(len(p.FirstErrors), mailedErrors)] {
			line("— строка %d, %s", e.Row, e.String())
		}
	}
	switch {
	case p.Status == LoadFailedValidation && !p.CheckOnly:
		line("")
		line("Ни одна строка не записана: исправьте ошибки и загрузите файл целиком ещё раз.")
	case p.Status == LoadRejected:
		line("")
		line("Исправьте файл и загрузите его ещё раз.")
	}
	if p.ReportKey != "" {
		if attached {
			line("Все ошибки — во вложении «%s»: строки с ошибками, как в файле, и столбец «Ошибки».", p.ReportName())
		} else {
			line("Отчёт об ошибках слишком велик для письма: скачайте его со страницы протокола.")
		}
	}
	if l.webURL != "" {
		line("")
		line("Протокол в системе: %s/imports/%s", l.webURL, p.ID)
	}
	return b.String()
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}
