package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
)

// The scale-out alarm as a run sees it: the alarm's history from the load's
// start, read at its end, judged against -scale-out-alarm-within (6 min).
func TestRunnerScaleOutAlarm(t *testing.T) {
	changes := func(state string, cs ...AlarmChange) func(time.Time) (AlarmReading, error) {
		return func(since time.Time) (AlarmReading, error) {
			r := AlarmReading{Name: alarmHigh, State: state}
			for _, c := range cs {
				c.At = since.Add(c.At.Sub(time.Time{}))
				r.Changes = append(r.Changes, c)
			}
			return r, nil
		}
	}
	// after is a change d into the load (on the zero time, moved to the
	// load's start above).
	after := func(d time.Duration, from, to string) AlarmChange {
		return AlarmChange{At: time.Time{}.Add(d), From: from, To: to}
	}
	for _, tc := range []struct {
		name     string
		reading  func(time.Time) (AlarmReading, error)
		status   Status
		measured string
		timeline []string
	}{
		{
			name:     "fires in time",
			reading:  changes(StateAlarm, after(5*time.Minute, StateOK, StateAlarm)),
			status:   Pass,
			measured: "5m0s after the load started (OK -> ALARM)",
			timeline: []string{"+00:15:10  load       scale-out alarm: OK -> ALARM, 5m0s after the load started"},
		},
		{
			name:     "fires late",
			reading:  changes(StateAlarm, after(7*time.Minute+20*time.Second, StateOK, StateAlarm)),
			status:   Fail,
			measured: "7m20s after the load started (OK -> ALARM)",
			timeline: []string{"+00:17:30  load       scale-out alarm: OK -> ALARM, 7m20s after the load started"},
		},
		{
			name:     "never fires: stays OK",
			reading:  changes(StateOK),
			status:   Fail,
			measured: "stayed OK for 15m0s: the requests per task stayed under the policy's target",
			timeline: []string{"scale-out alarm " + alarmHigh + ": stayed OK for 15m0s"},
		},
		{
			name:     "insufficient data",
			reading:  changes(StateInsufficientData, after(2*time.Minute, StateOK, StateInsufficientData)),
			status:   Fail,
			measured: "OK for 2m0s, then INSUFFICIENT_DATA for 13m0s: the metric had no datapoints",
			timeline: []string{
				"+00:12:10  load       scale-out alarm: OK -> INSUFFICIENT_DATA, 2m0s after the load started",
				"INSUFFICIENT_DATA for 13m0s: the metric had no datapoints",
			},
		},
		{
			name: "no policy found",
			reading: func(time.Time) (AlarmReading, error) {
				return AlarmReading{}, fmt.Errorf("%w: no scaling policy on service/cluster/service", errNoScaleOutAlarm)
			},
			status:   Fail,
			measured: "no scale-out alarm: no scaling policy on service/cluster/service",
			timeline: []string{"no scale-out alarm: no scaling policy on service/cluster/service: the service does not scale on its requests per task"},
		},
		{
			name: "cannot be read",
			reading: func(time.Time) (AlarmReading, error) {
				return AlarmReading{}, &smithy.OperationError{ServiceID: "CloudWatch", OperationName: "DescribeAlarmHistory",
					Err: &smithy.GenericAPIError{Code: "AccessDenied", Message: "not authorized to perform: cloudwatch:DescribeAlarmHistory"}}
			},
			status:   Skipped,
			measured: "cannot read it: operation error CloudWatch: DescribeAlarmHistory, api error AccessDenied",
			timeline: []string{"cannot read the scale-out alarm: operation error CloudWatch"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScenario(t, defaultOptions(t))
			s.runner.NewAlarms = func(Outputs) Alarms { return fakeAlarms{reading: tc.reading} }
			m := s.run()
			results := Evaluate(m, s.runner.Opts.Limits)
			if r := statusOf(results, ClaimScaleOutAlarm); r.Status != tc.status || !strings.Contains(r.Measured, tc.measured) {
				t.Errorf("scale-out-alarm %s %q\nwant %s %q", r.Status, r.Measured, tc.status, tc.measured)
			}
			tl := timelineText(s.runner.TL)
			for _, want := range tc.timeline {
				if !strings.Contains(tl, want) {
					t.Errorf("timeline lacks %q:\n%s", want, tl)
				}
			}
			// The rest of the run goes on as before.
			if got := phasesOf(s.runner.TL); got != "deploy:ok url:ok load:ok scale-in:ok destroy:ok" {
				t.Errorf("phases %s", got)
			}
			if r := statusOf(results, ClaimTasksOut); r.Status != Pass {
				t.Errorf("tasks-out %s", r.Status)
			}
			wantExit := ExitPass
			if tc.status != Pass {
				wantExit = ExitFail
			}
			if got := ExitCode(results, m.Interrupted); got != wantExit {
				t.Errorf("exit %d, want %d", got, wantExit)
			}
		})
	}
}

// -skip scale-out-alarm does not read it; an interrupted load does not
// either.
func TestRunnerScaleOutAlarmNotRead(t *testing.T) {
	var calls int
	s := newScenario(t, defaultOptions(t, "-skip", "scale-out-alarm"))
	s.runner.NewAlarms = func(Outputs) Alarms { return fakeAlarms{reading: readmeAlarm, calls: &calls} }
	m := s.run()
	if r := statusOf(Evaluate(m, s.runner.Opts.Limits), ClaimScaleOutAlarm); calls != 0 || r.Status != Skipped || !r.Deliberate {
		t.Errorf("-skip: %d calls, %s deliberate %v", calls, r.Status, r.Deliberate)
	}

	s = newScenario(t, defaultOptions(t))
	start := s.clk.Now()
	s.runner.NewAlarms = func(Outputs) Alarms { return fakeAlarms{reading: readmeAlarm, calls: &calls} }
	s.runner.NewFleet = func(Outputs, []string) Fleet {
		return fakeFleet{clk: s.clk, start: start, at: func(e time.Duration) (Snapshot, error) {
			if e >= 13*time.Minute {
				s.cancel()
			}
			return readmeFleet(e)
		}}
	}
	m = s.run()
	if r := statusOf(Evaluate(m, s.runner.Opts.Limits), ClaimScaleOutAlarm); calls != 0 || r.Status != Skipped || r.Measured != "not checked" {
		t.Errorf("interrupted: %d calls, %s %q", calls, r.Status, r.Measured)
	}
}

func TestClip(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"a longer reason", 8, "a longer..."},
		{"d\u00e9j\u00e0 vu", 2, "d..."}, // not in the middle of é
	} {
		if got := clip(tc.s, tc.n); got != tc.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

func TestAlarmStatesWithoutChanges(t *testing.T) {
	a := AlarmTrack{Checked: true, Start: StateAlarm, Until: 20 * time.Minute}
	if got := a.States(5 * time.Minute); got != "stayed ALARM for 15m0s" {
		t.Errorf("States %q", got)
	}
	if _, ok := a.FirstAlarm(); ok {
		t.Error("no change, no first ALARM")
	}
	if !errors.Is(fmt.Errorf("%w: x", errNoScaleOutAlarm), errNoScaleOutAlarm) {
		t.Error("errNoScaleOutAlarm does not wrap")
	}
}
