package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestNextPhase(t *testing.T) {
	for _, tc := range []struct {
		p                    Phase
		o                    Outcome
		keep, release, watch bool
		want                 Phase
	}{
		{PhasePreflight, OK, false, false, true, PhaseDeploy},
		{PhasePreflight, Failed, false, false, true, PhaseDone},
		{PhasePreflight, Interrupted, false, false, true, PhaseDone},
		{PhaseDeploy, OK, false, false, true, PhaseURL},
		{PhaseURL, OK, false, false, true, PhaseLoad},
		{PhaseURL, OK, false, true, true, PhaseRelease},
		{PhaseRelease, OK, false, true, true, PhaseLoad},
		{PhaseLoad, OK, false, false, true, PhaseScaleIn},
		{PhaseLoad, OK, false, false, false, PhaseDestroy},
		{PhaseLoad, OK, true, false, false, PhaseDone},
		{PhaseScaleIn, OK, false, false, true, PhaseDestroy},
		{PhaseScaleIn, Failed, false, false, true, PhaseDestroy},
		{PhaseScaleIn, OK, true, false, true, PhaseDone},
		{PhaseDestroy, OK, false, false, true, PhaseDone},
		{PhaseDestroy, Failed, false, false, true, PhaseDone},
		{PhaseDestroy, Interrupted, false, false, true, PhaseDone},
	} {
		if got := nextPhase(tc.p, tc.o, tc.keep, tc.release, tc.watch); got != tc.want {
			t.Errorf("nextPhase(%s, %s, keep %v, release %v, watch %v) = %s, want %s", tc.p, tc.o, tc.keep, tc.release, tc.watch, got, tc.want)
		}
	}
	// A failure or an interrupt anywhere after the deploy started goes to
	// the destroy, or, with -keep, ends the run.
	for _, p := range []Phase{PhaseDeploy, PhaseURL, PhaseRelease, PhaseLoad, PhaseScaleIn} {
		for _, o := range []Outcome{Failed, Interrupted} {
			if got := nextPhase(p, o, false, true, true); got != PhaseDestroy {
				t.Errorf("%s %s leads to %s, want destroy", p, o, got)
			}
			if got := nextPhase(p, o, true, true, true); got != PhaseDone {
				t.Errorf("%s %s with -keep leads to %s, want done", p, o, got)
			}
		}
	}
}

func TestProbeReady(t *testing.T) {
	for _, tc := range []struct {
		p    Probe
		want bool
	}{
		{Probe{Status: 200, Body: "ip-10-0-1-2"}, true},
		{Probe{Status: 200, Body: "  "}, false},
		{Probe{Status: 503, Body: "Service Unavailable"}, false},
		{Probe{Err: errors.New("no such host")}, false},
	} {
		if got := tc.p.ready(); got != tc.want {
			t.Errorf("%v ready = %v", tc.p, got)
		}
	}
}

func TestHTTPProbe(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/host-name" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, strings.Repeat("a", 300)+"\n")
	}))
	defer srv.Close()
	probe := httpProbe(5 * time.Second)
	p := probe(context.Background(), srv.URL+"/host-name")
	if p.Err != nil || p.Status != 200 || len(p.Body) != 256 || !p.ready() {
		t.Errorf("probe %+v", p)
	}
	if p := probe(context.Background(), srv.URL+"/other"); p.Status != 404 || p.ready() {
		t.Errorf("404 probe %+v", p)
	}
	srv.Close()
	if p := probe(context.Background(), srv.URL+"/host-name"); p.Err == nil || p.ready() {
		t.Errorf("closed server probe %+v", p)
	}
}

// fakeCDK plays the CLI: a deploy takes deployTook, writes the outputs file
// and creates the stack; a destroy takes destroyTook and deletes it. The
// release's deploy (appVersion=2), which runs in the background, ends when
// a sleep reaches releaseEnd, with releaseErr, or when it is cancelled.
type fakeCDK struct {
	clk                     *fakeClock
	stacks                  *fakeStacks
	deployTook, destroyTook time.Duration
	deployErr, destroyErr   error
	destroyLeaves           string // a status the stack keeps after the destroy
	onDestroy               func()
	releaseEnd              *fakeTimer
	releaseErr              error
	calls                   [][]string
}

const outputsJSON = `{"HostNameService": {"HostNameUrl": "http://alb.example/host-name", "LoadBalancerDnsName": "alb.example",
	"ClusterName": "cluster", "ServiceName": "service"}}`

func (f *fakeCDK) Run(ctx context.Context, args []string) error {
	f.calls = append(f.calls, args)
	if args[0] == "deploy" && slices.Contains(args, "appVersion=2") {
		select {
		case <-f.releaseEnd.C:
			return f.releaseErr
		case <-ctx.Done():
			f.clk.Stop(f.releaseEnd)
			return fmt.Errorf("interrupted: %w", ctx.Err())
		}
	}
	switch args[0] {
	case "deploy":
		f.clk.Advance(f.deployTook)
		f.stacks.set(StackState{Exists: true, Status: "CREATE_COMPLETE"})
		if f.deployErr != nil {
			return f.deployErr
		}
		for i, a := range args {
			if a == "--outputs-file" {
				return os.WriteFile(args[i+1], []byte(outputsJSON), 0o644)
			}
		}
		return errors.New("no --outputs-file")
	case "destroy":
		if f.onDestroy != nil {
			f.onDestroy()
		}
		f.clk.Advance(f.destroyTook)
		if f.destroyLeaves != "" {
			f.stacks.set(StackState{Exists: true, Status: f.destroyLeaves})
		} else if f.destroyErr == nil {
			f.stacks.set(StackState{})
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return f.destroyErr
	}
	return fmt.Errorf("unexpected cdk %q", args)
}

type fakeStacks struct {
	mu        sync.Mutex
	state     StackState
	busy      []StackState // returned first, one a call
	resources []StackResource
	resErr    error
}

func (f *fakeStacks) set(s StackState) {
	f.mu.Lock()
	f.state = s
	f.mu.Unlock()
}

func (f *fakeStacks) State(context.Context) (StackState, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.busy) > 0 {
		s := f.busy[0]
		f.busy = f.busy[1:]
		return s, nil
	}
	return f.state, nil
}

func (f *fakeStacks) Resources(context.Context) ([]StackResource, error) {
	return f.resources, f.resErr
}

// fakeFleet answers counts as a function of the fake clock's elapsed time.
type fakeFleet struct {
	clk   *fakeClock
	start time.Time
	at    func(elapsed time.Duration) (Snapshot, error)
}

func (f fakeFleet) Snapshot(context.Context) (Snapshot, error) {
	return f.at(f.clk.Now().Sub(f.start))
}

// fakeAlarms answers the scale-out alarm as a function of the load's start.
type fakeAlarms struct {
	reading func(since time.Time) (AlarmReading, error)
	calls   *int
}

func (f fakeAlarms) ScaleOut(_ context.Context, since time.Time) (AlarmReading, error) {
	if f.calls != nil {
		*f.calls++
	}
	return f.reading(since)
}

// readmeAlarm fires 4 minutes into the load (the tasks' desired count
// follows within a minute) and stays in ALARM.
func readmeAlarm(since time.Time) (AlarmReading, error) {
	return AlarmReading{Name: alarmHigh, State: StateAlarm, Changes: []AlarmChange{{
		At: since.Add(4 * time.Minute), From: StateOK, To: StateAlarm,
		Reason: "Threshold Crossed: 3 datapoints [120.0 (02/01/26 03:18:00), 118.0 (02/01/26 03:17:00), 95.0 (02/01/26 03:16:00)] were greater than the threshold (50.0) (minimum 3 datapoints for OK -> ALARM transition).",
	}}}, nil
}

// fakeLoader runs until cancelled and reports fixed counts.
type fakeLoader struct{ stats Stats }

func (f fakeLoader) Run(ctx context.Context) Stats {
	<-ctx.Done()
	return f.stats
}

func (f fakeLoader) Snapshot() Stats { return f.stats }

// scenario is the stack behaving as the README says, on the fake clock: a
// 10-minute deploy, the URL ready on the third GET, tasks out at 16m, an
// instance at 20m, tasks back at 44m, the instance gone at 64m, a 12-minute
// destroy.
type scenario struct {
	clk     *fakeClock
	cdk     *fakeCDK
	stacks  *fakeStacks
	probes  int
	runner  *Runner
	cancel  context.CancelFunc
	destroy context.CancelFunc
}

func readyOnThird(s *scenario) func(context.Context, string) Probe {
	return func(_ context.Context, url string) Probe {
		s.probes++
		if url != "http://alb.example/host-name" {
			return Probe{Err: fmt.Errorf("wrong URL %s", url)}
		}
		if s.probes < 3 {
			return Probe{Err: errors.New("dial tcp: lookup alb.example: no such host")}
		}
		return Probe{Status: 200, Body: "ip-10-0-2-15.ec2.internal"}
	}
}

func readmeFleet(e time.Duration) (Snapshot, error) {
	s := Snapshot{Desired: 1, Running: 1, MinTasks: 1, InService: 1, MinInstances: 1, Registered: 1}
	if e >= 15*time.Minute && e < 44*time.Minute {
		s.Desired = 10
	}
	if e >= 16*time.Minute && e < 44*time.Minute {
		s.Running = 8
		if e >= 22*time.Minute {
			s.Running = 10
		}
	}
	if e >= 20*time.Minute && e < 64*time.Minute {
		s.InService = 2
		if e >= 21*time.Minute {
			s.Registered = 2
		}
	}
	return s, nil
}

func newScenario(t *testing.T, opts Options) *scenario {
	t.Helper()
	s := &scenario{clk: newFakeClock()}
	s.stacks = &fakeStacks{resources: []StackResource{
		{LogicalID: "Asg", PhysicalID: "asg-1", Type: asgType, Status: "CREATE_COMPLETE"},
		{LogicalID: "Cluster", PhysicalID: "cluster", Type: "AWS::ECS::Cluster", Status: "CREATE_COMPLETE"},
		{LogicalID: "ServiceListenerRuleB0C7BD55", PhysicalID: ruleARN, Type: ruleType, Status: "CREATE_COMPLETE"},
	}}
	s.cdk = &fakeCDK{clk: s.clk, stacks: s.stacks, deployTook: 10 * time.Minute, destroyTook: 12 * time.Minute}
	start := s.clk.Now()
	var load Stats
	load.ByClass[2] = 500000
	load.ByClass[5] = 3
	load.Errors = 1
	s.runner = &Runner{
		Opts:   opts,
		TL:     NewTimeline(s.clk.Now, nil),
		CDK:    s.cdk,
		Stacks: s.stacks,
		NewFleet: func(out Outputs, groups []string) Fleet {
			if out.ClusterName != "cluster" || out.ServiceName != "service" || !reflect.DeepEqual(groups, []string{"asg-1"}) {
				t.Errorf("fleet for %+v, %q", out, groups)
			}
			return fakeFleet{clk: s.clk, start: start, at: readmeFleet}
		},
		NewAlarms: func(out Outputs) Alarms {
			if out.ClusterName != "cluster" || out.ServiceName != "service" {
				t.Errorf("alarms for %+v", out)
			}
			return fakeAlarms{reading: readmeAlarm}
		},
		NewRollout: func(out Outputs, rule string) Rollout {
			if out.ClusterName != "cluster" || out.ServiceName != "service" || rule != ruleARN {
				t.Errorf("rollout for %+v, %s", out, rule)
			}
			return fakeRollout{clk: s.clk, start: start, at: readmeCanary}
		},
		Probe:         readyOnThird(s),
		NewLoader:     func(string) Loader { return fakeLoader{stats: load} },
		ReadFile:      os.ReadFile,
		OutputsFile:   filepath.Join(t.TempDir(), "outputs.json"),
		Sleep:         s.clk.Sleep,
		ProbeEvery:    5 * time.Second,
		ProgressEvery: time.Minute,
	}
	return s
}

func defaultOptions(t *testing.T, args ...string) Options {
	t.Helper()
	o, err := parseOptions(args, &strings.Builder{})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func (s *scenario) run() Measurements {
	runCtx, cancel := context.WithCancel(context.Background())
	destroyCtx, destroy := context.WithCancel(context.Background())
	s.cancel, s.destroy = cancel, destroy
	defer cancel()
	defer destroy()
	return s.runner.Run(runCtx, destroyCtx)
}

func phasesOf(tl *Timeline) string {
	var ps []string
	for _, p := range tl.Phases() {
		ps = append(ps, string(p.Phase)+":"+p.Result)
	}
	return strings.Join(ps, " ")
}

func verbs(calls [][]string) string {
	var vs []string
	for _, c := range calls {
		vs = append(vs, c[0])
	}
	return strings.Join(vs, " ")
}

func timelineText(tl *Timeline) string {
	var b strings.Builder
	tl.Render(&b)
	return b.String()
}

func TestRunnerWholeRunAsTheReadmeSays(t *testing.T) {
	s := newScenario(t, defaultOptions(t, "-context", "maxTasks=10"))
	m := s.run()
	if got := phasesOf(s.runner.TL); got != "deploy:ok url:ok load:ok scale-in:ok destroy:ok" {
		t.Errorf("phases %s", got)
	}
	if got := verbs(s.cdk.calls); got != "deploy destroy" {
		t.Errorf("cdk calls %s", got)
	}
	if got := s.cdk.calls[0]; got[len(got)-2] != "-c" || got[len(got)-1] != "maxTasks=10" {
		t.Errorf("deploy without the context: %q", got)
	}
	// URL: GETs at 10m, 10m5s, 10m10s; the load from 10m10s for 15m, polled
	// every 15 s; the first poll at or after each change records it.
	for name, tc := range map[string]struct{ got, want time.Duration }{
		"deploy end":    {m.DeployEnd, 10 * time.Minute},
		"url ready":     {m.URLReady.At, 10*time.Minute + 10*time.Second},
		"load start":    {m.LoadStart, 10*time.Minute + 10*time.Second},
		"load end":      {m.LoadEnd, 25*time.Minute + 10*time.Second},
		"tasks out":     {m.TasksOut.At, 16*time.Minute + 10*time.Second},
		"instances out": {m.InstancesOut.At, 20*time.Minute + 10*time.Second},
		"tasks min":     {m.TasksMin.At, 44*time.Minute + 10*time.Second},
		"instances min": {m.InstancesMin.At, 64*time.Minute + 10*time.Second},
		"destroy":       {m.DestroyDuration, 12 * time.Minute},
	} {
		if tc.got != tc.want {
			t.Errorf("%s at %s, want %s", name, tc.got, tc.want)
		}
	}
	if m.TasksFrom != 1 || m.TasksTo != 10 || m.InstancesFrom != 1 || m.InstancesTo != 2 {
		t.Errorf("counts %d->%d, %d->%d", m.TasksFrom, m.TasksTo, m.InstancesFrom, m.InstancesTo)
	}
	var out strings.Builder
	code := Report(&out, s.runner.TL, m, s.runner.Opts.Limits)
	if code != ExitPass {
		t.Errorf("exit %d:\n%s", code, out.String())
	}
	report := out.String()
	for _, want := range []string{
		"Timeline", "Phases", "Load", "Claims", "every claim passed",
		"not ready: no answer: dial tcp: lookup alb.example: no such host",
		"answers 200 \"ip-10-0-2-15.ec2.internal\", 10s after the deploy",
		"+00:14:10  load       scale-out alarm: OK -> ALARM, 4m0s after the load started (Threshold Crossed: 3 datapoints [120.0",
		"+00:16:10  load       tasks scaled out: 8 running, 1 at the start",
		"+00:25:10  load       scale-out alarm " + alarmHigh + ": 1 state update(s) since the load started",
		"PASS     the scale-out alarm goes into ALARM under load",
		"+00:20:10  load       instances scaled out: 2 InService, 1 at the start",
		"+00:44:10  scale-in   tasks back to the minimum: 1",
		"+01:04:10  scale-in   instances back to the minimum: 1 InService",
		"stack deleted in 12m0s",
		"PASS     tasks scale out under load",
		"6m0s after the load started (running tasks 1 -> 10)",
		"39m0s after the load stopped (1 instances)",
		"3 of 500003 answers",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	// The alarm's line, read at the load's end, sits where it happened.
	tl := timelineText(s.runner.TL)
	if i, j := strings.Index(tl, "OK -> ALARM"), strings.Index(tl, "tasks scaled out"); i < 0 || i > j {
		t.Errorf("the alarm's change is not before the tasks' scale-out:\n%s", tl)
	}
	// Two failed GETs with the same error: one "not ready" line.
	if n := strings.Count(report, "not ready:"); n != 1 {
		t.Errorf("%d not-ready lines", n)
	}
	if strings.Count(timelineText(s.runner.TL), "so far:") < 14 {
		t.Errorf("too few progress lines:\n%s", timelineText(s.runner.TL))
	}
}

func TestRunnerDeployFailureGoesToDestroy(t *testing.T) {
	s := newScenario(t, defaultOptions(t))
	s.cdk.deployErr = errors.New("exit status 1")
	m := s.run()
	if got := phasesOf(s.runner.TL); got != "deploy:failed destroy:ok" {
		t.Errorf("phases %s", got)
	}
	if got := verbs(s.cdk.calls); got != "deploy destroy" {
		t.Errorf("cdk calls %s", got)
	}
	if !strings.Contains(timelineText(s.runner.TL), "failed: going to the destroy") {
		t.Error("the timeline does not say why the destroy comes")
	}
	results := Evaluate(m, DefaultLimits())
	if r := statusOf(results, ClaimURL); r.Status != Skipped {
		t.Errorf("url %s", r.Status)
	}
	if r := statusOf(results, ClaimDestroy); r.Status != Pass {
		t.Errorf("destroy %s %s", r.Status, r.Measured)
	}
	if ExitCode(results, m.Interrupted) != ExitFail {
		t.Error("a failed deploy passes")
	}
}

func TestRunnerBadOutputsFileGoesToDestroy(t *testing.T) {
	s := newScenario(t, defaultOptions(t))
	s.runner.ReadFile = func(string) ([]byte, error) { return []byte(`{"HostNameService": {}}`), nil }
	s.run()
	if got := phasesOf(s.runner.TL); got != "deploy:failed destroy:ok" {
		t.Errorf("phases %s", got)
	}
	if !strings.Contains(timelineText(s.runner.TL), "lacks the output(s) HostNameUrl") {
		t.Errorf("timeline:\n%s", timelineText(s.runner.TL))
	}
}

func TestRunnerKeepLeavesTheStack(t *testing.T) {
	s := newScenario(t, defaultOptions(t, "-keep"))
	s.cdk.deployErr = errors.New("exit status 1")
	m := s.run()
	if got := verbs(s.cdk.calls); got != "deploy" {
		t.Errorf("cdk calls %s: -keep must not destroy", got)
	}
	if !strings.Contains(timelineText(s.runner.TL), "-keep, so the stack is left") {
		t.Error("the timeline does not say the stack stays")
	}
	if r := statusOf(Evaluate(m, DefaultLimits()), ClaimDestroy); r.Status != Skipped || !r.Deliberate {
		t.Errorf("destroy %s deliberate %v", r.Status, r.Deliberate)
	}

	// A whole run with -keep: everything but the destroy, exit 0.
	s = newScenario(t, defaultOptions(t, "-keep"))
	m = s.run()
	if got := phasesOf(s.runner.TL); got != "deploy:ok url:ok load:ok scale-in:ok" {
		t.Errorf("phases %s", got)
	}
	if code := ExitCode(Evaluate(m, DefaultLimits()), m.Interrupted); code != ExitPass {
		t.Errorf("exit %d", code)
	}
}

func TestRunnerURLNeverReady(t *testing.T) {
	s := newScenario(t, defaultOptions(t, "-url-wait", "2m"))
	s.runner.Probe = func(context.Context, string) Probe { return Probe{Status: 503, Body: "Service Unavailable"} }
	m := s.run()
	if got := phasesOf(s.runner.TL); got != "deploy:ok url:failed destroy:ok" {
		t.Errorf("phases %s", got)
	}
	if m.LoadRan {
		t.Error("the load ran without a URL")
	}
	if r := statusOf(Evaluate(m, DefaultLimits()), ClaimURL); r.Status != Fail || r.Measured != "no 200 within 2m0s" {
		t.Errorf("url %s %q", r.Status, r.Measured)
	}
	// The wait is bounded: 2 minutes of GETs 5 s apart.
	if got := m.DestroyDuration; got != 12*time.Minute {
		t.Errorf("destroy %s", got)
	}
	if s.runner.TL.Phases()[1].End-s.runner.TL.Phases()[1].Start != 2*time.Minute {
		t.Errorf("url phase lasted %s", s.runner.TL.Phases()[1].End-s.runner.TL.Phases()[1].Start)
	}
}

func TestRunnerLoadNeedsAnAutoScalingGroup(t *testing.T) {
	s := newScenario(t, defaultOptions(t))
	s.stacks.resources = s.stacks.resources[1:]
	m := s.run()
	if got := phasesOf(s.runner.TL); got != "deploy:ok url:ok load:failed destroy:ok" {
		t.Errorf("phases %s", got)
	}
	if m.LoadRan {
		t.Error("the load ran with nothing to watch")
	}
}

func TestRunnerInterruptDuringLoadDestroys(t *testing.T) {
	s := newScenario(t, defaultOptions(t))
	start := s.clk.Now()
	var once sync.Once
	s.runner.NewFleet = func(Outputs, []string) Fleet {
		return fakeFleet{clk: s.clk, start: start, at: func(e time.Duration) (Snapshot, error) {
			if e >= 13*time.Minute {
				once.Do(s.cancel) // Ctrl-C
			}
			return readmeFleet(e)
		}}
	}
	m := s.run()
	if got := phasesOf(s.runner.TL); got != "deploy:ok url:ok load:interrupted destroy:ok" {
		t.Errorf("phases %s", got)
	}
	if !m.Interrupted || !m.DestroyOK || m.ScaleInRan {
		t.Errorf("interrupted %v destroyed %v scale-in %v", m.Interrupted, m.DestroyOK, m.ScaleInRan)
	}
	if m.LoadEnd-m.LoadStart >= 15*time.Minute {
		t.Errorf("the load ran its full %s after the interrupt", m.LoadEnd-m.LoadStart)
	}
	if code := ExitCode(Evaluate(m, DefaultLimits()), m.Interrupted); code != ExitInterrupted {
		t.Errorf("exit %d", code)
	}
}

func TestRunnerSecondInterruptAbandonsTheDestroy(t *testing.T) {
	s := newScenario(t, defaultOptions(t))
	s.cdk.deployErr = errors.New("interrupted")
	s.cdk.onDestroy = func() { s.cancel(); s.destroy() }
	m := s.run()
	if !m.DestroyAbandoned {
		t.Error("not abandoned")
	}
	if !strings.Contains(timelineText(s.runner.TL), "destroy abandoned: the stack may still exist") {
		t.Errorf("timeline:\n%s", timelineText(s.runner.TL))
	}
	if r := statusOf(Evaluate(m, DefaultLimits()), ClaimDestroy); r.Status != Fail {
		t.Errorf("destroy %s", r.Status)
	}
}

func TestRunnerWaitsForCloudFormationBeforeTheDestroy(t *testing.T) {
	s := newScenario(t, defaultOptions(t))
	s.cdk.deployErr = errors.New("interrupted")
	s.cdk.deployTook = time.Minute
	busy := StackState{Exists: true, Status: "CREATE_IN_PROGRESS"}
	s.stacks.busy = []StackState{busy, busy, busy}
	m := s.run()
	tl := timelineText(s.runner.TL)
	if n := strings.Count(tl, "stack is CREATE_IN_PROGRESS: waiting for CloudFormation"); n != 1 {
		t.Errorf("%d waiting lines:\n%s", n, tl)
	}
	if !m.DestroyOK || verbs(s.cdk.calls) != "deploy destroy" {
		t.Errorf("destroy ok %v, calls %s", m.DestroyOK, verbs(s.cdk.calls))
	}
	// Three busy answers, 15 s apart, before the destroy; the wait is not
	// part of the destroy's time.
	if m.DestroyDuration != 12*time.Minute {
		t.Errorf("destroy took %s", m.DestroyDuration)
	}
}

func TestRunnerSettleWaitIsBounded(t *testing.T) {
	s := newScenario(t, defaultOptions(t, "-settle-wait", "1m"))
	s.cdk.deployErr = errors.New("interrupted")
	busy := StackState{Exists: true, Status: "UPDATE_IN_PROGRESS"}
	for range 100 {
		s.stacks.busy = append(s.stacks.busy, busy)
	}
	m := s.run()
	if !strings.Contains(timelineText(s.runner.TL), "stack still UPDATE_IN_PROGRESS after 1m0s") {
		t.Errorf("timeline:\n%s", timelineText(s.runner.TL))
	}
	if !m.DestroyRan {
		t.Error("the destroy was not tried after the bounded wait")
	}
}

func TestRunnerDestroyThatLeavesTheStackFails(t *testing.T) {
	s := newScenario(t, defaultOptions(t, "-skip", "tasks-in,instances-in"))
	s.cdk.destroyLeaves = "DELETE_FAILED"
	m := s.run()
	if got := phasesOf(s.runner.TL); got != "deploy:ok url:ok load:ok destroy:failed" {
		t.Errorf("phases %s (the scale-in wait is skipped with both its claims)", got)
	}
	r := statusOf(Evaluate(m, DefaultLimits()), ClaimDestroy)
	if r.Status != Fail || !strings.Contains(r.Measured, "the stack is still there, DELETE_FAILED") {
		t.Errorf("destroy %s %q", r.Status, r.Measured)
	}
}

func TestRunnerScaleInWaitIsBounded(t *testing.T) {
	s := newScenario(t, defaultOptions(t, "-scale-in-wait", "30m", "-instances-in-within", "30m"))
	m := s.run()
	if got := phasesOf(s.runner.TL); got != "deploy:ok url:ok load:ok scale-in:failed destroy:ok" {
		t.Errorf("phases %s", got)
	}
	results := Evaluate(m, s.runner.Opts.Limits)
	if r := statusOf(results, ClaimTasksIn); r.Status != Pass {
		t.Errorf("tasks-in %s %s", r.Status, r.Measured)
	}
	if r := statusOf(results, ClaimInstancesIn); r.Status != Fail || r.Measured != "not back to 1 instances within 30m0s" {
		t.Errorf("instances-in %s %q", r.Status, r.Measured)
	}
}

func TestRunnerLogsEachPollErrorOnce(t *testing.T) {
	s := newScenario(t, defaultOptions(t))
	start := s.clk.Now()
	s.runner.NewFleet = func(Outputs, []string) Fleet {
		return fakeFleet{clk: s.clk, start: start, at: func(e time.Duration) (Snapshot, error) {
			if e > 12*time.Minute && e < 14*time.Minute {
				return Snapshot{}, errors.New("Throttling: Rate exceeded")
			}
			return readmeFleet(e)
		}}
	}
	m := s.run()
	if n := strings.Count(timelineText(s.runner.TL), "poll failed (retrying): Throttling: Rate exceeded"); n != 1 {
		t.Errorf("%d lines for one run of errors", n)
	}
	if !m.TasksOut.OK || !m.DestroyOK {
		t.Error("the run did not go on after the errors")
	}
}

func TestRunnerBaselineNeedsThreeTries(t *testing.T) {
	s := newScenario(t, defaultOptions(t))
	s.runner.NewFleet = func(Outputs, []string) Fleet {
		return fakeFleet{clk: s.clk, at: func(time.Duration) (Snapshot, error) { return Snapshot{}, errors.New("AccessDenied") }}
	}
	m := s.run()
	if got := phasesOf(s.runner.TL); got != "deploy:ok url:ok load:failed destroy:ok" {
		t.Errorf("phases %s", got)
	}
	if n := strings.Count(timelineText(s.runner.TL), "cannot read the counts"); n != 3 || m.LoadRan {
		t.Errorf("%d tries, load ran %v", n, m.LoadRan)
	}
}
