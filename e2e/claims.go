package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// ClaimID names a claim on the command line (-skip) and in the report.
type ClaimID string

// The README's claims this command checks, in the order it reports them.
const (
	ClaimURL           ClaimID = "url"
	ClaimReleaseSplit  ClaimID = "release-split"
	ClaimReleaseDone   ClaimID = "release-done"
	ClaimRelease5xx    ClaimID = "release-5xx"
	Claim5xx           ClaimID = "5xx"
	ClaimErrors        ClaimID = "errors"
	ClaimTasksOut      ClaimID = "tasks-out"
	ClaimScaleOutAlarm ClaimID = "scale-out-alarm"
	ClaimInstancesOut  ClaimID = "instances-out"
	ClaimTasksIn       ClaimID = "tasks-in"
	ClaimInstancesIn   ClaimID = "instances-in"
	ClaimDestroy       ClaimID = "destroy"
)

// LimitKind says whether a claim's threshold is a time or a share.
type LimitKind int

const (
	// MaxDuration: the measured time must be at most the threshold.
	MaxDuration LimitKind = iota
	// MaxFraction: the measured share (0..1) must be at most the threshold.
	MaxFraction
)

// Limit is a claim's threshold: Duration for MaxDuration, Fraction for
// MaxFraction.
type Limit struct {
	Duration time.Duration
	Fraction float64
}

// ClaimSpec is one claim: its flag, its README wording, its default
// threshold and why that default.
type ClaimSpec struct {
	ID      ClaimID
	Flag    string
	Text    string
	Kind    LimitKind
	Default Limit
	Why     string
}

// ClaimSpecs is the one place the thresholds are defined: every flag, its
// default and the reasoning behind it. Align them with the README here.
//
// The defaults come from AWS's documented behaviour for this stack's
// settings (the README's defaults: 50 requests a minute per task, 1-10
// tasks, 1-5 t3.micro instances of 8 tasks each, managed scaling at 100 %
// with a 180 s warm-up, managed draining):
//
//   - the ALB publishes its one-minute metrics about a minute late;
//   - target tracking scales out after 3 one-minute datapoints above the
//     target and in after 15 below it (at zero requests too: the policy
//     reads a minute without requests as 0);
//   - ECS managed scaling reacts to tasks it cannot place within about a
//     minute (its CapacityProviderReservation metric, one datapoint), and
//     scales in after 15 one-minute datapoints below the target capacity;
//   - an instance is InService within a minute of its launch and registers
//     with ECS 1-3 minutes after it (the README: one to two minutes for AL2023).
var ClaimSpecs = []ClaimSpec{
	{
		ID: ClaimURL, Flag: "url-within", Kind: MaxDuration,
		Text:    "the URL answers 200 soon after the deploy",
		Default: Limit{Duration: 5 * time.Minute},
		// cdk deploy returns once the ECS service is stable (a healthy task
		// behind the target group), so the URL should answer at once; a new
		// ALB's DNS name can take a few minutes to resolve everywhere.
		Why: "cdk deploy waits for a stable service; a new ALB's DNS name can take minutes to resolve",
	},
	{
		ID: ClaimReleaseSplit, Flag: "release-split-within", Kind: MaxDuration,
		Text:    "a canary release sends a share of the traffic to the new revision first",
		Default: Limit{Duration: 10 * time.Minute},
		// From the release's cdk deploy: the synth and the image check
		// (the image is built and pushed already), CloudFormation's change
		// set and the new task definition, a minute or two; then ECS starts
		// the new revision (45 s, README) and moves the canary's share: about
		// 3-4 minutes, an estimate. 10 minutes leave room for an instance
		// launch where the new tasks do not fit.
		Why: "cdk synth and image check ~1-2 min + CloudFormation ~1 min + the new revision's start 45 s: ~3-4 min, an estimate",
	},
	{
		ID: ClaimReleaseDone, Flag: "release-done-within", Kind: MaxDuration,
		Text:    "a canary release moves all traffic to the new revision in about 21 minutes",
		Default: Limit{Duration: 30 * time.Minute},
		// The README's computed 20m55s at the defaults (45 s to start the
		// new revision, 10 min of canary, 10 min of bake, 10 s of drain),
		// plus about 9 minutes for CloudFormation and ECS around it (the
		// synth, the change set, ECS's own steps between stages): an
		// estimate. cdk deploy returns once ECS's deployment completed.
		Why: "the README's 20m55s (45 s start, 10 min canary, 10 min bake, 10 s drain) + ~9 min of CloudFormation and ECS, an estimate",
	},
	{
		ID: ClaimRelease5xx, Flag: "max-release-5xx", Kind: MaxFraction,
		Text:    "no 5xx answers during a canary release",
		Default: Limit{Fraction: 0.001},
		// The old revision serves until the new one is healthy, then both
		// do, each behind its own group: no request should fail. The same
		// 0.1 % as under load allows an odd 502.
		Why: "both revisions serve, each healthy; 0.1 % allows an odd 502, as under load",
	},
	{
		ID: Claim5xx, Flag: "max-5xx", Kind: MaxFraction,
		Text:    "no 5xx answers under load",
		Default: Limit{Fraction: 0.001},
		// Scale-out only adds targets, nothing is deregistered under load,
		// so the load balancer should answer no 5xx at all; 0.1 % leaves
		// room for an odd 502 and still catches any outage (one minute of
		// failures in a 15-minute run is 6.7 %).
		Why: "scale-out only adds targets; 0.1 % allows an odd 502, an outage of a minute is 6.7 %",
	},
	{
		ID: ClaimErrors, Flag: "max-errors", Kind: MaxFraction,
		Text:    "no connection errors under load",
		Default: Limit{Fraction: 0.001},
		// Connection errors (refused, reset, timeouts) as a share of every
		// request sent; a client across the internet sees the odd reset.
		Why: "a client across the internet sees the odd reset or timeout; an outage is far above 0.1 %",
	},
	{
		ID: ClaimTasksOut, Flag: "tasks-out-within", Kind: MaxDuration,
		Text:    "tasks scale out under load",
		Default: Limit{Duration: 8 * time.Minute},
		// 3 one-minute datapoints, published about a minute late, an alarm
		// evaluation, then task start and 2 health checks 10 s apart:
		// about 5-6 minutes from the first loaded minute.
		Why: "3 one-minute datapoints + ~1 min metric delay + task start and 2 health checks: ~5-6 min",
	},
	{
		ID: ClaimScaleOutAlarm, Flag: "scale-out-alarm-within", Kind: MaxDuration,
		Text:    "the scale-out alarm goes into ALARM under load",
		Default: Limit{Duration: 6 * time.Minute},
		// The target tracking policy's AlarmHigh alarm (read from
		// CloudWatch's alarm history at the load's end) needs 3 one-minute
		// datapoints above the target, published about a minute late, and
		// a minute of slack for the evaluation: the tasks' scale-out
		// without the task start. It tells, in one run, whether the scaling
		// metric fires at all.
		Why: "3 one-minute datapoints above the target + ~1 min metric delay + 1 min of evaluation slack",
	},
	{
		ID: ClaimInstancesOut, Flag: "instances-out-within", Kind: MaxDuration,
		Text:    "instances scale out when the tasks no longer fit",
		Default: Limit{Duration: 12 * time.Minute},
		// The tasks' scale-out (~5-6 min) leaves tasks it cannot place (10
		// tasks, 8 fit a t3.micro), managed scaling reacts within about a
		// minute and the new instance is InService about a minute later.
		Why: "task scale-out ~6 min + managed scaling ~1 min + launch to InService ~1 min, with margin",
	},
	{
		ID: ClaimTasksIn, Flag: "tasks-in-within", Kind: MaxDuration,
		Text:    "tasks return to minTasks after the load",
		Default: Limit{Duration: 25 * time.Minute},
		// Target tracking's scale-in alarm needs 15 one-minute datapoints
		// below the target (0 requests a minute once the load stops), the
		// first one after the load's last minute, read about a minute
		// late; at 0 it sets the task count to minTasks at once, and the
		// extra tasks drain in at most 25 s: about 17-19 minutes.
		Why: "scale-in alarm: 15 one-minute datapoints + ~1-2 min metric delay + 25 s of draining: ~17-19 min",
	},
	{
		ID: ClaimInstancesIn, Flag: "instances-in-within", Kind: MaxDuration,
		Text:    "instances return to minInstances after the load",
		Default: Limit{Duration: 45 * time.Minute},
		// After the tasks' scale-in (~19 min) managed scaling needs 15
		// one-minute datapoints below its target, then managed draining
		// moves the tasks off the instance it removes and the instance
		// terminates: a few minutes more, about 37-40 minutes in all.
		Why: "tasks back ~19 min + 15 one-minute datapoints + draining and termination: ~37-40 min",
	},
	{
		ID: ClaimDestroy, Flag: "destroy-within", Kind: MaxDuration,
		Text:    "cdk destroy finishes in minutes",
		Default: Limit{Duration: 20 * time.Minute},
		// The service drains (25 s), the Auto Scaling group terminates its
		// instances, the NAT gateways take a minute or two each, the VPC
		// goes last: typically 10-15 minutes for a stack of this shape.
		Why: "service drain + instance termination + NAT gateway deletion + VPC: typically 10-15 min",
	},
}

// specOf returns the spec of id; it panics on an unknown id, a programming
// error.
func specOf(id ClaimID) ClaimSpec {
	for _, s := range ClaimSpecs {
		if s.ID == id {
			return s
		}
	}
	panic("unknown claim " + string(id))
}

// DefaultLimits is every claim's default threshold.
func DefaultLimits() map[ClaimID]Limit {
	m := make(map[ClaimID]Limit, len(ClaimSpecs))
	for _, s := range ClaimSpecs {
		m[s.ID] = s.Default
	}
	return m
}

// Status is a claim's verdict.
type Status string

const (
	Pass    Status = "PASS"
	Fail    Status = "FAIL"
	Skipped Status = "SKIPPED"
)

// ClaimResult is one row of the claims table.
type ClaimResult struct {
	Spec      ClaimSpec
	Status    Status
	Measured  string
	Threshold string
	// Deliberate marks a claim skipped on purpose (-skip, -keep), which
	// does not make the run fail.
	Deliberate bool
}

// Moment is an optional point or span of time.
type Moment struct {
	At time.Duration
	OK bool
}

// At makes a Moment that happened.
func At(d time.Duration) Moment { return Moment{At: d, OK: true} }

// Measurements is what a run observed, all times since the run started.
type Measurements struct {
	DeployRan, DeployOK bool
	DeployEnd           time.Duration
	DeployDuration      time.Duration

	URLRan   bool
	URLReady Moment
	URLWait  time.Duration // the bound of the URL phase

	// The release, with -release.
	Release ReleaseTrack

	LoadRan            bool
	LoadStart, LoadEnd time.Duration
	Load               Stats

	// The scale-out alarm's state updates since the load started, read
	// at its end.
	Alarm AlarmTrack

	// The first time the running tasks, and the InService instances, were
	// above their count at the load's start, and the counts then.
	TasksOut, InstancesOut         Moment
	TasksFrom, TasksTo             int
	InstancesFrom, InstancesTo     int
	ObservedUntil                  time.Duration // the last poll
	ScaleInRan                     bool
	ScaleInWait                    time.Duration // the bound of the scale-in phase
	TasksMin, InstancesMin         Moment
	MinTasksCount, MinInstancesCnt int

	DestroyRan, DestroyOK bool
	DestroyDuration       time.Duration
	DestroyErr            string
	// DestroyAbandoned: a second interrupt stopped the destroy.
	DestroyAbandoned bool

	Keep        bool
	Skip        map[ClaimID]bool
	Interrupted bool
}

// Evaluate judges every claim of ClaimSpecs against limits.
func Evaluate(m Measurements, limits map[ClaimID]Limit) []ClaimResult {
	results := make([]ClaimResult, 0, len(ClaimSpecs))
	for _, spec := range ClaimSpecs {
		limit, ok := limits[spec.ID]
		if !ok {
			limit = spec.Default
		}
		r := ClaimResult{Spec: spec, Threshold: formatLimit(spec.Kind, limit)}
		if m.Skip[spec.ID] {
			r.Status, r.Measured, r.Deliberate = Skipped, "skipped with -skip", true
		} else {
			r.Status, r.Measured, r.Deliberate = judge(spec, limit, m)
		}
		results = append(results, r)
	}
	return results
}

func formatLimit(kind LimitKind, l Limit) string {
	if kind == MaxFraction {
		return "<= " + percent(l.Fraction)
	}
	return "<= " + roundDuration(l.Duration).String()
}

// percent formats a share with enough digits to tell 0 from tiny.
func percent(f float64) string {
	switch {
	case f == 0:
		return "0%"
	case f < 0.0001:
		return fmt.Sprintf("%.4f%%", f*100)
	case f < 0.01:
		return fmt.Sprintf("%.3f%%", f*100)
	default:
		return fmt.Sprintf("%.1f%%", f*100)
	}
}

func withinDuration(d, limit time.Duration) Status {
	if d <= limit {
		return Pass
	}
	return Fail
}

// judge returns a claim's status, its measured figure and whether a skip
// was deliberate.
func judge(spec ClaimSpec, limit Limit, m Measurements) (Status, string, bool) {
	notRun := func(what string) (Status, string, bool) { return Skipped, what, false }
	switch spec.ID {
	case ClaimURL:
		switch {
		case !m.DeployOK:
			return notRun("deploy did not finish")
		case !m.URLRan:
			return notRun("not checked")
		case !m.URLReady.OK:
			return Fail, fmt.Sprintf("no 200 within %s", roundDuration(m.URLWait)), false
		}
		d := m.URLReady.At - m.DeployEnd
		return withinDuration(d, limit.Duration), roundDuration(d).String() + " after the deploy", false

	case ClaimReleaseSplit, ClaimReleaseDone, ClaimRelease5xx:
		return judgeRelease(spec, limit, m.Release)

	case Claim5xx, ClaimErrors:
		if !m.LoadRan {
			return notRun("no load ran")
		}
		if spec.ID == Claim5xx {
			return fiveXX(m.Load, limit.Fraction)
		}
		answers, errs := m.Load.Answers(), m.Load.Errors
		sent := answers + errs
		if sent == 0 {
			return Fail, "no request sent", false
		}
		f := float64(errs) / float64(sent)
		return fractionStatus(f, limit.Fraction), fmt.Sprintf("%d of %d requests (%s)", errs, sent, percent(f)), false

	case ClaimTasksOut, ClaimInstancesOut:
		if !m.LoadRan {
			return notRun("no load ran")
		}
		moment, from, to, what := m.TasksOut, m.TasksFrom, m.TasksTo, "running tasks"
		if spec.ID == ClaimInstancesOut {
			moment, from, to, what = m.InstancesOut, m.InstancesFrom, m.InstancesTo, "InService instances"
		}
		if !moment.OK {
			return Fail, fmt.Sprintf("none in %s of watching (%s stayed at %d)", roundDuration(m.ObservedUntil-m.LoadStart), what, from), false
		}
		d := moment.At - m.LoadStart
		return withinDuration(d, limit.Duration), fmt.Sprintf("%s after the load started (%s %d -> %d)", roundDuration(d), what, from, to), false

	case ClaimScaleOutAlarm:
		a := m.Alarm
		switch {
		case !m.LoadRan:
			return notRun("no load ran")
		case a.Missing != "":
			return Fail, a.Missing, false
		case a.Err != "":
			return notRun("cannot read it: " + a.Err)
		case !a.Checked:
			return notRun("not checked")
		}
		if c, ok := a.FirstAlarm(); ok {
			d := c.At - m.LoadStart
			return withinDuration(d, limit.Duration), fmt.Sprintf("%s after the load started (%s -> ALARM)", roundDuration(d), c.From), false
		}
		if a.Start == StateAlarm {
			return Pass, "already in ALARM when the load started", false
		}
		return Fail, a.States(m.LoadStart), false

	case ClaimTasksIn, ClaimInstancesIn:
		out, back, min, what := m.TasksOut, m.TasksMin, m.MinTasksCount, "tasks"
		if spec.ID == ClaimInstancesIn {
			out, back, min, what = m.InstancesOut, m.InstancesMin, m.MinInstancesCnt, "instances"
		}
		switch {
		case !m.ScaleInRan:
			return notRun("scale-in was not watched")
		case !out.OK:
			return notRun("no scale-out to come back from")
		case !back.OK:
			return Fail, fmt.Sprintf("not back to %d %s within %s", min, what, roundDuration(m.ScaleInWait)), false
		}
		d := back.At - m.LoadEnd
		return withinDuration(d, limit.Duration), fmt.Sprintf("%s after the load stopped (%d %s)", roundDuration(d), min, what), false

	case ClaimDestroy:
		switch {
		case m.Keep:
			return Skipped, "-keep: the stack is left running", true
		case m.DestroyAbandoned:
			return Fail, "abandoned by a second interrupt: the stack may still exist", false
		case !m.DestroyRan:
			return notRun("destroy did not run")
		case !m.DestroyOK:
			msg := fmt.Sprintf("failed after %s", roundDuration(m.DestroyDuration))
			if m.DestroyErr != "" {
				msg += ": " + m.DestroyErr
			}
			return Fail, msg, false
		}
		return withinDuration(m.DestroyDuration, limit.Duration), roundDuration(m.DestroyDuration).String(), false
	}
	return Fail, "unknown claim", false
}

// fiveXX judges the 5xx answers' share of the answers.
func fiveXX(s Stats, limit float64) (Status, string, bool) {
	answers := s.Answers()
	if answers == 0 {
		return Fail, "no answer at all", false
	}
	n := s.ByClass[5]
	f := float64(n) / float64(answers)
	return fractionStatus(f, limit), fmt.Sprintf("%d of %d answers (%s)", n, answers, percent(f)), false
}

func fractionStatus(f, limit float64) Status {
	if f <= limit {
		return Pass
	}
	return Fail
}

// RenderClaims writes the claims table.
func RenderClaims(w io.Writer, results []ClaimResult) {
	rows := [][]string{{"result", "claim", "id", "threshold", "measured"}}
	for _, r := range results {
		rows = append(rows, []string{string(r.Status), r.Spec.Text, string(r.Spec.ID), r.Threshold, r.Measured})
	}
	writeTable(w, rows)
}

// Exit codes.
const (
	ExitPass        = 0
	ExitFail        = 1
	ExitSetup       = 2 // bad flags, no credentials, no region: nothing was done
	ExitInterrupted = 130
)

// ExitCode is 0 only if every claim passed or was skipped on purpose.
func ExitCode(results []ClaimResult, interrupted bool) int {
	if interrupted {
		return ExitInterrupted
	}
	for _, r := range results {
		if r.Status == Fail || (r.Status == Skipped && !r.Deliberate) {
			return ExitFail
		}
	}
	return ExitPass
}

// claimIDs lists the ids for the usage text.
func claimIDs() string {
	ids := make([]string, len(ClaimSpecs))
	for i, s := range ClaimSpecs {
		ids[i] = string(s.ID)
	}
	return strings.Join(ids, ",")
}
