package main

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// releaseCanary is the one -release this command runs: a canary release
// (README, "Releases by traffic shifting").
const releaseCanary = "canary"

// releaseProbes is the light traffic: GETs of the URL at each poll, 20 a
// minute at the default -poll, so that the load balancer has datapoints for
// the rollback alarms and the canary's share answers some of them.
const releaseProbes = 5

// releaseContexts adds to the -context values what a canary release needs
// and the user did not set: deploymentStrategy=canary; awsvpc tasks (the
// strategy's requirement: a bridge-mode service is a synth error) on an
// m6i.large with trunking, which holds both revisions at full size, unless
// the user chose ECS Managed Instances (awsvpc already) or set networkMode
// or instanceType; and appVersion=1, which the release raises to 2. The
// preflight's quota check, the deploy and the destroy all see the result.
func releaseContexts(contexts []string) []string {
	values := contextValues(contexts)
	set := func(key string) bool { _, ok := values[key]; return ok }
	out := slices.Clone(contexts)
	if !set("deploymentStrategy") {
		out = append(out, "deploymentStrategy=canary")
	}
	if values["capacity"] != "managed" && !set("networkMode") && !set("instanceType") {
		out = append(out, "networkMode=awsvpc", "instanceType=m6i.large")
		if !set("awsvpcTrunking") {
			out = append(out, "awsvpcTrunking=true")
		}
	}
	return append(out, "appVersion=1")
}

// withContext is contexts with key set to value, in place of the values
// it had.
func withContext(contexts []string, key, value string) []string {
	out := slices.DeleteFunc(slices.Clone(contexts), func(c string) bool {
		k, _, _ := strings.Cut(c, "=")
		return strings.TrimSpace(k) == key
	})
	return append(out, key+"="+value)
}

// The production listener rule, whose weights ECS moves: the service's
// ListenerRule construct (HostNameService/Service/ListenerRule/Resource).
// Its test rule and deny rule have logical ids of their own (ServiceTestRule,
// ServiceDenyRule).
const (
	ruleType   = "AWS::ElasticLoadBalancingV2::ListenerRule"
	rulePrefix = "ServiceListenerRule"
)

// productionRule is the ARN of the stack's production listener rule.
func productionRule(resources []StackResource) (string, error) {
	var arns []string
	for _, r := range resources {
		if r.Type == ruleType && strings.HasPrefix(r.LogicalID, rulePrefix) && r.PhysicalID != "" && !strings.HasPrefix(r.Status, "DELETE_") {
			arns = append(arns, r.PhysicalID)
		}
	}
	switch len(arns) {
	case 1:
		return arns[0], nil
	case 0:
		return "", fmt.Errorf("the stack has no %s %s...: the service does not shift traffic (deploymentStrategy canary, linear or blueGreen)", ruleType, rulePrefix)
	}
	return "", fmt.Errorf("the stack has %d listener rules %s...: %s", len(arns), rulePrefix, strings.Join(arns, ", "))
}

// TargetWeight is one target group of a forward action and its weight.
type TargetWeight struct {
	Group  string // the target group's ARN
	Weight int
}

// Weights are a rule's forward action: its target groups, in its order.
type Weights []TargetWeight

// leader is the group with the largest weight: before a release, the one
// that serves.
func (w Weights) leader() string {
	var best TargetWeight
	for i, g := range w {
		if i == 0 || g.Weight > best.Weight {
			best = g
		}
	}
	return best.Group
}

// ordered puts group first, the others after it in their order: the
// order the timeline shows them in, so that 100/0 becomes 0/100 whatever
// order ELB lists them in.
func (w Weights) ordered(group string) Weights {
	out := make(Weights, 0, len(w))
	for _, g := range w {
		if g.Group == group {
			out = append(out, g)
		}
	}
	for _, g := range w {
		if g.Group != group {
			out = append(out, g)
		}
	}
	return out
}

// format is the weights, group's first: "95/5".
func (w Weights) format(group string) string {
	parts := make([]string, 0, len(w))
	for _, g := range w.ordered(group) {
		parts = append(parts, strconv.Itoa(g.Weight))
	}
	return strings.Join(parts, "/")
}

// movedOff is the share (0 to 1) of the weight on the groups other than
// group; 0 when no group has weight.
func (w Weights) movedOff(group string) float64 {
	var total, off int
	for _, g := range w {
		total += g.Weight
		if g.Group != group {
			off += g.Weight
		}
	}
	if total == 0 {
		return 0
	}
	return float64(off) / float64(total)
}

// groupName is a target group's name in its ARN (...:targetgroup/<name>/<id>).
func groupName(arn string) string {
	_, rest, ok := strings.Cut(arn, ":targetgroup/")
	if !ok {
		return arn
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}

// RolloutState is one reading of a release.
type RolloutState struct {
	Weights Weights
	// Deployment is the ARN of ECS's current service deployment, Status,
	// Stage and Reason its status, lifecycle stage and status reason; ""
	// when ECS names none.
	Deployment, Status, Stage, Reason string
	// Alarms are the rollback alarms' states, by name.
	Alarms map[string]string
}

// Rollout reads a release: the production listener rule's weights (ELBv2
// DescribeRules), the service's current deployment (ECS DescribeServices,
// then DescribeServiceDeployments) and the states of the rollback alarms
// its deployment configuration names (CloudWatch DescribeAlarms).
type Rollout interface {
	Read(ctx context.Context) (RolloutState, error)
}

// deploymentLine is the timeline's line for ECS's current deployment, ""
// when there is none.
func deploymentLine(s RolloutState) string {
	if s.Deployment == "" {
		return ""
	}
	line := fmt.Sprintf("ECS deployment %s: %s", s.Deployment[strings.LastIndex(s.Deployment, "/")+1:], s.Status)
	if s.Stage != "" {
		line += ", " + s.Stage
	}
	if s.Reason != "" {
		line += " (" + clip(s.Reason, 160) + ")"
	}
	return line
}

// FiredAlarm is a rollback alarm that went into ALARM during the release,
// and when (since the run started).
type FiredAlarm struct {
	Name string
	At   time.Duration
}

// ReleaseTrack is the release as the run saw it.
type ReleaseTrack struct {
	Kind string        // -release; "" for none
	Wait time.Duration // -release-wait

	// Ran: the release's cdk deploy started, at Start. Ended: it returned,
	// at End, with Err ("" for success); Stopped says why it did not.
	Ran, Ended bool
	Start, End time.Duration
	Err        string
	Stopped    string

	Read    bool     // the production rule was read at least once
	From    string   // the target group that served at the start
	Seen    []string // the weights read, each change once, From's first
	Split   Moment   // the first reading with a share strictly between 0 and 100 % moved
	SplitAt string   // its weights
	Moved   float64  // the share off From at the last reading
	Status  string   // ECS's deployment status at the last reading
	Fired   []FiredAlarm
	Traffic Stats // the light traffic's answers and errors

	// What the timeline said last of the deployment, and of each alarm.
	deployment string
	alarms     map[string]string
}

// Observe takes a reading made at (since the run started) and returns the
// timeline lines it calls for: the weights, the ECS deployment and the
// rollback alarms, each when it changes.
func (t *ReleaseTrack) Observe(at time.Duration, s RolloutState) []string {
	var msgs []string
	if !t.Read {
		t.Read, t.From, t.alarms = true, s.Weights.leader(), map[string]string{}
		var names []string
		for _, g := range s.Weights.ordered(t.From) {
			names = append(names, groupName(g.Group))
		}
		msgs = append(msgs, "production rule's target groups: "+strings.Join(names, ", "))
	}
	w := s.Weights.format(t.From)
	t.Moved = s.Weights.movedOff(t.From)
	if len(t.Seen) == 0 || t.Seen[len(t.Seen)-1] != w {
		t.Seen = append(t.Seen, w)
		msgs = append(msgs, fmt.Sprintf("weights %s (%s on the new target group)", w, percent(t.Moved)))
	}
	if !t.Split.OK && t.Moved > 0 && t.Moved < 1 {
		t.Split, t.SplitAt = At(at), w
	}
	if line := deploymentLine(s); line != "" && line != t.deployment {
		msgs = append(msgs, line)
		t.deployment = line
	}
	t.Status = s.Status
	names := make([]string, 0, len(s.Alarms))
	for name := range s.Alarms {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		state := s.Alarms[name]
		before, known := t.alarms[name]
		switch {
		case !known:
			msgs = append(msgs, fmt.Sprintf("rollback alarm %s: %s", name, state))
		case state != before:
			msgs = append(msgs, fmt.Sprintf("rollback alarm %s: %s -> %s", name, before, state))
			if state == StateAlarm {
				t.Fired = append(t.Fired, FiredAlarm{Name: name, At: at})
			}
		}
		t.alarms[name] = state
	}
	return msgs
}

// rolledBack: all traffic is on From again after a split, an alarm or
// ECS's rollback.
func (t ReleaseTrack) rolledBack() bool {
	return t.Read && t.Moved == 0 && (t.Split.OK || len(t.Fired) > 0 || strings.HasPrefix(t.Status, "ROLLBACK_"))
}

// seen is the weights read, in order: "weights 100/0 -> 95/5 -> 0/100".
func (t ReleaseTrack) seen() string {
	return "weights " + strings.Join(t.Seen, " -> ")
}

// rollback says what rolled back: the weights, the alarms, ECS's status and
// the deploy's end.
func (t ReleaseTrack) rollback() string {
	parts := []string{t.seen()}
	for _, f := range t.Fired {
		parts = append(parts, fmt.Sprintf("alarm %s went ALARM %s into the release", f.Name, roundDuration(f.At-t.Start)))
	}
	if t.Status != "" {
		parts = append(parts, "ECS deployment "+t.Status)
	}
	if t.Ended && t.Err != "" {
		parts = append(parts, fmt.Sprintf("cdk deploy failed after %s: %s", roundDuration(t.End-t.Start), t.Err))
	}
	return strings.Join(parts, "; ")
}

// countProbe adds a GET of the light traffic to s: its status class, or
// its error (a probe does not time itself).
func countProbe(s *Stats, p Probe) {
	if p.Err != nil {
		s.RecordError(p.Err)
		return
	}
	s.ByClass[statusClass(p.Status)]++
}

// judgeRelease judges the release's claims, as judge does the others.
func judgeRelease(spec ClaimSpec, limit Limit, t ReleaseTrack) (Status, string, bool) {
	switch {
	case t.Kind == "":
		return Skipped, "no -release", true
	case !t.Ran:
		return Skipped, "the release did not run", false
	}
	switch spec.ID {
	case ClaimReleaseSplit:
		if !t.Read {
			return Fail, "the production rule was never read", false
		}
		if !t.Split.OK {
			return Fail, "no split seen: " + t.seen(), false
		}
		d := t.Split.At - t.Start
		return withinDuration(d, limit.Duration), fmt.Sprintf("%s %s after the release started (%s)", t.SplitAt, roundDuration(d), t.seen()), false

	case ClaimReleaseDone:
		d := t.End - t.Start
		switch {
		case t.rolledBack():
			return Fail, "rolled back: " + t.rollback(), false
		case !t.Ended:
			return Fail, t.Stopped + ": " + t.seen(), false
		case t.Err != "":
			return Fail, fmt.Sprintf("cdk deploy failed after %s: %s; %s", roundDuration(d), t.Err, t.seen()), false
		case t.Moved < 1:
			return Fail, fmt.Sprintf("cdk deploy returned after %s, but not all traffic moved: %s", roundDuration(d), t.seen()), false
		}
		return withinDuration(d, limit.Duration), fmt.Sprintf("%s (%s)", roundDuration(d), t.seen()), false

	case ClaimRelease5xx:
		return fiveXX(t.Traffic, limit.Fraction)
	}
	return Fail, "unknown claim", false
}

// release runs the second cdk deploy, appVersion 2, in the background, and
// polls the release until it returns: the light traffic, the production
// rule's weights, ECS's deployment and the rollback alarms, each change on
// the timeline. -release-wait bounds it; the bound or an interrupt stops
// the CLI (CloudFormation goes on, and the destroy waits for it).
func (r *Runner) release(ctx context.Context) Outcome {
	t := &r.m.Release
	resources, err := r.Stacks.Resources(ctx)
	if err != nil {
		r.TL.Add(PhaseRelease, "cannot list the stack's resources: %s", shortError(err))
		return Failed
	}
	rule, err := productionRule(resources)
	if err != nil {
		r.TL.Add(PhaseRelease, "%s", err)
		return Failed
	}
	rollout := r.NewRollout(r.out, rule)
	var base RolloutState
	if o := r.tries(ctx, PhaseRelease, "the release's state", func() (err error) { base, err = rollout.Read(ctx); return err }); o != OK {
		return o
	}
	for _, msg := range t.Observe(r.TL.Elapsed(), base) {
		r.TL.Add(PhaseRelease, "%s", msg)
	}

	args := deployArgs(StackName, r.OutputsFile, withContext(r.Opts.Contexts, "appVersion", "2"))
	r.TL.Add(PhaseRelease, "scripts/cdk %s (its output goes to stderr), for at most %s; meanwhile, every %s, %d GETs and a reading",
		strings.Join(args, " "), r.Opts.ReleaseWait, r.Opts.Poll, releaseProbes)
	deployCtx, stopDeploy := context.WithCancel(ctx)
	defer stopDeploy()
	// The deploy's end cancels pollCtx, which ends the pause between polls.
	pollCtx, stopPoll := context.WithCancel(ctx)
	defer stopPoll()
	type result struct {
		err error
		at  time.Duration
	}
	done := make(chan result, 1)
	t.Ran, t.Start = true, r.TL.Elapsed()
	go func() {
		err := r.CDK.Run(deployCtx, args)
		done <- result{err, r.TL.Elapsed()}
		stopPoll()
	}()
	defer func() { r.TL.Add(PhaseRelease, "light traffic: %s", t.Traffic.Summary()) }()

	var lastErr, lastProbe string
	for {
		left := r.Opts.ReleaseWait - (r.TL.Elapsed() - t.Start)
		if left <= 0 {
			t.Stopped = fmt.Sprintf("not done within %s", roundDuration(r.Opts.ReleaseWait))
			r.TL.Add(PhaseRelease, "%s: stopping cdk deploy", t.Stopped)
			stopDeploy()
			break
		}
		_ = r.Sleep(pollCtx, min(r.Opts.Poll, left))
		if ctx.Err() != nil {
			t.Stopped = fmt.Sprintf("interrupted after %s", roundDuration(r.TL.Elapsed()-t.Start))
			break
		}
		if pollCtx.Err() != nil {
			break
		}
		r.pollRelease(ctx, rollout, &lastErr, &lastProbe)
	}
	res := <-done
	switch {
	case res.err == nil:
		t.Ended, t.End, t.Stopped = true, res.at, ""
		r.TL.Add(PhaseRelease, "cdk deploy returned after %s", roundDuration(t.End-t.Start))
	case t.Stopped != "":
		r.TL.Add(PhaseRelease, "cdk deploy stopped: %s", shortError(res.err))
		return Failed
	default:
		t.Ended, t.End, t.Err = true, res.at, shortError(res.err)
		r.TL.Add(PhaseRelease, "cdk deploy failed after %s: %s", roundDuration(t.End-t.Start), t.Err)
	}
	r.pollRelease(ctx, rollout, &lastErr, &lastProbe)
	if t.Err != "" {
		return Failed
	}
	return OK
}

// pollRelease sends the light traffic and reads the release; a GET that
// gets no 2xx and a failed reading are logged, each once until it changes.
func (r *Runner) pollRelease(ctx context.Context, rollout Rollout, lastErr, lastProbe *string) {
	t := &r.m.Release
	for range releaseProbes {
		p := r.Probe(ctx, r.out.HostNameURL)
		if ctx.Err() != nil {
			return
		}
		countProbe(&t.Traffic, p)
		if p.Err == nil && statusClass(p.Status) == 2 {
			*lastProbe = ""
		} else if s := p.String(); s != *lastProbe {
			r.TL.Add(PhaseRelease, "light traffic got %s", s)
			*lastProbe = s
		}
	}
	s, err := rollout.Read(ctx)
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		if msg := shortError(err); msg != *lastErr {
			r.TL.Add(PhaseRelease, "poll failed (retrying): %s", msg)
			*lastErr = msg
		}
		return
	}
	*lastErr = ""
	for _, msg := range t.Observe(r.TL.Elapsed(), s) {
		r.TL.Add(PhaseRelease, "%s", msg)
	}
}
