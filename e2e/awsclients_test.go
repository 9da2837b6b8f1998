package main

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	aastypes "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	asgtypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/smithy-go"
)

var missingStack = &smithy.GenericAPIError{Code: "ValidationError", Message: "Stack with id HostNameService does not exist"}

func TestIsStackMissing(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{missingStack, true},
		{&smithy.OperationError{ServiceID: "CloudFormation", OperationName: "DescribeStacks", Err: missingStack}, true},
		{&smithy.GenericAPIError{Code: "ValidationError", Message: "1 validation error detected"}, false},
		{&smithy.GenericAPIError{Code: "Throttling", Message: "Rate exceeded"}, false},
		{errors.New("does not exist"), false},
		{nil, false},
	} {
		if got := isStackMissing(tc.err); got != tc.want {
			t.Errorf("isStackMissing(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

type fakeCFN struct {
	describe func() (*cloudformation.DescribeStacksOutput, error)
	pages    [][]cfntypes.StackResourceSummary
	calls    []string // NextToken of each ListStackResources call
}

func (f *fakeCFN) DescribeStacks(context.Context, *cloudformation.DescribeStacksInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error) {
	return f.describe()
}

func (f *fakeCFN) ListStackResources(_ context.Context, in *cloudformation.ListStackResourcesInput, _ ...func(*cloudformation.Options)) (*cloudformation.ListStackResourcesOutput, error) {
	token := aws.ToString(in.NextToken)
	f.calls = append(f.calls, token)
	i := 0
	if token != "" {
		i = int(token[0] - '0')
	}
	out := &cloudformation.ListStackResourcesOutput{StackResourceSummaries: f.pages[i]}
	if i+1 < len(f.pages) {
		out.NextToken = aws.String(string(rune('0' + i + 1)))
	}
	return out, nil
}

func TestAwsStacksState(t *testing.T) {
	for _, tc := range []struct {
		name    string
		out     *cloudformation.DescribeStacksOutput
		err     error
		want    StackState
		wantErr bool
	}{
		{name: "missing", err: &smithy.OperationError{Err: missingStack}, want: StackState{}},
		{name: "complete", out: &cloudformation.DescribeStacksOutput{Stacks: []cfntypes.Stack{{StackStatus: cfntypes.StackStatusCreateComplete}}},
			want: StackState{Exists: true, Status: "CREATE_COMPLETE"}},
		{name: "deleted", out: &cloudformation.DescribeStacksOutput{Stacks: []cfntypes.Stack{{StackStatus: cfntypes.StackStatusDeleteComplete}}},
			want: StackState{Exists: false, Status: "DELETE_COMPLETE"}},
		{name: "empty answer", out: &cloudformation.DescribeStacksOutput{}, want: StackState{}},
		{name: "throttled", err: &smithy.GenericAPIError{Code: "Throttling"}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := awsStacks{cfn: &fakeCFN{describe: func() (*cloudformation.DescribeStacksOutput, error) { return tc.out, tc.err }}, name: StackName}
			got, err := a.State(context.Background())
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Errorf("State() = %+v, %v; want %+v, error %v", got, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestAwsStacksResourcesReadsEveryPage(t *testing.T) {
	f := &fakeCFN{pages: [][]cfntypes.StackResourceSummary{
		{{LogicalResourceId: aws.String("Vpc"), PhysicalResourceId: aws.String("vpc-1"), ResourceType: aws.String("AWS::EC2::VPC"), ResourceStatus: cfntypes.ResourceStatusCreateComplete}},
		{{LogicalResourceId: aws.String("Asg"), PhysicalResourceId: aws.String("asg-1"), ResourceType: aws.String(asgType), ResourceStatus: cfntypes.ResourceStatusCreateComplete}},
	}}
	res, err := awsStacks{cfn: f, name: StackName}.Resources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f.calls, []string{"", "1"}) {
		t.Errorf("calls with tokens %q, want two pages", f.calls)
	}
	if got := asgNames(res); !reflect.DeepEqual(got, []string{"asg-1"}) {
		t.Errorf("groups %q from %+v", got, res)
	}
}

func TestServiceCounts(t *testing.T) {
	d, r, p, err := serviceCounts(&ecs.DescribeServicesOutput{Services: []ecstypes.Service{{DesiredCount: 10, RunningCount: 8, PendingCount: 2}}}, "svc")
	if err != nil || d != 10 || r != 8 || p != 2 {
		t.Errorf("got %d %d %d %v", d, r, p, err)
	}
	_, _, _, err = serviceCounts(&ecs.DescribeServicesOutput{Failures: []ecstypes.Failure{{Reason: aws.String("MISSING")}}}, "svc")
	if err == nil || !strings.Contains(err.Error(), "MISSING") {
		t.Errorf("a failure: %v", err)
	}
	if _, _, _, err = serviceCounts(&ecs.DescribeServicesOutput{}, "svc"); err == nil {
		t.Error("no service: no error")
	}
}

func group(name string, min int32, states ...asgtypes.LifecycleState) asgtypes.AutoScalingGroup {
	g := asgtypes.AutoScalingGroup{AutoScalingGroupName: aws.String(name), MinSize: aws.Int32(min)}
	for _, s := range states {
		g.Instances = append(g.Instances, asgtypes.Instance{LifecycleState: s})
	}
	return g
}

func TestGroupCounts(t *testing.T) {
	groups := []asgtypes.AutoScalingGroup{
		group("a", 1, asgtypes.LifecycleStateInService, asgtypes.LifecycleStateTerminatingWait, asgtypes.LifecycleStatePending),
		group("spot", 0, asgtypes.LifecycleStateInService, asgtypes.LifecycleStateInService),
	}
	in, min, err := groupCounts(groups, []string{"a", "spot"})
	if err != nil || in != 3 || min != 1 {
		t.Errorf("got %d InService, min %d, %v; want 3, 1", in, min, err)
	}
	if _, _, err := groupCounts(groups[:1], []string{"a", "spot"}); err == nil || !strings.Contains(err.Error(), "spot") {
		t.Errorf("a missing group: %v", err)
	}
}

type fakeECS struct {
	services *ecs.DescribeServicesOutput
	pages    [][]string
}

func (f *fakeECS) DescribeServices(_ context.Context, in *ecs.DescribeServicesInput, _ ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error) {
	if aws.ToString(in.Cluster) != "cluster" || !reflect.DeepEqual(in.Services, []string{"service"}) {
		return nil, errors.New("wrong cluster or service")
	}
	return f.services, nil
}

func (f *fakeECS) ListContainerInstances(_ context.Context, in *ecs.ListContainerInstancesInput, _ ...func(*ecs.Options)) (*ecs.ListContainerInstancesOutput, error) {
	if in.Status != ecstypes.ContainerInstanceStatusActive {
		return nil, errors.New("want ACTIVE instances")
	}
	i := 0
	if in.NextToken != nil {
		i = 1
	}
	out := &ecs.ListContainerInstancesOutput{ContainerInstanceArns: f.pages[i]}
	if i == 0 && len(f.pages) > 1 {
		out.NextToken = aws.String("next")
	}
	return out, nil
}

type fakeASG struct{ groups []asgtypes.AutoScalingGroup }

func (f fakeASG) DescribeAutoScalingGroups(context.Context, *autoscaling.DescribeAutoScalingGroupsInput, ...func(*autoscaling.Options)) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
	return &autoscaling.DescribeAutoScalingGroupsOutput{AutoScalingGroups: f.groups}, nil
}

type fakeAAS struct {
	min   *int32
	err   error
	calls int
}

func (f *fakeAAS) DescribeScalableTargets(_ context.Context, in *applicationautoscaling.DescribeScalableTargetsInput, _ ...func(*applicationautoscaling.Options)) (*applicationautoscaling.DescribeScalableTargetsOutput, error) {
	f.calls++
	if f.err != nil {
		return nil, f.err
	}
	if !reflect.DeepEqual(in.ResourceIds, []string{"service/cluster/service"}) || in.ServiceNamespace != aastypes.ServiceNamespaceEcs {
		return nil, errors.New("wrong target")
	}
	return &applicationautoscaling.DescribeScalableTargetsOutput{ScalableTargets: []aastypes.ScalableTarget{{MinCapacity: f.min}}}, nil
}

func TestAwsFleetSnapshot(t *testing.T) {
	e := &fakeECS{
		services: &ecs.DescribeServicesOutput{Services: []ecstypes.Service{{DesiredCount: 10, RunningCount: 9, PendingCount: 1}}},
		pages:    [][]string{{"arn:1"}, {"arn:2"}},
	}
	aas := &fakeAAS{min: aws.Int32(2)}
	f := &awsFleet{ecs: e, asg: fakeASG{[]asgtypes.AutoScalingGroup{group("a", 1, asgtypes.LifecycleStateInService, asgtypes.LifecycleStateInService)}},
		aas: aas, cluster: "cluster", service: "service", groups: []string{"a"}}
	for range 2 {
		s, err := f.Snapshot(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		want := Snapshot{Desired: 10, Running: 9, Pending: 1, MinTasks: 2, InService: 2, MinInstances: 1, Registered: 2}
		if s != want {
			t.Errorf("got %+v\nwant %+v", s, want)
		}
	}
	if aas.calls != 1 {
		t.Errorf("the minimum was read %d times, want once", aas.calls)
	}

	// Without the scalable target's minimum, -1: the tracker falls back.
	f2 := &awsFleet{ecs: e, asg: fakeASG{[]asgtypes.AutoScalingGroup{group("a", 1)}}, aas: &fakeAAS{err: errors.New("AccessDenied")},
		cluster: "cluster", service: "service", groups: []string{"a"}}
	if s, err := f2.Snapshot(context.Background()); err != nil || s.MinTasks != -1 {
		t.Errorf("without the minimum: %+v, %v", s, err)
	}
}
