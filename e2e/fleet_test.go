package main

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestASGNames(t *testing.T) {
	res := []StackResource{
		{LogicalID: "ClusterC2E21B66", PhysicalID: "HostNameService-Cluster", Type: "AWS::ECS::Cluster", Status: "CREATE_COMPLETE"},
		{LogicalID: "ClusterSpotAutoScalingGroup", PhysicalID: "HostNameService-Spot-B", Type: asgType, Status: "CREATE_COMPLETE"},
		{LogicalID: "ClusterAutoScalingGroupASG8FBA5099", PhysicalID: "HostNameService-ASG-A", Type: asgType, Status: "UPDATE_COMPLETE"},
		{LogicalID: "Old", PhysicalID: "HostNameService-Old", Type: asgType, Status: "DELETE_COMPLETE"},
		{LogicalID: "Pending", PhysicalID: "", Type: asgType, Status: "CREATE_IN_PROGRESS"},
		{LogicalID: "LaunchConfig", PhysicalID: "lc", Type: "AWS::AutoScaling::LaunchConfiguration", Status: "CREATE_COMPLETE"},
	}
	if got, want := asgNames(res), []string{"HostNameService-ASG-A", "HostNameService-Spot-B"}; !reflect.DeepEqual(got, want) {
		t.Errorf("asgNames = %q, want %q", got, want)
	}
	if got := asgNames(nil); len(got) != 0 {
		t.Errorf("no resources: %q", got)
	}
}

func TestStackBusy(t *testing.T) {
	for status, want := range map[string]bool{
		"CREATE_IN_PROGRESS": true, "UPDATE_ROLLBACK_IN_PROGRESS": true, "DELETE_IN_PROGRESS": true,
		"UPDATE_COMPLETE_CLEANUP_IN_PROGRESS": true, "REVIEW_IN_PROGRESS": true,
		"CREATE_COMPLETE": false, "ROLLBACK_COMPLETE": false, "DELETE_FAILED": false, "UPDATE_ROLLBACK_FAILED": false,
	} {
		if got := stackBusy(StackState{Exists: true, Status: status}); got != want {
			t.Errorf("stackBusy(%s) = %v, want %v", status, got, want)
		}
	}
	if stackBusy(StackState{}) {
		t.Error("a missing stack is not busy")
	}
}

func TestExistingStackProblem(t *testing.T) {
	if err := existingStackProblem(StackState{}, false, "us-east-1"); err != nil {
		t.Errorf("no stack: %v", err)
	}
	there := StackState{Exists: true, Status: "UPDATE_COMPLETE"}
	err := existingStackProblem(there, false, "us-east-1")
	if err == nil || !strings.Contains(err.Error(), "already exists in us-east-1 (UPDATE_COMPLETE)") || !strings.Contains(err.Error(), "-allow-existing") {
		t.Errorf("existing stack: %v", err)
	}
	if err := existingStackProblem(there, true, "us-east-1"); err != nil {
		t.Errorf("allowed: %v", err)
	}
}

func snap(desired, running, pending, inService, registered int) Snapshot {
	return Snapshot{Desired: desired, Running: running, Pending: pending, MinTasks: 1, InService: inService, MinInstances: 1, Registered: registered}
}

// A whole run as the poller sees it: tasks out, then instances, then, after
// the load, back to the minimums; each milestone recorded once, at its poll.
func TestTrackerFollowsScaleOutAndIn(t *testing.T) {
	tr := NewTracker(snap(1, 1, 0, 1, 1))
	min := time.Minute
	steps := []struct {
		at        time.Duration
		s         Snapshot
		scaleIn   bool
		wantMsgs  []string
		wantNoMsg bool
	}{
		{at: 0, s: snap(1, 1, 0, 1, 1), wantMsgs: []string{"tasks 1 desired, 1 running"}},
		{at: 1 * min, s: snap(1, 1, 0, 1, 1), wantNoMsg: true},
		{at: 5 * min, s: snap(10, 1, 7, 1, 1), wantMsgs: []string{"task autoscaling acted: 10 desired, 1 at the start"}},
		{at: 6 * min, s: snap(10, 8, 2, 1, 1), wantMsgs: []string{"tasks scaled out: 8 running, 1 at the start"}},
		{at: 8 * min, s: snap(10, 8, 2, 2, 1), wantMsgs: []string{"instances scaled out: 2 InService, 1 at the start"}},
		{at: 10 * min, s: snap(10, 10, 0, 2, 2), wantMsgs: []string{"new instance registered with ECS: 2, 1 at the start"}},
		// The load stops: the counts stay up until the scale-in alarm.
		{at: 15 * min, s: snap(10, 10, 0, 2, 2), scaleIn: true, wantNoMsg: true},
		{at: 33 * min, s: snap(1, 3, 0, 2, 2), wantMsgs: []string{"tasks 1 desired, 3 running"}},
		{at: 34 * min, s: snap(1, 1, 0, 2, 2), wantMsgs: []string{"tasks back to the minimum: 1"}},
		{at: 53 * min, s: snap(1, 1, 0, 1, 2), wantMsgs: []string{"instances back to the minimum: 1 InService"}},
		{at: 54 * min, s: snap(1, 1, 0, 1, 1), wantMsgs: []string{"1 registered with ECS"}},
	}
	for _, st := range steps {
		if st.scaleIn {
			if tr.ScaleInDone(true, true) {
				t.Fatal("scale-in done before it started")
			}
			tr.StartScaleIn()
		}
		msgs := strings.Join(tr.Observe(st.at, st.s), "\n")
		if st.wantNoMsg && msgs != "" {
			t.Errorf("at %s: unexpected %q", st.at, msgs)
		}
		for _, w := range st.wantMsgs {
			if !strings.Contains(msgs, w) {
				t.Errorf("at %s: %q lacks %q", st.at, msgs, w)
			}
		}
	}
	for name, got := range map[string]Moment{
		"desired": tr.TasksDesiredOut, "tasks out": tr.TasksOut, "instances out": tr.InstancesOut,
		"registered": tr.RegisteredOut, "tasks min": tr.TasksMin, "instances min": tr.InstancesMin,
	} {
		want := map[string]time.Duration{"desired": 5 * min, "tasks out": 6 * min, "instances out": 8 * min,
			"registered": 10 * min, "tasks min": 34 * min, "instances min": 53 * min}[name]
		if !got.OK || got.At != want {
			t.Errorf("%s at %+v, want %s", name, got, want)
		}
	}
	if tr.PeakTasks != 10 || tr.PeakInstances != 2 {
		t.Errorf("peaks %d tasks, %d instances", tr.PeakTasks, tr.PeakInstances)
	}
	if !tr.ScaleInDone(true, true) {
		t.Error("scale-in should be done")
	}
}

func TestTrackerMinimums(t *testing.T) {
	for _, tc := range []struct {
		name     string
		base, s  Snapshot
		tasksMin bool
		instsMin bool
	}{
		{name: "at the minimums", base: snap(1, 1, 0, 1, 1), s: snap(1, 1, 0, 1, 1), tasksMin: true, instsMin: true},
		{name: "a task still pending", base: snap(1, 1, 0, 1, 1), s: snap(1, 1, 1, 1, 1), instsMin: true},
		{name: "a task still stopping", base: snap(1, 1, 0, 1, 1), s: snap(1, 2, 0, 1, 1), instsMin: true},
		{name: "an instance still in service", base: snap(1, 1, 0, 1, 1), s: snap(1, 1, 0, 2, 2), tasksMin: true},
		{name: "unknown minTasks: the starting desired count",
			base: Snapshot{Desired: 2, Running: 2, MinTasks: -1, InService: 1, MinInstances: 1},
			s:    Snapshot{Desired: 2, Running: 2, MinTasks: -1, InService: 1, MinInstances: 1}, tasksMin: true, instsMin: true},
		{name: "minTasks 3 from the scalable target",
			base: Snapshot{Desired: 3, Running: 3, MinTasks: 3, InService: 1, MinInstances: 1},
			s:    Snapshot{Desired: 3, Running: 3, MinTasks: 3, InService: 1, MinInstances: 1}, tasksMin: true, instsMin: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := NewTracker(tc.base)
			tr.Observe(0, tc.s) // before the scale-in: no minimum counts
			if tr.TasksMin.OK || tr.InstancesMin.OK {
				t.Fatal("a minimum recorded under load")
			}
			tr.StartScaleIn()
			tr.Observe(time.Minute, tc.s)
			if tr.TasksMin.OK != tc.tasksMin || tr.InstancesMin.OK != tc.instsMin {
				t.Errorf("tasks min %v, instances min %v; want %v, %v", tr.TasksMin.OK, tr.InstancesMin.OK, tc.tasksMin, tc.instsMin)
			}
			if got := tr.ScaleInDone(true, false); got != tc.tasksMin {
				t.Errorf("done watching tasks only: %v", got)
			}
			if got := tr.ScaleInDone(false, true); got != tc.instsMin {
				t.Errorf("done watching instances only: %v", got)
			}
			if !tr.ScaleInDone(false, false) {
				t.Error("watching nothing is done at once")
			}
		})
	}
}
