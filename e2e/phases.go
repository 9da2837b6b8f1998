package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Phase is a step of the run.
type Phase string

const (
	PhasePreflight Phase = "preflight"
	PhaseDeploy    Phase = "deploy"
	PhaseURL       Phase = "url"
	PhaseRelease   Phase = "release"
	PhaseLoad      Phase = "load"
	PhaseScaleIn   Phase = "scale-in"
	PhaseDestroy   Phase = "destroy"
	PhaseDone      Phase = "done"
	PhaseReport    Phase = "report"
)

// Outcome is how a phase ended.
type Outcome int

const (
	OK Outcome = iota
	Failed
	Interrupted
)

func (o Outcome) String() string {
	return [...]string{"ok", "failed", "interrupted"}[o]
}

// nextPhase is the run's state machine: each phase that succeeds leads to
// the next; a failure or an interrupt after the deploy started leads
// straight to the destroy (unless keep), so that nothing is left running;
// the release runs only with -release, and the scale-in wait is left out
// when both of its claims are skipped.
func nextPhase(p Phase, o Outcome, keep, release, watchScaleIn bool) Phase {
	destroy := PhaseDestroy
	if keep {
		destroy = PhaseDone
	}
	if p == PhaseDestroy || p == PhaseDone {
		return PhaseDone
	}
	if o != OK {
		if p == PhasePreflight {
			return PhaseDone // nothing was deployed
		}
		return destroy
	}
	switch p {
	case PhasePreflight:
		return PhaseDeploy
	case PhaseDeploy:
		return PhaseURL
	case PhaseURL:
		if release {
			return PhaseRelease
		}
		return PhaseLoad
	case PhaseRelease:
		return PhaseLoad
	case PhaseLoad:
		if watchScaleIn {
			return PhaseScaleIn
		}
		return destroy
	case PhaseScaleIn:
		return destroy
	}
	return PhaseDone
}

// Probe is one GET of the URL.
type Probe struct {
	Status int
	Body   string // the start of it
	Err    error
}

// ready is a 200 with a body: the name of the task that answered.
func (p Probe) ready() bool {
	return p.Err == nil && p.Status == http.StatusOK && strings.TrimSpace(p.Body) != ""
}

func (p Probe) String() string {
	if p.Err != nil {
		return "no answer: " + shortError(p.Err)
	}
	return fmt.Sprintf("%d %q", p.Status, p.Body)
}

// shortError keeps the last, most specific, part of a wrapped error.
func shortError(err error) string {
	msg := err.Error()
	if len(msg) > 200 {
		msg = "..." + msg[len(msg)-197:]
		for !utf8.ValidString(msg) {
			msg = msg[:3] + msg[4:]
		}
	}
	return msg
}

// Runner runs the phases from the deploy on. Everything outside this
// process comes in through its fields, so tests drive it with fakes and a
// fake clock.
type Runner struct {
	Opts        Options
	TL          *Timeline
	CDK         CDK
	Stacks      Stacks
	NewFleet    func(out Outputs, groups []string) Fleet
	NewAlarms   func(out Outputs) Alarms
	NewRollout  func(out Outputs, rule string) Rollout
	Probe       func(ctx context.Context, url string) Probe
	NewLoader   func(url string) Loader
	ReadFile    func(path string) ([]byte, error)
	OutputsFile string
	Sleep       func(ctx context.Context, d time.Duration) error
	// ProbeEvery is the pause between GETs of the URL; ProgressEvery
	// between the load's progress lines.
	ProbeEvery, ProgressEvery time.Duration

	m       Measurements
	out     Outputs
	fleet   Fleet
	tracker *Tracker
}

// watchScaleIn is whether either scale-in claim is wanted.
func (r *Runner) watchScaleIn() bool {
	return !r.Opts.Skip[ClaimTasksIn] || !r.Opts.Skip[ClaimInstancesIn]
}

// Run goes through the phases; runCtx ends at the first interrupt,
// destroyCtx at the second. It returns what it measured.
func (r *Runner) Run(runCtx, destroyCtx context.Context) Measurements {
	r.m.Keep, r.m.Skip = r.Opts.Keep, r.Opts.Skip
	r.m.URLWait, r.m.ScaleInWait = r.Opts.URLWait, r.Opts.ScaleInWait
	r.m.Release.Kind, r.m.Release.Wait = r.Opts.Release, r.Opts.ReleaseWait
	for phase := PhaseDeploy; phase != PhaseDone; {
		var o Outcome
		r.TL.Begin(phase)
		switch phase {
		case PhaseDeploy:
			o = r.deploy(runCtx)
		case PhaseURL:
			o = r.waitURL(runCtx)
		case PhaseRelease:
			o = r.release(runCtx)
		case PhaseLoad:
			o = r.load(runCtx)
		case PhaseScaleIn:
			o = r.scaleIn(runCtx)
		case PhaseDestroy:
			o = r.destroy(destroyCtx)
		}
		if phase != PhaseDestroy && runCtx.Err() != nil {
			o = Interrupted
		}
		if o == Interrupted {
			r.m.Interrupted = true
		}
		r.TL.End(phase, o.String())
		next := nextPhase(phase, o, r.Opts.Keep, r.Opts.Release != "", r.watchScaleIn())
		if o != OK && phase != PhaseDestroy {
			if next == PhaseDestroy {
				r.TL.Add(phase, "%s: going to the destroy, so that nothing is left running", o)
			} else if r.Opts.Keep {
				r.TL.Add(phase, "%s: -keep, so the stack is left as it is; scripts/cdk destroy %s deletes it", o, StackName)
			}
		}
		phase = next
	}
	return r.m
}

func (r *Runner) deploy(ctx context.Context) Outcome {
	args := deployArgs(StackName, r.OutputsFile, r.Opts.Contexts)
	r.TL.Add(PhaseDeploy, "scripts/cdk %s (its output goes to stderr)", strings.Join(args, " "))
	r.m.DeployRan = true
	start := r.TL.Elapsed()
	err := r.CDK.Run(ctx, args)
	r.m.DeployEnd = r.TL.Elapsed()
	r.m.DeployDuration = r.m.DeployEnd - start
	if err != nil {
		r.TL.Add(PhaseDeploy, "failed after %s: %s", roundDuration(r.m.DeployDuration), shortError(err))
		return Failed
	}
	data, err := r.ReadFile(r.OutputsFile)
	if err == nil {
		r.out, err = ParseOutputs(data, StackName)
	}
	if err != nil {
		r.TL.Add(PhaseDeploy, "deployed in %s, but: %s", roundDuration(r.m.DeployDuration), shortError(err))
		return Failed
	}
	r.m.DeployOK = true
	r.TL.Add(PhaseDeploy, "deployed in %s: %s (cluster %s, service %s)",
		roundDuration(r.m.DeployDuration), r.out.HostNameURL, r.out.ClusterName, r.out.ServiceName)
	return OK
}

func (r *Runner) waitURL(ctx context.Context) Outcome {
	r.m.URLRan = true
	r.TL.Add(PhaseURL, "GET %s every %s until a 200 with a body, for at most %s", r.out.HostNameURL, r.ProbeEvery, r.Opts.URLWait)
	var last string
	for {
		p := r.Probe(ctx, r.out.HostNameURL)
		if ctx.Err() != nil {
			return Interrupted
		}
		if p.ready() {
			r.m.URLReady = At(r.TL.Elapsed())
			r.TL.Add(PhaseURL, "answers %s, %s after the deploy", p, roundDuration(r.m.URLReady.At-r.m.DeployEnd))
			return OK
		}
		if s := p.String(); s != last {
			r.TL.Add(PhaseURL, "not ready: %s", s)
			last = s
		}
		if r.TL.Elapsed()-r.m.DeployEnd >= r.Opts.URLWait {
			r.TL.Add(PhaseURL, "no 200 within %s", r.Opts.URLWait)
			return Failed
		}
		if r.Sleep(ctx, r.ProbeEvery) != nil {
			return Interrupted
		}
	}
}

// tries calls read until it succeeds, three times at most, -poll apart,
// logging each failure as what it could not read.
func (r *Runner) tries(ctx context.Context, phase Phase, what string, read func() error) Outcome {
	for attempt := 1; ; attempt++ {
		err := read()
		if err == nil {
			return OK
		}
		if ctx.Err() != nil {
			return Interrupted
		}
		r.TL.Add(phase, "cannot read %s (try %d of 3): %s", what, attempt, shortError(err))
		if attempt == 3 {
			return Failed
		}
		if r.Sleep(ctx, r.Opts.Poll) != nil {
			return Interrupted
		}
	}
}

// snapshot polls the fleet and records what it shows; a failed poll is
// logged (once per distinct error) and skipped.
func (r *Runner) snapshot(ctx context.Context, phase Phase, lastErr *string) {
	s, err := r.fleet.Snapshot(ctx)
	if ctx.Err() != nil {
		return
	}
	at := r.TL.Elapsed()
	r.m.ObservedUntil = at
	if err != nil {
		if msg := shortError(err); msg != *lastErr {
			r.TL.Add(phase, "poll failed (retrying): %s", msg)
			*lastErr = msg
		}
		return
	}
	*lastErr = ""
	for _, msg := range r.tracker.Observe(at, s) {
		r.TL.Add(phase, "%s", msg)
	}
	r.m.MinTasksCount, r.m.MinInstancesCnt = r.tracker.MinTasks(s), s.MinInstances
	r.syncTracker()
}

// syncTracker copies the tracker's milestones into the measurements.
func (r *Runner) syncTracker() {
	t := r.tracker
	r.m.TasksOut, r.m.InstancesOut = t.TasksOut, t.InstancesOut
	r.m.TasksFrom, r.m.InstancesFrom = t.Base.Running, t.Base.InService
	r.m.TasksTo, r.m.InstancesTo = t.PeakTasks, t.PeakInstances
	r.m.TasksMin, r.m.InstancesMin = t.TasksMin, t.InstancesMin
}

func (r *Runner) load(ctx context.Context) Outcome {
	resources, err := r.Stacks.Resources(ctx)
	if err != nil {
		r.TL.Add(PhaseLoad, "cannot list the stack's resources: %s", shortError(err))
		return Failed
	}
	groups := asgNames(resources)
	if len(groups) == 0 {
		r.TL.Add(PhaseLoad, "the stack has no %s: nothing to watch", asgType)
		return Failed
	}
	r.fleet = r.NewFleet(r.out, groups)
	var base Snapshot
	if o := r.tries(ctx, PhaseLoad, "the counts", func() (err error) { base, err = r.fleet.Snapshot(ctx); return err }); o != OK {
		return o
	}
	r.tracker = NewTracker(base)
	r.TL.Add(PhaseLoad, "watching Auto Scaling group(s) %s; at the start: %s", strings.Join(groups, ", "), base)

	loader := r.NewLoader(r.out.HostNameURL)
	loadCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan Stats, 1)
	r.m.LoadRan = true
	r.m.LoadStart = r.TL.Elapsed()
	r.TL.Add(PhaseLoad, "started: %d keep-alive connections for %s", r.Opts.Connections, r.Opts.Duration)
	go func() { done <- loader.Run(loadCtx) }()

	var lastErr string
	lastProgress := r.m.LoadStart
	for {
		r.snapshot(ctx, PhaseLoad, &lastErr)
		now := r.TL.Elapsed()
		if ctx.Err() != nil || now-r.m.LoadStart >= r.Opts.Duration {
			break
		}
		if now-lastProgress >= r.ProgressEvery {
			s := loader.Snapshot()
			r.TL.Add(PhaseLoad, "so far: %s", s.Summary())
			lastProgress = now
		}
		if r.Sleep(ctx, min(r.Opts.Poll, r.Opts.Duration-(now-r.m.LoadStart))) != nil {
			break
		}
	}
	stop()
	r.m.Load = <-done
	r.m.LoadEnd = r.TL.Elapsed()
	r.TL.Add(PhaseLoad, "stopped after %s: %s", roundDuration(r.m.LoadEnd-r.m.LoadStart), r.m.Load.Summary())
	if ctx.Err() != nil {
		return Interrupted
	}
	r.checkAlarm(ctx)
	return OK
}

func (r *Runner) scaleIn(ctx context.Context) Outcome {
	r.m.ScaleInRan = true
	r.tracker.StartScaleIn()
	watchTasks, watchInstances := !r.Opts.Skip[ClaimTasksIn], !r.Opts.Skip[ClaimInstancesIn]
	r.TL.Add(PhaseScaleIn, "no more requests (scale-in waits for 15 quiet minutes); waiting at most %s for the minimums", r.Opts.ScaleInWait)
	var lastErr string
	for {
		r.snapshot(ctx, PhaseScaleIn, &lastErr)
		if ctx.Err() != nil {
			return Interrupted
		}
		if r.tracker.ScaleInDone(watchTasks, watchInstances) {
			return OK
		}
		if r.TL.Elapsed()-r.m.LoadEnd >= r.Opts.ScaleInWait {
			r.TL.Add(PhaseScaleIn, "not back to the minimums within %s", r.Opts.ScaleInWait)
			return Failed
		}
		if r.Sleep(ctx, r.Opts.Poll) != nil {
			return Interrupted
		}
	}
}

// settle waits, bounded, while CloudFormation works on the stack (an
// interrupted deploy goes on without the CLI), since a delete would fail or
// queue behind it. It returns the state it ends on.
func (r *Runner) settle(ctx context.Context) (StackState, error) {
	start := r.TL.Elapsed()
	var said string
	for {
		s, err := r.Stacks.State(ctx)
		if err != nil || !stackBusy(s) {
			return s, err
		}
		if s.Status != said {
			r.TL.Add(PhaseDestroy, "stack is %s: waiting for CloudFormation before the destroy", s.Status)
			said = s.Status
		}
		if r.TL.Elapsed()-start >= r.Opts.SettleWait {
			return s, fmt.Errorf("stack still %s after %s", s.Status, r.Opts.SettleWait)
		}
		if err := r.Sleep(ctx, r.Opts.Poll); err != nil {
			return s, err
		}
	}
}

func (r *Runner) destroy(ctx context.Context) Outcome {
	if _, err := r.settle(ctx); err != nil {
		if ctx.Err() != nil {
			return r.abandon()
		}
		// Try the destroy anyway: the CLI reports what stands in its way.
		r.TL.Add(PhaseDestroy, "cannot tell the stack's state: %s", shortError(err))
	}
	args := destroyArgs(StackName, r.Opts.Contexts)
	r.TL.Add(PhaseDestroy, "scripts/cdk %s", strings.Join(args, " "))
	r.m.DestroyRan = true
	start := r.TL.Elapsed()
	err := r.CDK.Run(ctx, args)
	r.m.DestroyDuration = r.TL.Elapsed() - start
	if ctx.Err() != nil {
		return r.abandon()
	}
	if err == nil {
		// The CLI's word, checked against CloudFormation's.
		var s StackState
		if s, err = r.Stacks.State(ctx); err == nil && s.Exists {
			err = fmt.Errorf("the stack is still there, %s", s.Status)
		}
	}
	if err != nil {
		r.m.DestroyErr = shortError(err)
		r.TL.Add(PhaseDestroy, "failed after %s: %s; run scripts/cdk destroy %s, and see the stack's events in the CloudFormation console",
			roundDuration(r.m.DestroyDuration), r.m.DestroyErr, StackName)
		return Failed
	}
	r.m.DestroyOK = true
	r.TL.Add(PhaseDestroy, "stack deleted in %s", roundDuration(r.m.DestroyDuration))
	return OK
}

func (r *Runner) abandon() Outcome {
	r.m.DestroyAbandoned = true
	r.TL.Add(PhaseDestroy, "destroy abandoned: the stack may still exist and cost money; run scripts/cdk destroy %s", StackName)
	return Interrupted
}

// Report writes the timeline, the phases, the load and the claims, and
// returns the exit code.
func Report(w io.Writer, tl *Timeline, m Measurements, limits map[ClaimID]Limit) int {
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Timeline")
	tl.Render(w)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Phases")
	tl.RenderPhases(w)
	if m.LoadRan {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Load")
		fmt.Fprintln(w, m.Load.Summary())
	}
	results := Evaluate(m, limits)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Claims")
	RenderClaims(w, results)
	code := ExitCode(results, m.Interrupted)
	fmt.Fprintln(w)
	switch code {
	case ExitPass:
		fmt.Fprintln(w, "every claim passed")
	case ExitInterrupted:
		fmt.Fprintln(w, "interrupted")
	default:
		fmt.Fprintln(w, "not every claim passed")
	}
	return code
}

// sleepCtx sleeps d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// httpProbe GETs url once, without keep-alive, reading at most 256 bytes.
func httpProbe(timeout time.Duration) func(ctx context.Context, url string) Probe {
	client := &http.Client{
		Timeout:       timeout,
		Transport:     &http.Transport{Proxy: http.ProxyFromEnvironment, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return func(ctx context.Context, url string) Probe {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return Probe{Err: err}
		}
		resp, err := client.Do(req)
		if err != nil {
			return Probe{Err: err}
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 256))
		if err != nil && !errors.Is(err, io.EOF) {
			return Probe{Err: err}
		}
		return Probe{Status: resp.StatusCode, Body: strings.TrimSpace(string(body))}
	}
}
