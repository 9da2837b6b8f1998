package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestClaimSpecsAreComplete(t *testing.T) {
	flags, ids := map[string]bool{}, map[ClaimID]bool{}
	for _, s := range ClaimSpecs {
		if s.ID == "" || s.Flag == "" || s.Text == "" || s.Why == "" {
			t.Errorf("%+v: every field must be set", s)
		}
		if flags[s.Flag] || ids[s.ID] {
			t.Errorf("%s/%s: flags and ids must be unique", s.ID, s.Flag)
		}
		flags[s.Flag], ids[s.ID] = true, true
		switch s.Kind {
		case MaxDuration:
			if s.Default.Duration <= 0 {
				t.Errorf("%s: default duration %s", s.ID, s.Default.Duration)
			}
		case MaxFraction:
			if s.Default.Fraction < 0 || s.Default.Fraction > 1 {
				t.Errorf("%s: default share %g", s.ID, s.Default.Fraction)
			}
		}
	}
	for _, id := range []ClaimID{ClaimURL, ClaimReleaseSplit, ClaimReleaseDone, ClaimRelease5xx, Claim5xx, ClaimErrors, ClaimTasksOut, ClaimScaleOutAlarm, ClaimInstancesOut, ClaimTasksIn, ClaimInstancesIn, ClaimDestroy} {
		if !ids[id] {
			t.Errorf("claim %s has no spec", id)
		}
	}
}

// The defaults follow from AWS's documented timings (see ClaimSpecs); these
// orderings must hold whatever the numbers become.
func TestDefaultThresholdsAreConsistent(t *testing.T) {
	l := DefaultLimits()
	if !(l[ClaimTasksOut].Duration < l[ClaimInstancesOut].Duration) {
		t.Error("instances scale out after the tasks do")
	}
	if !(l[ClaimTasksIn].Duration < l[ClaimInstancesIn].Duration) {
		t.Error("instances scale in after the tasks do")
	}
	// The tasks' scale-in alarm alone needs 15 minutes, managed scaling 15 more.
	if l[ClaimTasksIn].Duration < 15*time.Minute || l[ClaimInstancesIn].Duration < 30*time.Minute {
		t.Error("scale-in thresholds below what the alarms need")
	}
	// Target tracking needs 3 one-minute datapoints.
	if l[ClaimTasksOut].Duration < 3*time.Minute || l[ClaimScaleOutAlarm].Duration < 3*time.Minute {
		t.Error("tasks-out or scale-out-alarm threshold below 3 datapoints")
	}
	// The alarm comes first, then the tasks start.
	if !(l[ClaimScaleOutAlarm].Duration < l[ClaimTasksOut].Duration) {
		t.Error("the tasks scale out after the alarm fires")
	}
	// A canary release takes the README's 20m55s at the defaults, after
	// its split.
	if l[ClaimReleaseDone].Duration < 20*time.Minute+55*time.Second || !(l[ClaimReleaseSplit].Duration < l[ClaimReleaseDone].Duration) {
		t.Error("release thresholds below what a canary release takes")
	}
}

func TestPercent(t *testing.T) {
	for _, tc := range []struct {
		f    float64
		want string
	}{{0, "0%"}, {0.00001, "0.0010%"}, {0.001, "0.100%"}, {0.25, "25.0%"}, {1, "100.0%"}} {
		if got := percent(tc.f); got != tc.want {
			t.Errorf("percent(%g) = %s, want %s", tc.f, got, tc.want)
		}
	}
}

// passing is a run where everything happened in time, a canary release
// among it.
func passing() Measurements {
	var load, light Stats
	load.ByClass[2] = 100000
	light.ByClass[2] = 480
	return Measurements{
		Release: ReleaseTrack{
			Kind: releaseCanary, Wait: 40 * time.Minute, Ran: true, Start: 11 * time.Minute, Ended: true, End: 35 * time.Minute,
			Read: true, From: blueTG, Seen: []string{"100/0", "95/5", "0/100"}, Split: At(13 * time.Minute), SplitAt: "95/5",
			Moved: 1, Status: "SUCCESSFUL", Traffic: light,
		},
		DeployRan: true, DeployOK: true, DeployEnd: 10 * time.Minute,
		URLRan: true, URLReady: At(10*time.Minute + 20*time.Second), URLWait: 10 * time.Minute,
		LoadRan: true, LoadStart: 11 * time.Minute, LoadEnd: 26 * time.Minute, Load: load,
		TasksOut: At(16 * time.Minute), TasksFrom: 1, TasksTo: 10,
		InstancesOut: At(20 * time.Minute), InstancesFrom: 1, InstancesTo: 2,
		Alarm: AlarmTrack{Checked: true, Name: alarmHigh, Start: StateOK, Until: 26 * time.Minute,
			Changes: []StateChange{{At: 15 * time.Minute, From: StateOK, To: StateAlarm}}},
		ObservedUntil: 70 * time.Minute,
		ScaleInRan:    true, ScaleInWait: 50 * time.Minute,
		TasksMin: At(44 * time.Minute), InstancesMin: At(64 * time.Minute),
		MinTasksCount: 1, MinInstancesCnt: 1,
		DestroyRan: true, DestroyOK: true, DestroyDuration: 12 * time.Minute,
	}
}

func statusOf(results []ClaimResult, id ClaimID) ClaimResult {
	for _, r := range results {
		if r.Spec.ID == id {
			return r
		}
	}
	return ClaimResult{}
}

func TestEvaluate(t *testing.T) {
	type want struct {
		id       ClaimID
		status   Status
		measured string
	}
	for _, tc := range []struct {
		name   string
		change func(*Measurements)
		limits func(map[ClaimID]Limit)
		want   []want
		exit   int
	}{
		{
			name: "everything in time",
			want: []want{
				{ClaimURL, Pass, "20s after the deploy"},
				{ClaimReleaseSplit, Pass, "95/5 2m0s after the release started (weights 100/0 -> 95/5 -> 0/100)"},
				{ClaimReleaseDone, Pass, "24m0s (weights 100/0 -> 95/5 -> 0/100)"},
				{ClaimRelease5xx, Pass, "0 of 480 answers (0%)"},
				{Claim5xx, Pass, "0 of 100000 answers (0%)"},
				{ClaimErrors, Pass, "0 of 100000 requests (0%)"},
				{ClaimTasksOut, Pass, "5m0s after the load started (running tasks 1 -> 10)"},
				{ClaimScaleOutAlarm, Pass, "4m0s after the load started (OK -> ALARM)"},
				{ClaimInstancesOut, Pass, "9m0s after the load started (InService instances 1 -> 2)"},
				{ClaimTasksIn, Pass, "18m0s after the load stopped (1 tasks)"},
				{ClaimInstancesIn, Pass, "38m0s after the load stopped (1 instances)"},
				{ClaimDestroy, Pass, "12m0s"},
			},
			exit: ExitPass,
		},
		{
			name:   "no -release: its claims skipped on purpose",
			change: func(m *Measurements) { m.Release = ReleaseTrack{} },
			want: []want{
				{ClaimReleaseSplit, Skipped, "no -release"},
				{ClaimReleaseDone, Skipped, "no -release"},
				{ClaimRelease5xx, Skipped, "no -release"},
			},
			exit: ExitPass,
		},
		{
			name: "a slow release and a late split fail",
			change: func(m *Measurements) {
				m.Release.End = m.Release.Start + 31*time.Minute
				m.Release.Split = At(m.Release.Start + 11*time.Minute)
			},
			want: []want{
				{ClaimReleaseSplit, Fail, "95/5 11m0s after the release started"},
				{ClaimReleaseDone, Fail, "31m0s (weights"},
			},
			exit: ExitFail,
		},
		{
			name: "a release that returned with the traffic split",
			change: func(m *Measurements) {
				m.Release.Seen, m.Release.Moved = []string{"100/0", "95/5"}, 0.05
			},
			want: []want{{ClaimReleaseDone, Fail, "cdk deploy returned after 24m0s, but not all traffic moved: weights 100/0 -> 95/5"}},
			exit: ExitFail,
		},
		{
			name: "rolled back by ECS, no split seen",
			change: func(m *Measurements) {
				m.Release.Seen, m.Release.Moved, m.Release.Split, m.Release.Status = []string{"100/0"}, 0, Moment{}, "ROLLBACK_SUCCESSFUL"
				m.Release.Err = "exit status 1"
			},
			want: []want{
				{ClaimReleaseSplit, Fail, "no split seen: weights 100/0"},
				{ClaimReleaseDone, Fail, "rolled back: weights 100/0; ECS deployment ROLLBACK_SUCCESSFUL; cdk deploy failed after 24m0s: exit status 1"},
			},
			exit: ExitFail,
		},
		{
			name: "rolled back by CloudFormation after the split",
			change: func(m *Measurements) {
				m.Release.Seen, m.Release.Moved, m.Release.Err = []string{"100/0", "95/5", "100/0"}, 0, "exit status 1"
			},
			want: []want{{ClaimReleaseDone, Fail, "rolled back: weights 100/0 -> 95/5 -> 100/0; ECS deployment SUCCESSFUL; cdk deploy failed after 24m0s: exit status 1"}},
			exit: ExitFail,
		},
		{
			name: "the rule never read, the light traffic never answered",
			change: func(m *Measurements) {
				m.Release.Read, m.Release.Seen, m.Release.Moved, m.Release.Split = false, nil, 0, Moment{}
				m.Release.Traffic = Stats{Errors: 20}
			},
			want: []want{
				{ClaimReleaseSplit, Fail, "the production rule was never read"},
				{ClaimRelease5xx, Fail, "no answer at all"},
			},
			exit: ExitFail,
		},
		{
			name:   "5xx during the release",
			change: func(m *Measurements) { m.Release.Traffic.ByClass[5] = 2 },
			want:   []want{{ClaimRelease5xx, Fail, "2 of 482 answers (0.415%)"}},
			exit:   ExitFail,
		},
		{
			name:   "a threshold exactly met passes",
			change: func(m *Measurements) { m.TasksOut = At(m.LoadStart + 8*time.Minute) },
			want:   []want{{ClaimTasksOut, Pass, "8m0s after"}},
			exit:   ExitPass,
		},
		{
			name:   "slow tasks fail",
			change: func(m *Measurements) { m.TasksOut = At(m.LoadStart + 8*time.Minute + time.Second) },
			want:   []want{{ClaimTasksOut, Fail, "8m1s after"}},
			exit:   ExitFail,
		},
		{
			name:   "a looser flag lets them pass",
			change: func(m *Measurements) { m.TasksOut = At(m.LoadStart + 9*time.Minute) },
			limits: func(l map[ClaimID]Limit) { l[ClaimTasksOut] = Limit{Duration: 10 * time.Minute} },
			want:   []want{{ClaimTasksOut, Pass, "9m0s"}},
			exit:   ExitPass,
		},
		{
			name: "5xx and errors above 0.1 %",
			change: func(m *Measurements) {
				m.Load.ByClass[5] = 200
				m.Load.Errors = 150
			},
			want: []want{
				{Claim5xx, Fail, "200 of 100200 answers (0.200%)"},
				{ClaimErrors, Fail, "150 of 100350 requests (0.149%)"},
			},
			exit: ExitFail,
		},
		{
			name: "a few 5xx and errors under 0.1 %",
			change: func(m *Measurements) {
				m.Load.ByClass[5] = 3
				m.Load.Errors = 2
			},
			want: []want{{Claim5xx, Pass, "3 of 100003"}, {ClaimErrors, Pass, "2 of 100005"}},
			exit: ExitPass,
		},
		{
			name:   "a load that got no answer fails",
			change: func(m *Measurements) { m.Load = Stats{Errors: 10} },
			want:   []want{{Claim5xx, Fail, "no answer at all"}, {ClaimErrors, Fail, "10 of 10 requests (100.0%)"}},
			exit:   ExitFail,
		},
		{
			name: "the alarm fires in time, after a while without data",
			change: func(m *Measurements) {
				m.Alarm.Start = StateInsufficientData
				m.Alarm.Changes = []StateChange{
					{At: 12 * time.Minute, From: StateInsufficientData, To: StateOK},
					{At: m.LoadStart + 6*time.Minute, From: StateOK, To: StateAlarm},
					{At: 25 * time.Minute, From: StateAlarm, To: StateOK},
				}
			},
			want: []want{{ClaimScaleOutAlarm, Pass, "6m0s after the load started (OK -> ALARM)"}},
			exit: ExitPass,
		},
		{
			name:   "the alarm fires late",
			change: func(m *Measurements) { m.Alarm.Changes[0].At = m.LoadStart + 9*time.Minute + 30*time.Second },
			want:   []want{{ClaimScaleOutAlarm, Fail, "9m30s after the load started (OK -> ALARM)"}},
			exit:   ExitFail,
		},
		{
			name:   "the alarm never fires: stays OK",
			change: func(m *Measurements) { m.Alarm.Changes = nil },
			want:   []want{{ClaimScaleOutAlarm, Fail, "stayed OK for 15m0s: the requests per task stayed under the policy's target"}},
			exit:   ExitFail,
		},
		{
			name:   "the alarm has no data",
			change: func(m *Measurements) { m.Alarm.Changes, m.Alarm.Start = nil, StateInsufficientData },
			want:   []want{{ClaimScaleOutAlarm, Fail, "stayed INSUFFICIENT_DATA for 15m0s: the metric had no datapoints"}},
			exit:   ExitFail,
		},
		{
			name: "the alarm loses its data",
			change: func(m *Measurements) {
				m.Alarm.Changes = []StateChange{{At: 14 * time.Minute, From: StateOK, To: StateInsufficientData}}
			},
			want: []want{{ClaimScaleOutAlarm, Fail, "OK for 3m0s, then INSUFFICIENT_DATA for 12m0s: the metric had no datapoints"}},
			exit: ExitFail,
		},
		{
			name:   "the alarm was in ALARM already",
			change: func(m *Measurements) { m.Alarm.Changes, m.Alarm.Start = nil, StateAlarm },
			want:   []want{{ClaimScaleOutAlarm, Pass, "already in ALARM when the load started"}},
			exit:   ExitPass,
		},
		{
			name: "no scale-out alarm",
			change: func(m *Measurements) {
				m.Alarm = AlarmTrack{Missing: "no scale-out alarm: no scaling policy on service/cluster/service"}
			},
			want: []want{{ClaimScaleOutAlarm, Fail, "no scale-out alarm: no scaling policy on service/cluster/service"}},
			exit: ExitFail,
		},
		{
			name:   "the alarm cannot be read",
			change: func(m *Measurements) { m.Alarm = AlarmTrack{Err: "AccessDenied"} },
			want:   []want{{ClaimScaleOutAlarm, Skipped, "cannot read it: AccessDenied"}},
			exit:   ExitFail,
		},
		{
			name:   "no instance scale-out: out fails, in is skipped",
			change: func(m *Measurements) { m.InstancesOut = Moment{}; m.InstancesMin = At(27 * time.Minute) },
			want: []want{
				{ClaimInstancesOut, Fail, "none in 59m0s of watching (InService instances stayed at 1)"},
				{ClaimInstancesIn, Skipped, "no scale-out to come back from"},
			},
			exit: ExitFail,
		},
		{
			name:   "tasks never back",
			change: func(m *Measurements) { m.TasksMin = Moment{} },
			want:   []want{{ClaimTasksIn, Fail, "not back to 1 tasks within 50m0s"}},
			exit:   ExitFail,
		},
		{
			name: "deploy failed: all but destroy skipped",
			change: func(m *Measurements) {
				*m = Measurements{DeployRan: true, DestroyRan: true, DestroyOK: true, DestroyDuration: time.Minute, Release: ReleaseTrack{Kind: releaseCanary}}
			},
			want: []want{
				{ClaimURL, Skipped, "deploy did not finish"},
				{ClaimReleaseDone, Skipped, "the release did not run"},
				{Claim5xx, Skipped, "no load ran"},
				{ClaimTasksOut, Skipped, "no load ran"},
				{ClaimScaleOutAlarm, Skipped, "no load ran"},
				{ClaimTasksIn, Skipped, "scale-in was not watched"},
				{ClaimDestroy, Pass, "1m0s"},
			},
			exit: ExitFail,
		},
		{
			name:   "URL never answered",
			change: func(m *Measurements) { m.URLReady = Moment{}; m.LoadRan = false; m.ScaleInRan = false },
			want:   []want{{ClaimURL, Fail, "no 200 within 10m0s"}, {ClaimErrors, Skipped, "no load ran"}},
			exit:   ExitFail,
		},
		{
			name:   "destroy failed",
			change: func(m *Measurements) { m.DestroyOK = false; m.DestroyErr = "DELETE_FAILED" },
			want:   []want{{ClaimDestroy, Fail, "failed after 12m0s: DELETE_FAILED"}},
			exit:   ExitFail,
		},
		{
			name:   "destroy abandoned",
			change: func(m *Measurements) { m.DestroyAbandoned = true },
			want:   []want{{ClaimDestroy, Fail, "abandoned"}},
			exit:   ExitFail,
		},
		{
			name:   "-keep skips the destroy on purpose",
			change: func(m *Measurements) { m.Keep = true; m.DestroyRan = false },
			want:   []want{{ClaimDestroy, Skipped, "-keep"}},
			exit:   ExitPass,
		},
		{
			name: "-skip skips on purpose, even a failing claim",
			change: func(m *Measurements) {
				m.Skip = map[ClaimID]bool{ClaimInstancesOut: true, ClaimInstancesIn: true}
				m.InstancesOut, m.InstancesMin = Moment{}, Moment{}
			},
			want: []want{{ClaimInstancesOut, Skipped, "skipped with -skip"}, {ClaimInstancesIn, Skipped, "skipped with -skip"}},
			exit: ExitPass,
		},
		{
			name:   "interrupted",
			change: func(m *Measurements) { m.Interrupted = true },
			exit:   ExitInterrupted,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := passing()
			if tc.change != nil {
				tc.change(&m)
			}
			limits := DefaultLimits()
			if tc.limits != nil {
				tc.limits(limits)
			}
			results := Evaluate(m, limits)
			if len(results) != len(ClaimSpecs) {
				t.Fatalf("%d results for %d claims", len(results), len(ClaimSpecs))
			}
			for _, w := range tc.want {
				r := statusOf(results, w.id)
				if r.Status != w.status || !strings.Contains(r.Measured, w.measured) {
					t.Errorf("%s: %s %q, want %s containing %q", w.id, r.Status, r.Measured, w.status, w.measured)
				}
			}
			if got := ExitCode(results, m.Interrupted); got != tc.exit {
				t.Errorf("exit code %d, want %d", got, tc.exit)
			}
		})
	}
}

func TestRenderClaims(t *testing.T) {
	var b bytes.Buffer
	RenderClaims(&b, Evaluate(passing(), DefaultLimits()))
	out := b.String()
	for _, want := range []string{
		"result  claim", "PASS    the URL answers 200 soon after the deploy", "<= 5m0s", "<= 0.100%",
		"cdk destroy finishes in minutes", "<= 20m0s",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("claims table lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n"); n != len(ClaimSpecs)+2 {
		t.Errorf("%d lines, want a header, a rule and %d claims", n, len(ClaimSpecs))
	}
}
