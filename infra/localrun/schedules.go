package localrun

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// RunSchedules fires every scheduled function when its expression is due,
// checking once a minute, until ctx ends.
func (s *Server) RunSchedules(ctx context.Context) error {
	type job struct {
		function string
		sched    *schedule
	}
	var jobs []job
	for _, fn := range s.tpl.Functions {
		for _, sc := range fn.Schedules {
			p, err := parseSchedule(sc.Expression, sc.TimeZone)
			if err != nil {
				return fmt.Errorf("%s schedule %s: %w", fn.LogicalID, sc.Name, err)
			}
			jobs = append(jobs, job{fn.LogicalID, p})
		}
	}
	for {
		next := time.Now().Truncate(time.Minute).Add(time.Minute)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Until(next)):
		}
		for _, j := range jobs {
			if j.sched.due(next, s.started) {
				go func() {
					if err := s.Fire(ctx, j.function); err != nil {
						slog.Error("scheduled run failed", "function", j.function, "error", err)
					}
				}()
			}
		}
	}
}

// Fire runs a scheduled function now with an EventBridge Scheduler event.
func (s *Server) Fire(ctx context.Context, function string) error {
	fn, ok := s.tpl.Function(function)
	if !ok || len(fn.Schedules) == 0 {
		return fmt.Errorf("%s is not a scheduled function", function)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.Invoke(ctx, function, events.EventBridgeEvent{
		Version: "0", ID: newRequestID(), DetailType: "Scheduled Event", Source: "aws.scheduler",
		AccountID: "000000000000", Time: time.Now().UTC(), Region: "local",
		Detail: []byte("{}"),
	})
	return err
}
