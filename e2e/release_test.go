package main

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestReleaseContexts(t *testing.T) {
	network := []string{"networkMode=awsvpc", "instanceType=m6i.large", "awsvpcTrunking=true"}
	for _, tc := range []struct {
		name     string
		contexts []string
		want     []string
	}{
		{"nothing set", nil, slices.Concat([]string{"deploymentStrategy=canary"}, network, []string{"appVersion=1"})},
		{"other keys stay", []string{"natGateways=1"},
			slices.Concat([]string{"natGateways=1", "deploymentStrategy=canary"}, network, []string{"appVersion=1"})},
		{"the user's strategy wins", []string{"deploymentStrategy=linear"},
			slices.Concat([]string{"deploymentStrategy=linear"}, network, []string{"appVersion=1"})},
		{"ECS Managed Instances are awsvpc already", []string{"capacity=managed"},
			[]string{"capacity=managed", "deploymentStrategy=canary", "appVersion=1"}},
		{"the user's network mode wins", []string{"networkMode=awsvpc"},
			[]string{"networkMode=awsvpc", "deploymentStrategy=canary", "appVersion=1"}},
		{"the user's instance type wins", []string{"instanceType=m5.large"},
			[]string{"instanceType=m5.large", "deploymentStrategy=canary", "appVersion=1"}},
		{"the user's trunking wins", []string{"awsvpcTrunking=false"},
			[]string{"awsvpcTrunking=false", "deploymentStrategy=canary", "networkMode=awsvpc", "instanceType=m6i.large", "appVersion=1"}},
		{"spaces as cdk -c takes them", []string{" capacity = managed", "deploymentStrategy =canary"},
			[]string{" capacity = managed", "deploymentStrategy =canary", "appVersion=1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := releaseContexts(tc.contexts); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
	if got := withContext([]string{"appVersion=1", "maxTasks=8", " appVersion =3"}, "appVersion", "2"); !reflect.DeepEqual(got, []string{"maxTasks=8", "appVersion=2"}) {
		t.Errorf("withContext: %q", got)
	}
}

// -release canary adds the context before the preflight reads it: the quota
// check counts m6i.large's vCPUs; without -release, the context is the
// user's alone.
func TestReleaseContextReachesTheQuotaCheck(t *testing.T) {
	o := defaultOptions(t, "-release", "canary", "-context", "natGateways=1")
	w := roomy()
	w.vcpus["m6i.large"] = 2
	notes, err := checkQuotas(context.Background(), "us-east-1", o.Contexts, w.deps())
	if err != nil {
		t.Fatal(err)
	}
	if want := "quota: maxInstances 5 x 2 vCPUs of m6i.large = 10 vCPUs <= 10"; !strings.Contains(strings.Join(notes, "\n"), want) {
		t.Errorf("notes lack %q: %q", want, notes)
	}
	if !reflect.DeepEqual(w.asked, [][]string{{"m6i.large"}}) {
		t.Errorf("DescribeInstanceTypes asked for %q", w.asked)
	}
	if o := defaultOptions(t, "-context", "natGateways=1"); !reflect.DeepEqual(o.Contexts, []string{"natGateways=1"}) {
		t.Errorf("without -release: %q", o.Contexts)
	}
}

func TestProductionRule(t *testing.T) {
	rule := StackResource{LogicalID: "ServiceListenerRuleB0C7BD55", PhysicalID: ruleARN, Type: ruleType, Status: "CREATE_COMPLETE"}
	others := []StackResource{
		{LogicalID: "ServiceTestRule1F2E3D4C", PhysicalID: "arn:test", Type: ruleType, Status: "CREATE_COMPLETE"},
		{LogicalID: "ServiceDenyRule5A6B7C8D", PhysicalID: "arn:deny", Type: ruleType, Status: "CREATE_COMPLETE"},
		{LogicalID: "ServiceListenerRuleOld", PhysicalID: "arn:old", Type: ruleType, Status: "DELETE_COMPLETE"},
		{LogicalID: "ServiceListenerRuleTargetGroup", PhysicalID: "arn:tg", Type: "AWS::ElasticLoadBalancingV2::TargetGroup", Status: "CREATE_COMPLETE"},
	}
	for _, tc := range []struct {
		name      string
		resources []StackResource
		want      string // the ARN, or a part of the error
	}{
		{"among the other rules", append(slices.Clone(others), rule), ruleARN},
		{"none: a rolling service", others, "the stack has no AWS::ElasticLoadBalancingV2::ListenerRule ServiceListenerRule...: the service does not shift traffic"},
		{"two", []StackResource{rule, {LogicalID: "ServiceListenerRuleB", PhysicalID: "arn:b", Type: ruleType, Status: "CREATE_COMPLETE"}},
			"the stack has 2 listener rules ServiceListenerRule...: " + ruleARN + ", arn:b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := productionRule(tc.resources)
			if err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestWeights(t *testing.T) {
	for _, tc := range []struct {
		w      Weights
		leader string
		format string  // from the leader
		moved  float64 // off the leader
	}{
		{Weights{{blueTG, 100}, {greenTG, 0}}, blueTG, "100/0", 0},
		{Weights{{greenTG, 5}, {blueTG, 95}}, blueTG, "95/5", 0.05},
		{Weights{{blueTG, 945}, {greenTG, 55}}, blueTG, "945/55", 0.055},
		{Weights{{blueTG, 0}, {greenTG, 0}}, blueTG, "0/0", 0},
		{Weights{{blueTG, 1}}, blueTG, "1", 0},
	} {
		if got := tc.w.leader(); got != tc.leader {
			t.Errorf("%v: leader %s", tc.w, got)
		}
		if got := tc.w.format(tc.leader); got != tc.format {
			t.Errorf("%v: format %s, want %s", tc.w, got, tc.format)
		}
		if got := tc.w.movedOff(tc.leader); got != tc.moved {
			t.Errorf("%v: moved %g, want %g", tc.w, got, tc.moved)
		}
	}
	// After the release, from the old group's view, whatever ELB's order.
	if got := (Weights{{greenTG, 100}, {blueTG, 0}}).format(blueTG); got != "0/100" {
		t.Errorf("after the release: %s", got)
	}
	if got := groupName(blueTG); got != "HostNa-Servi-BLUE" {
		t.Errorf("groupName %s", got)
	}
}

// releaseStart is when the release's cdk deploy starts in newScenario's
// run: after the deploy's 10 minutes and the URL's third GET, 5 s apart.
const releaseStart = 10*time.Minute + 10*time.Second

const (
	ruleARN           = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/HostNa-Servi-1A2B3C/50dc6c495c0c9188/9f8e7d6c5b4a3921/0a1b2c3d4e5f6a7b"
	blueTG            = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/HostNa-Servi-BLUE/50dc6c495c0c9188"
	greenTG           = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/HostNa-Servi-GREEN/1d2e3f4a5b6c7d8e"
	firstDeployment   = "arn:aws:ecs:us-east-1:123456789012:service-deployment/cluster/service/KxRcbAB1"
	releaseDeployment = "arn:aws:ecs:us-east-1:123456789012:service-deployment/cluster/service/Q9wLm3Zp"
	serverErrorAlarm  = "HostNameService-ServiceServerErrorAlarm4AFDD8A0-1A2B3C4D"
	latencyAlarm      = "HostNameService-ServiceLatencyAlarmFD74A5A8-5E6F7A8B"
)

// fakeRollout answers the release's readings as a function of the time
// since the release started.
type fakeRollout struct {
	clk   *fakeClock
	start time.Time // the run's
	at    func(since time.Duration) (RolloutState, error)
}

func (f fakeRollout) Read(context.Context) (RolloutState, error) {
	return f.at(f.clk.Now().Sub(f.start) - releaseStart)
}

// reading is blue's and green's weights, ECS's deployment, its status and
// stage, and the 5xx alarm's state; the latency alarm stays OK.
func reading(blue, green int, deployment, status, stage, errorAlarm string) RolloutState {
	return RolloutState{
		Weights:    Weights{{blueTG, blue}, {greenTG, green}},
		Deployment: deployment, Status: status, Stage: stage,
		Alarms: map[string]string{serverErrorAlarm: errorAlarm, latencyAlarm: StateOK},
	}
}

// before is the service before the release.
var before = reading(100, 0, firstDeployment, "SUCCESSFUL", "", StateOK)

// readmeCanary is a canary release at the defaults as the README computes
// it, after 1m15s of CloudFormation: the new revision starts (45 s), takes
// 5 % at 2m for 10 minutes, then all of it (which ELB now lists first) for
// 10 minutes of bake, and the old one stops.
func readmeCanary(since time.Duration) (RolloutState, error) {
	switch {
	case since >= 23*time.Minute:
		s := reading(0, 100, releaseDeployment, "SUCCESSFUL", "", StateOK)
		s.Weights[0], s.Weights[1] = s.Weights[1], s.Weights[0]
		return s, nil
	case since >= 22*time.Minute:
		return reading(0, 100, releaseDeployment, "IN_PROGRESS", "CLEAN_UP", StateOK), nil
	case since >= 12*time.Minute:
		return reading(0, 100, releaseDeployment, "IN_PROGRESS", "BAKE_TIME", StateOK), nil
	case since >= 2*time.Minute:
		return reading(95, 5, releaseDeployment, "IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", StateOK), nil
	case since >= time.Minute+15*time.Second:
		return reading(100, 0, releaseDeployment, "IN_PROGRESS", "SCALE_UP", StateOK), nil
	}
	return before, nil
}

// The release phase on the fake clock, through canary releases that go
// well and badly, judged by the three release claims.
func TestRunnerRelease(t *testing.T) {
	type want struct {
		id       ClaimID
		status   Status
		measured string
	}
	for _, tc := range []struct {
		name        string
		args        []string
		took        time.Duration // the release's cdk deploy; 0: it never starts
		err         error
		rollout     func(since time.Duration) (RolloutState, error)
		probe       func(since time.Duration) (Probe, bool) // an answer of the light traffic, if not the URL's 200
		interruptAt time.Duration
		deployErr   error // of the first deploy
		phases      string
		claims      []want
		timeline    []string
		exit        int
	}{
		{
			name:    "a canary as the README says",
			took:    24*time.Minute + 3*time.Second,
			rollout: readmeCanary,
			phases:  "deploy:ok url:ok release:ok load:ok scale-in:ok destroy:ok",
			claims: []want{
				{ClaimReleaseSplit, Pass, "95/5 2m0s after the release started (weights 100/0 -> 95/5 -> 0/100)"},
				{ClaimReleaseDone, Pass, "24m3s (weights 100/0 -> 95/5 -> 0/100)"},
				// 96 polls 15 s apart and one at the deploy's end, 5 GETs each.
				{ClaimRelease5xx, Pass, "0 of 485 answers (0%)"},
			},
			timeline: []string{
				"+00:10:10  release    production rule's target groups: HostNa-Servi-BLUE, HostNa-Servi-GREEN",
				"+00:10:10  release    weights 100/0 (0% on the new target group)",
				"+00:10:10  release    ECS deployment KxRcbAB1: SUCCESSFUL",
				"+00:10:10  release    rollback alarm " + latencyAlarm + ": OK",
				"+00:10:10  release    scripts/cdk deploy HostNameService --require-approval never --outputs-file ",
				"+00:11:25  release    ECS deployment Q9wLm3Zp: IN_PROGRESS, SCALE_UP",
				"+00:12:10  release    weights 95/5 (5.0% on the new target group)",
				"+00:12:10  release    ECS deployment Q9wLm3Zp: IN_PROGRESS, PRODUCTION_TRAFFIC_SHIFT",
				"+00:22:10  release    weights 0/100 (100.0% on the new target group)",
				"+00:22:10  release    ECS deployment Q9wLm3Zp: IN_PROGRESS, BAKE_TIME",
				"+00:33:10  release    ECS deployment Q9wLm3Zp: SUCCESSFUL",
				"+00:34:13  release    cdk deploy returned after 24m3s",
				"+00:34:13  release    light traffic: 485 answers: 2xx 485, 3xx 0, 4xx 0, 5xx 0; 0 errors",
			},
			exit: ExitPass,
		},
		{
			name: "no split: all traffic at once",
			took: 12*time.Minute + 3*time.Second,
			rollout: func(since time.Duration) (RolloutState, error) {
				if since >= 90*time.Second {
					return reading(0, 100, releaseDeployment, "IN_PROGRESS", "BAKE_TIME", StateOK), nil
				}
				return before, nil
			},
			phases: "deploy:ok url:ok release:ok load:ok scale-in:ok destroy:ok",
			claims: []want{
				{ClaimReleaseSplit, Fail, "no split seen: weights 100/0 -> 0/100"},
				{ClaimReleaseDone, Pass, "12m3s (weights 100/0 -> 0/100)"},
			},
			timeline: []string{"+00:11:40  release    weights 0/100 (100.0% on the new target group)"},
			exit:     ExitFail,
		},
		{
			name: "rolled back on the 5xx alarm",
			took: 9*time.Minute + 3*time.Second,
			err:  errors.New("exit status 1"),
			rollout: func(since time.Duration) (RolloutState, error) {
				switch {
				case since >= 8*time.Minute:
					return reading(100, 0, releaseDeployment, "ROLLBACK_SUCCESSFUL", "", StateOK), nil
				case since >= 7*time.Minute:
					return reading(100, 0, releaseDeployment, "ROLLBACK_SUCCESSFUL", "", StateAlarm), nil
				case since >= 6*time.Minute:
					return reading(100, 0, releaseDeployment, "ROLLBACK_IN_PROGRESS", "", StateAlarm), nil
				case since >= 5*time.Minute+15*time.Second:
					s := reading(95, 5, releaseDeployment, "ROLLBACK_IN_PROGRESS", "", StateAlarm)
					s.Reason = "Service deployment rolled back because alarm " + serverErrorAlarm + " is in ALARM state."
					return s, nil
				case since >= 5*time.Minute:
					return reading(95, 5, releaseDeployment, "IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", StateAlarm), nil
				}
				return readmeCanary(since)
			},
			probe: func(since time.Duration) (Probe, bool) {
				return Probe{Status: 502, Body: "<html>502 Bad Gateway</html>"}, since >= 2*time.Minute && since < 6*time.Minute
			},
			phases: "deploy:ok url:ok release:failed destroy:ok",
			claims: []want{
				{ClaimReleaseSplit, Pass, "95/5 2m0s after the release started (weights 100/0 -> 95/5 -> 100/0)"},
				{ClaimReleaseDone, Fail, "rolled back: weights 100/0 -> 95/5 -> 100/0; alarm " + serverErrorAlarm +
					" went ALARM 5m0s into the release; ECS deployment ROLLBACK_SUCCESSFUL; cdk deploy failed after 9m3s: exit status 1"},
				// 37 polls, the 16 from 2m to 5m45s answered 502.
				{ClaimRelease5xx, Fail, "80 of 185 answers (43.2%)"},
			},
			timeline: []string{
				"+00:12:10  release    light traffic got 502 \"<html>502 Bad Gateway</html>\"",
				"+00:15:10  release    rollback alarm " + serverErrorAlarm + ": OK -> ALARM",
				"+00:15:25  release    ECS deployment Q9wLm3Zp: ROLLBACK_IN_PROGRESS (Service deployment rolled back because alarm " + serverErrorAlarm + " is in ALARM state.)",
				"+00:16:10  release    weights 100/0 (0% on the new target group)",
				"+00:18:10  release    rollback alarm " + serverErrorAlarm + ": ALARM -> OK",
				"+00:19:13  release    cdk deploy failed after 9m3s: exit status 1",
				"+00:19:13  release    failed: going to the destroy",
			},
			exit: ExitFail,
		},
		{
			name:    "the release's deploy fails",
			took:    93 * time.Second,
			err:     errors.New("exit status 1"),
			rollout: func(time.Duration) (RolloutState, error) { return before, nil },
			phases:  "deploy:ok url:ok release:failed destroy:ok",
			claims: []want{
				{ClaimReleaseSplit, Fail, "no split seen: weights 100/0"},
				{ClaimReleaseDone, Fail, "cdk deploy failed after 1m33s: exit status 1; weights 100/0"},
				{ClaimRelease5xx, Pass, "0 of 35 answers"},
			},
			exit: ExitFail,
		},
		{
			name:    "not done within -release-wait",
			args:    []string{"-release-wait", "30m"},
			took:    50 * time.Minute,
			rollout: func(since time.Duration) (RolloutState, error) { return readmeCanary(min(since, 5*time.Minute)) },
			phases:  "deploy:ok url:ok release:failed destroy:ok",
			claims: []want{
				{ClaimReleaseSplit, Pass, "95/5 2m0s"},
				{ClaimReleaseDone, Fail, "not done within 30m0s: weights 100/0 -> 95/5"},
			},
			timeline: []string{
				"+00:40:10  release    not done within 30m0s: stopping cdk deploy",
				"+00:40:10  release    cdk deploy stopped: interrupted: context canceled",
			},
			exit: ExitFail,
		},
		{
			name:        "Ctrl-C during the release",
			took:        24*time.Minute + 3*time.Second,
			rollout:     readmeCanary,
			interruptAt: 5 * time.Minute,
			phases:      "deploy:ok url:ok release:interrupted destroy:ok",
			claims:      []want{{ClaimReleaseDone, Fail, "interrupted after 5m0s: weights 100/0 -> 95/5"}},
			timeline:    []string{"+00:15:10  release    cdk deploy stopped: interrupted: context canceled"},
			exit:        ExitInterrupted,
		},
		{
			name:      "the first deploy fails",
			deployErr: errors.New("exit status 1"),
			rollout:   readmeCanary,
			phases:    "deploy:failed destroy:ok",
			claims: []want{
				{ClaimReleaseSplit, Skipped, "the release did not run"},
				{ClaimReleaseDone, Skipped, "the release did not run"},
				{ClaimRelease5xx, Skipped, "the release did not run"},
			},
			exit: ExitFail,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScenario(t, defaultOptions(t, append([]string{"-release", "canary"}, tc.args...)...))
			start := s.clk.Now()
			s.cdk.deployErr = tc.deployErr
			s.cdk.releaseErr = tc.err
			if tc.took > 0 {
				s.cdk.releaseEnd = s.clk.After(start.Add(releaseStart + tc.took))
			}
			s.runner.NewRollout = func(Outputs, string) Rollout {
				return fakeRollout{clk: s.clk, start: start, at: func(since time.Duration) (RolloutState, error) {
					if tc.interruptAt > 0 && since >= tc.interruptAt {
						s.cancel() // Ctrl-C
					}
					return tc.rollout(since)
				}}
			}
			// The load, after the release, scales as in the README's run.
			s.runner.NewFleet = func(Outputs, []string) Fleet {
				return fakeFleet{clk: s.clk, start: start.Add(tc.took), at: readmeFleet}
			}
			ready := readyOnThird(s)
			s.runner.Probe = func(ctx context.Context, url string) Probe {
				if since := s.clk.Now().Sub(start) - releaseStart; since > 0 && tc.probe != nil {
					if p, ok := tc.probe(since); ok {
						return p
					}
				}
				return ready(ctx, url)
			}
			m := s.run()
			if got := phasesOf(s.runner.TL); got != tc.phases {
				t.Errorf("phases %s, want %s", got, tc.phases)
			}
			results := Evaluate(m, s.runner.Opts.Limits)
			for _, w := range tc.claims {
				if r := statusOf(results, w.id); r.Status != w.status || !strings.Contains(r.Measured, w.measured) {
					t.Errorf("%s: %s %q\nwant %s containing %q", w.id, r.Status, r.Measured, w.status, w.measured)
				}
			}
			tl := timelineText(s.runner.TL)
			for _, want := range tc.timeline {
				if !strings.Contains(tl, want) {
					t.Errorf("timeline lacks %q:\n%s", want, tl)
				}
			}
			if got := ExitCode(results, m.Interrupted); got != tc.exit {
				t.Errorf("exit %d, want %d", got, tc.exit)
			}
			// The deploy with the release's context; the release with
			// appVersion 2 in place of 1; the destroy with the deploy's.
			deploy := strings.Join(s.cdk.calls[0], " ")
			for _, c := range []string{"deploymentStrategy=canary", "networkMode=awsvpc", "instanceType=m6i.large", "awsvpcTrunking=true", "appVersion=1"} {
				if !strings.Contains(deploy, "-c "+c) {
					t.Errorf("the deploy lacks -c %s: %s", c, deploy)
				}
			}
			if tc.took > 0 {
				release := strings.Join(s.cdk.calls[1], " ")
				if verbs(s.cdk.calls) != "deploy deploy destroy" || !strings.HasSuffix(release, "-c appVersion=2") || strings.Contains(release, "appVersion=1") ||
					!strings.Contains(release, "-c deploymentStrategy=canary") {
					t.Errorf("cdk calls %q", s.cdk.calls)
				}
				if m.Release.Start != releaseStart {
					t.Errorf("the release started at %s, want %s", m.Release.Start, releaseStart)
				}
			}
		})
	}
}

// Without -release, the run is today's: no release context, no release
// phase, no reading; the release claims are skipped on purpose.
func TestRunnerWithoutRelease(t *testing.T) {
	s := newScenario(t, defaultOptions(t))
	s.runner.NewRollout = func(Outputs, string) Rollout {
		t.Error("the release was read without -release")
		return nil
	}
	m := s.run()
	if got := phasesOf(s.runner.TL); got != "deploy:ok url:ok load:ok scale-in:ok destroy:ok" {
		t.Errorf("phases %s", got)
	}
	if got := s.cdk.calls[0]; !reflect.DeepEqual(got, deployArgs(StackName, s.runner.OutputsFile, nil)) {
		t.Errorf("deploy %q", got)
	}
	results := Evaluate(m, s.runner.Opts.Limits)
	for _, id := range []ClaimID{ClaimReleaseSplit, ClaimReleaseDone, ClaimRelease5xx} {
		if r := statusOf(results, id); r.Status != Skipped || !r.Deliberate || r.Measured != "no -release" {
			t.Errorf("%s: %s %q deliberate %v", id, r.Status, r.Measured, r.Deliberate)
		}
	}
	if code := ExitCode(results, m.Interrupted); code != ExitPass {
		t.Errorf("exit %d", code)
	}
}
