package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// The states of a CloudWatch alarm.
const (
	StateOK               = "OK"
	StateAlarm            = "ALARM"
	StateInsufficientData = "INSUFFICIENT_DATA"
)

// AlarmChange is one state update of an alarm, as CloudWatch's alarm
// history has it.
type AlarmChange struct {
	At               time.Time
	From, To, Reason string
}

// AlarmReading is the scale-out alarm since a time: its name, its state
// now and its state updates since then, oldest first.
type AlarmReading struct {
	Name    string
	State   string
	Changes []AlarmChange
}

// errNoScaleOutAlarm: the service has no request-count target tracking
// policy with a scale-out alarm, so the stack does not scale as the README
// says; the claim fails.
var errNoScaleOutAlarm = errors.New("no scale-out alarm")

// Alarms reads the service's scale-out alarm: the AlarmHigh alarm
// Application Auto Scaling made for the ALBRequestCountPerTarget target
// tracking policy (DescribeScalingPolicies), its state (CloudWatch
// DescribeAlarms) and its state updates since a time (DescribeAlarmHistory).
type Alarms interface {
	ScaleOut(ctx context.Context, since time.Time) (AlarmReading, error)
}

// StateChange is an AlarmChange at a time since the run started.
type StateChange struct {
	At       time.Duration
	From, To string
}

// AlarmTrack is the scale-out alarm as the run saw it at the load's end.
type AlarmTrack struct {
	// Checked: read; Missing: not there (what was found instead); Err: not
	// readable (why).
	Checked      bool
	Missing, Err string
	Name         string
	Start        string        // the state when the load started
	Changes      []StateChange // since the load started, oldest first
	Until        time.Duration // when it was read
}

// trackAlarm turns a reading into times since the run started; loadStart
// and until bound the window it covers.
func trackAlarm(r AlarmReading, tl *Timeline, loadStart, until time.Duration) AlarmTrack {
	a := AlarmTrack{Checked: true, Name: r.Name, Start: r.State, Until: until}
	for _, c := range r.Changes {
		at := tl.Since(c.At)
		if at < loadStart {
			continue
		}
		if len(a.Changes) == 0 {
			a.Start = c.From
		}
		a.Changes = append(a.Changes, StateChange{At: at, From: c.From, To: c.To})
	}
	return a
}

// FirstAlarm is the first change to ALARM.
func (a AlarmTrack) FirstAlarm() (StateChange, bool) {
	for _, c := range a.Changes {
		if c.To == StateAlarm {
			return c, true
		}
	}
	return StateChange{}, false
}

// States says what the alarm did from loadStart to when it was read,
// when it did not go into ALARM: "stayed OK for 15m0s: ...", or
// "OK for 3m0s, then INSUFFICIENT_DATA for 12m0s: ...", with what its last
// state means.
func (a AlarmTrack) States(loadStart time.Duration) string {
	type span struct {
		state string
		d     time.Duration
	}
	spans := []span{{a.Start, 0}}
	from := loadStart
	for _, c := range a.Changes {
		spans[len(spans)-1].d = c.At - from
		spans = append(spans, span{c.To, 0})
		from = c.At
	}
	spans[len(spans)-1].d = a.Until - from
	var s string
	if len(spans) == 1 {
		s = fmt.Sprintf("stayed %s for %s", spans[0].state, roundDuration(spans[0].d))
	} else {
		parts := make([]string, len(spans))
		for i, sp := range spans {
			parts[i] = fmt.Sprintf("%s for %s", sp.state, roundDuration(sp.d))
		}
		s = strings.Join(parts, ", then ")
	}
	switch spans[len(spans)-1].state {
	case StateInsufficientData:
		s += ": the metric had no datapoints"
	case StateOK:
		s += ": the requests per task stayed under the policy's target"
	}
	return s
}

// clip keeps the start of s, at most n bytes (and whole runes).
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// checkAlarm reads the scale-out alarm's state updates since the load
// started, for the scale-out-alarm claim, and puts them on the timeline at
// the times they happened.
func (r *Runner) checkAlarm(ctx context.Context) {
	if r.Opts.Skip[ClaimScaleOutAlarm] {
		return
	}
	reading, err := r.NewAlarms(r.out).ScaleOut(ctx, r.TL.WallTime(r.m.LoadStart))
	until := r.TL.Elapsed()
	switch {
	case errors.Is(err, errNoScaleOutAlarm):
		r.m.Alarm = AlarmTrack{Missing: shortError(err), Until: until}
		r.TL.Add(PhaseLoad, "%s: the service does not scale on its requests per task", r.m.Alarm.Missing)
		return
	case err != nil:
		r.m.Alarm = AlarmTrack{Err: shortError(err), Until: until}
		r.TL.Add(PhaseLoad, "cannot read the scale-out alarm: %s", r.m.Alarm.Err)
		return
	}
	a := trackAlarm(reading, r.TL, r.m.LoadStart, until)
	r.m.Alarm = a
	reasons := map[time.Duration]string{}
	for _, c := range reading.Changes {
		reasons[r.TL.Since(c.At)] = c.Reason
	}
	for _, c := range a.Changes {
		msg := fmt.Sprintf("scale-out alarm: %s -> %s, %s after the load started", c.From, c.To, roundDuration(c.At-r.m.LoadStart))
		if reason := reasons[c.At]; reason != "" {
			msg += " (" + clip(reason, 160) + ")"
		}
		r.TL.AddAt(c.At, PhaseLoad, "%s", msg)
	}
	var summary string
	switch _, fired := a.FirstAlarm(); {
	case fired:
		summary = fmt.Sprintf("%d state update(s) since the load started", len(a.Changes))
	case a.Start == StateAlarm:
		summary = "already in ALARM when the load started"
	default:
		summary = a.States(r.m.LoadStart)
	}
	r.TL.Add(PhaseLoad, "scale-out alarm %s: %s", a.Name, summary)
}
