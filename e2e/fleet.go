package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Snapshot is one poll of the service's and the cluster's counts.
type Snapshot struct {
	// The ECS service's desired, running and pending task counts.
	Desired, Running, Pending int
	// MinTasks is the scalable target's minimum; -1 if unknown.
	MinTasks int
	// InService instances and the sum of the minimum sizes over the
	// cluster's Auto Scaling groups.
	InService, MinInstances int
	// Registered is the cluster's ACTIVE container instances.
	Registered int
}

func (s Snapshot) String() string {
	return fmt.Sprintf("tasks %d desired, %d running, %d pending; instances %d InService (min %d), %d registered with ECS",
		s.Desired, s.Running, s.Pending, s.InService, s.MinInstances, s.Registered)
}

// sameCounts ignores the minimums, which do not change.
func (s Snapshot) sameCounts(o Snapshot) bool {
	return s.Desired == o.Desired && s.Running == o.Running && s.Pending == o.Pending &&
		s.InService == o.InService && s.Registered == o.Registered
}

// Fleet reads the counts (ECS DescribeServices, Auto Scaling
// DescribeAutoScalingGroups, ECS ListContainerInstances).
type Fleet interface {
	Snapshot(ctx context.Context) (Snapshot, error)
}

// StackState is the CloudFormation stack's existence and status.
type StackState struct {
	Exists bool
	Status string
}

// StackResource is one row of ListStackResources.
type StackResource struct {
	LogicalID, PhysicalID, Type, Status string
}

// Stacks reads the stack (CloudFormation DescribeStacks and
// ListStackResources).
type Stacks interface {
	State(ctx context.Context) (StackState, error)
	Resources(ctx context.Context) ([]StackResource, error)
}

// asgType is the CloudFormation type of an Auto Scaling group.
const asgType = "AWS::AutoScaling::AutoScalingGroup"

// asgNames are the names of the stack's live Auto Scaling groups (the
// on-demand one, and the Spot one if spotInstanceTypes is set), sorted.
func asgNames(resources []StackResource) []string {
	var names []string
	for _, r := range resources {
		if r.Type == asgType && r.PhysicalID != "" && !strings.HasPrefix(r.Status, "DELETE_") {
			names = append(names, r.PhysicalID)
		}
	}
	sort.Strings(names)
	return names
}

// stackBusy is true while CloudFormation is working on the stack: a delete
// then either fails or waits behind it.
func stackBusy(s StackState) bool {
	return s.Exists && strings.HasSuffix(s.Status, "_IN_PROGRESS")
}

// existingStackProblem refuses to deploy over a stack that is already
// there: the run ends with `cdk destroy`, which would delete it.
func existingStackProblem(s StackState, allow bool, region string) error {
	if !s.Exists || allow {
		return nil
	}
	return fmt.Errorf("stack %s already exists in %s (%s), and this run ends by destroying it: delete it first (scripts/cdk destroy), or pass -allow-existing to deploy over it and destroy it",
		StackName, region, s.Status)
}

// Tracker follows the counts from the load's start: when tasks and
// instances first rose above their starting counts, and, once StartScaleIn
// is called, when each came back to its minimum.
type Tracker struct {
	Base Snapshot

	TasksDesiredOut, TasksOut, InstancesOut, RegisteredOut Moment
	PeakTasks, PeakInstances                               int

	scaleIn                bool
	TasksMin, InstancesMin Moment

	last Snapshot
	seen bool
}

// NewTracker starts from base, the counts when the load started.
func NewTracker(base Snapshot) *Tracker {
	return &Tracker{Base: base, PeakTasks: base.Running, PeakInstances: base.InService}
}

// MinTasks is the tasks' minimum: the scalable target's, or, if unknown,
// the desired count at the load's start (the stack starts at minTasks).
func (t *Tracker) MinTasks(s Snapshot) int {
	if s.MinTasks >= 0 {
		return s.MinTasks
	}
	return t.Base.Desired
}

// StartScaleIn marks the load's end: from now on, a return to the minimum
// counts.
func (t *Tracker) StartScaleIn() { t.scaleIn = true }

// Observe takes a poll made at (since the run started) and returns the
// timeline messages it calls for: the counts when they change, and each
// milestone the first time.
func (t *Tracker) Observe(at time.Duration, s Snapshot) []string {
	var msgs []string
	if !t.seen || !s.sameCounts(t.last) {
		msgs = append(msgs, s.String())
	}
	t.seen, t.last = true, s
	t.PeakTasks = max(t.PeakTasks, s.Running)
	t.PeakInstances = max(t.PeakInstances, s.InService)
	if !t.TasksDesiredOut.OK && s.Desired > t.Base.Desired {
		t.TasksDesiredOut = At(at)
		msgs = append(msgs, fmt.Sprintf("task autoscaling acted: %d desired, %d at the start", s.Desired, t.Base.Desired))
	}
	if !t.TasksOut.OK && s.Running > t.Base.Running {
		t.TasksOut = At(at)
		msgs = append(msgs, fmt.Sprintf("tasks scaled out: %d running, %d at the start", s.Running, t.Base.Running))
	}
	if !t.InstancesOut.OK && s.InService > t.Base.InService {
		t.InstancesOut = At(at)
		msgs = append(msgs, fmt.Sprintf("instances scaled out: %d InService, %d at the start", s.InService, t.Base.InService))
	}
	if !t.RegisteredOut.OK && s.Registered > t.Base.Registered {
		t.RegisteredOut = At(at)
		msgs = append(msgs, fmt.Sprintf("new instance registered with ECS: %d, %d at the start", s.Registered, t.Base.Registered))
	}
	if t.scaleIn {
		min := t.MinTasks(s)
		if !t.TasksMin.OK && s.Desired == min && s.Running == min && s.Pending == 0 {
			t.TasksMin = At(at)
			msgs = append(msgs, fmt.Sprintf("tasks back to the minimum: %d", min))
		}
		if !t.InstancesMin.OK && s.InService <= s.MinInstances {
			t.InstancesMin = At(at)
			msgs = append(msgs, fmt.Sprintf("instances back to the minimum: %d InService", s.InService))
		}
	}
	return msgs
}

// ScaleInDone is true once every watched count is back at its minimum.
func (t *Tracker) ScaleInDone(watchTasks, watchInstances bool) bool {
	return (!watchTasks || t.TasksMin.OK) && (!watchInstances || t.InstancesMin.OK)
}
