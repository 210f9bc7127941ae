package imports

import (
	"context"
	"errors"
)

// errOutOfTime ends a load's work Margin before the invocation's deadline.
var errOutOfTime = errors.New("the invocation's time is nearly up")

// beforeDeadline is ctx ending Margin before ctx's own deadline (Lambda's),
// so a load that cannot finish still has time to record its failure and
// send its e-mail. Without a deadline it is ctx.
func (l *Loader) beforeDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	deadline, ok := ctx.Deadline()
	if !ok {
		return ctx, func() {}
	}
	return context.WithDeadlineCause(ctx, deadline.Add(-l.timing.Margin), errOutOfTime)
}

// outOfTimeFailure records that a load did not finish within one
// invocation. It is final at once, whatever the attempt: a retry would
// read the same file under the same limit and run out of time again, only
// later, so the key user hears now and can split the file.
func outOfTimeFailure(p *Protocol) {
	p.Status = LoadFailed
	p.Reason = "Файл не успел обработаться за время, отведённое на одну загрузку. Разделите его на несколько " +
		"файлов поменьше и загрузите их по очереди"
	if !p.CheckOnly {
		p.Reason += "; часть строк этого файла могла быть уже записана, повторная загрузка их не задвоит"
	}
}
