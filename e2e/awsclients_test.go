package main

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	aastypes "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	asgtypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	sqtypes "github.com/aws/aws-sdk-go-v2/service/servicequotas/types"
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
	services    *ecs.DescribeServicesOutput
	pages       [][]string
	deployments map[string]ecstypes.ServiceDeployment // by ARN
}

func (f *fakeECS) DescribeServices(_ context.Context, in *ecs.DescribeServicesInput, _ ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error) {
	if aws.ToString(in.Cluster) != "cluster" || !reflect.DeepEqual(in.Services, []string{"service"}) {
		return nil, errors.New("wrong cluster or service")
	}
	return f.services, nil
}

func (f *fakeECS) DescribeServiceDeployments(_ context.Context, in *ecs.DescribeServiceDeploymentsInput, _ ...func(*ecs.Options)) (*ecs.DescribeServiceDeploymentsOutput, error) {
	out := &ecs.DescribeServiceDeploymentsOutput{}
	for _, arn := range in.ServiceDeploymentArns {
		if d, ok := f.deployments[arn]; ok {
			out.ServiceDeployments = append(out.ServiceDeployments, d)
		} else {
			out.Failures = append(out.Failures, ecstypes.Failure{Arn: aws.String(arn), Reason: aws.String("MISSING")})
		}
	}
	return out, nil
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
	// The scaling policies, two a page.
	policies  []aastypes.ScalingPolicy
	policyErr error
}

func (f *fakeAAS) DescribeScalingPolicies(_ context.Context, in *applicationautoscaling.DescribeScalingPoliciesInput, _ ...func(*applicationautoscaling.Options)) (*applicationautoscaling.DescribeScalingPoliciesOutput, error) {
	if f.policyErr != nil {
		return nil, f.policyErr
	}
	if aws.ToString(in.ResourceId) != "service/cluster/service" || in.ServiceNamespace != aastypes.ServiceNamespaceEcs {
		return nil, errors.New("wrong resource")
	}
	i := 0
	if in.NextToken != nil {
		i, _ = strconv.Atoi(*in.NextToken)
	}
	out := &applicationautoscaling.DescribeScalingPoliciesOutput{ScalingPolicies: f.policies[i:min(i+2, len(f.policies))]}
	if i+2 < len(f.policies) {
		out.NextToken = aws.String(strconv.Itoa(i + 2))
	}
	return out, nil
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

func TestIsAccessDenied(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&sqtypes.AccessDeniedException{Message: aws.String("not authorized")}, true},
		{&smithy.OperationError{ServiceID: "EC2", OperationName: "DescribeAddresses", Err: &smithy.GenericAPIError{Code: "UnauthorizedOperation"}}, true},
		{&sqtypes.DependencyAccessDeniedException{}, true},
		{&smithy.GenericAPIError{Code: "AccessDenied"}, true},
		{&sqtypes.TooManyRequestsException{}, false},
		{errors.New("AccessDenied"), false},
		{nil, false},
	} {
		if got := isAccessDenied(tc.err); got != tc.want {
			t.Errorf("isAccessDenied(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// fakeSQ answers quotas by code: applied values, then AWS's defaults.
type fakeSQ struct {
	applied, defaults map[string]float64
	err               error
}

func (f fakeSQ) GetServiceQuota(_ context.Context, in *servicequotas.GetServiceQuotaInput, _ ...func(*servicequotas.Options)) (*servicequotas.GetServiceQuotaOutput, error) {
	if aws.ToString(in.ServiceCode) != "ec2" {
		return nil, errors.New("wrong service")
	}
	if f.err != nil {
		return nil, f.err
	}
	v, ok := f.applied[aws.ToString(in.QuotaCode)]
	if !ok {
		return nil, &sqtypes.NoSuchResourceException{Message: aws.String("The request failed because the specified resource does not exist.")}
	}
	return &servicequotas.GetServiceQuotaOutput{Quota: &sqtypes.ServiceQuota{Value: aws.Float64(v)}}, nil
}

func (f fakeSQ) GetAWSDefaultServiceQuota(_ context.Context, in *servicequotas.GetAWSDefaultServiceQuotaInput, _ ...func(*servicequotas.Options)) (*servicequotas.GetAWSDefaultServiceQuotaOutput, error) {
	if aws.ToString(in.ServiceCode) != "ec2" {
		return nil, errors.New("wrong service")
	}
	v, ok := f.defaults[aws.ToString(in.QuotaCode)]
	if !ok {
		return &servicequotas.GetAWSDefaultServiceQuotaOutput{Quota: &sqtypes.ServiceQuota{}}, nil
	}
	return &servicequotas.GetAWSDefaultServiceQuotaOutput{Quota: &sqtypes.ServiceQuota{Value: aws.Float64(v)}}, nil
}

// fakeEC2 has addresses and instance types.
type fakeEC2 struct {
	addresses []ec2types.Address
	vcpus     map[string]int32
	asked     [][]ec2types.InstanceType
}

func (f *fakeEC2) DescribeAddresses(_ context.Context, in *ec2.DescribeAddressesInput, _ ...func(*ec2.Options)) (*ec2.DescribeAddressesOutput, error) {
	if len(in.Filters) != 1 || aws.ToString(in.Filters[0].Name) != "domain" || !reflect.DeepEqual(in.Filters[0].Values, []string{"vpc"}) {
		return nil, errors.New("want the VPC addresses")
	}
	return &ec2.DescribeAddressesOutput{Addresses: f.addresses}, nil
}

func (f *fakeEC2) DescribeInstanceTypes(_ context.Context, in *ec2.DescribeInstanceTypesInput, _ ...func(*ec2.Options)) (*ec2.DescribeInstanceTypesOutput, error) {
	f.asked = append(f.asked, in.InstanceTypes)
	out := &ec2.DescribeInstanceTypesOutput{}
	for _, it := range in.InstanceTypes {
		if v, ok := f.vcpus[string(it)]; ok {
			out.InstanceTypes = append(out.InstanceTypes, ec2types.InstanceTypeInfo{InstanceType: it, VCpuInfo: &ec2types.VCpuInfo{DefaultVCpus: aws.Int32(v)}})
		}
	}
	return out, nil
}

func address(ip, stack string) ec2types.Address {
	a := ec2types.Address{PublicIp: aws.String(ip), Domain: ec2types.DomainTypeVpc}
	if stack != "" {
		a.Tags = []ec2types.Tag{{Key: aws.String("Name"), Value: aws.String("x")}, {Key: aws.String(stackNameTag), Value: aws.String(stack)}}
	}
	return a
}

func TestAwsQuotas(t *testing.T) {
	e := &fakeEC2{
		addresses: []ec2types.Address{address("198.51.100.1", ""), address("198.51.100.2", StackName)},
		vcpus:     map[string]int32{"t3.micro": 2, "m5.xlarge": 4},
	}
	q := awsQuotas{sq: fakeSQ{applied: map[string]float64{quotaOnDemandStandard: 32}, defaults: map[string]float64{quotaElasticIPs: 5}}, ec2: e}.deps()
	ctx := context.Background()

	if v, err := q.appliedQuota(ctx, quotaOnDemandStandard); err != nil || v != 32 {
		t.Errorf("applied %g, %v", v, err)
	}
	// Not applied: NoSuchResourceException, which readQuota falls back on.
	if _, err := q.appliedQuota(ctx, quotaElasticIPs); apiErrorCode(err) != "NoSuchResourceException" {
		t.Errorf("no applied value: %v", err)
	}
	if v, err := q.defaultQuota(ctx, quotaElasticIPs); err != nil || v != 5 {
		t.Errorf("default %g, %v", v, err)
	}
	if _, err := q.defaultQuota(ctx, quotaSpotStandard); err == nil || !strings.Contains(err.Error(), "no value for L-34B43A08") {
		t.Errorf("a quota without a value: %v", err)
	}

	ips, err := q.elasticIPs(ctx)
	want := []elasticIP{{PublicIP: "198.51.100.1"}, {PublicIP: "198.51.100.2", Stack: StackName}}
	if err != nil || !reflect.DeepEqual(ips, want) {
		t.Errorf("addresses %+v, %v", ips, err)
	}

	v, err := q.vcpus(ctx, []string{"t3.micro", "m5.xlarge"})
	if err != nil || !reflect.DeepEqual(v, map[string]int{"t3.micro": 2, "m5.xlarge": 4}) {
		t.Errorf("vcpus %v, %v", v, err)
	}
	if _, err := q.vcpus(ctx, []string{"t3.micro", "t3.mikro"}); err == nil || !strings.Contains(err.Error(), "does not know t3.mikro") {
		t.Errorf("an unknown type: %v", err)
	}
}

func ttPolicy(name string, metric aastypes.MetricType, alarms ...string) aastypes.ScalingPolicy {
	p := aastypes.ScalingPolicy{
		PolicyName: aws.String(name),
		PolicyType: aastypes.PolicyTypeTargetTrackingScaling,
		TargetTrackingScalingPolicyConfiguration: &aastypes.TargetTrackingScalingPolicyConfiguration{
			TargetValue:                   aws.Float64(50),
			PredefinedMetricSpecification: &aastypes.PredefinedMetricSpecification{PredefinedMetricType: metric},
		},
	}
	for _, a := range alarms {
		p.Alarms = append(p.Alarms, aastypes.Alarm{AlarmName: aws.String(a), AlarmARN: aws.String("arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + a)})
	}
	return p
}

const (
	alarmHigh = "TargetTracking-service/cluster/service-AlarmHigh-0c4f"
	alarmLow  = "TargetTracking-service/cluster/service-AlarmLow-9b1e"
)

func TestScaleOutAlarm(t *testing.T) {
	cpu := ttPolicy("Cpu", aastypes.MetricTypeECSServiceAverageCPUUtilization, "TargetTracking-service/cluster/service-AlarmHigh-cpu")
	requests := ttPolicy("RequestsPerTask", aastypes.MetricTypeALBRequestCountPerTarget, alarmLow, alarmHigh)
	for _, tc := range []struct {
		name     string
		policies []aastypes.ScalingPolicy
		want     string // the alarm, or the error
	}{
		{"the requests policy", []aastypes.ScalingPolicy{requests}, alarmHigh},
		{"among the CPU policy's alarms", []aastypes.ScalingPolicy{cpu, requests}, alarmHigh},
		{"no policy", nil, "no scale-out alarm: no scaling policy on service/cluster/service"},
		{"only CPU", []aastypes.ScalingPolicy{cpu}, "no ALBRequestCountPerTarget target tracking policy on service/cluster/service (found Cpu)"},
		{"no AlarmHigh", []aastypes.ScalingPolicy{ttPolicy("RequestsPerTask", aastypes.MetricTypeALBRequestCountPerTarget, alarmLow)},
			"policy RequestsPerTask has no AlarmHigh alarm (1 alarms)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := scaleOutAlarm(tc.policies, "service/cluster/service")
			if err != nil {
				if !errors.Is(err, errNoScaleOutAlarm) {
					t.Errorf("%v is not errNoScaleOutAlarm", err)
				}
				got = err.Error()
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAlarmChange(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 20, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		item cwtypes.AlarmHistoryItem
		want AlarmChange
		ok   bool
	}{
		{"history data", cwtypes.AlarmHistoryItem{
			Timestamp:      aws.Time(at),
			HistorySummary: aws.String("Alarm updated from OK to ALARM"),
			HistoryData: aws.String(`{"version":"1.0","oldState":{"stateValue":"OK","stateReason":"Threshold Crossed: 3 datapoints were not greater than the threshold (50.0)."},` +
				`"newState":{"stateValue":"ALARM","stateReason":"Threshold Crossed: 3 datapoints [120.0 (02/01/26 03:19:00)] were greater than the threshold (50.0).","stateReasonData":{"version":"1.0"}}}`),
		}, AlarmChange{At: at, From: "OK", To: "ALARM", Reason: "Threshold Crossed: 3 datapoints [120.0 (02/01/26 03:19:00)] were greater than the threshold (50.0)."}, true},
		{"summary only", cwtypes.AlarmHistoryItem{Timestamp: aws.Time(at), HistorySummary: aws.String("Alarm updated from INSUFFICIENT_DATA to OK")},
			AlarmChange{At: at, From: "INSUFFICIENT_DATA", To: "OK"}, true},
		{"neither", cwtypes.AlarmHistoryItem{Timestamp: aws.Time(at), HistorySummary: aws.String("Alarm \"x\" created")}, AlarmChange{At: at}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := alarmChange(tc.item)
			if ok != tc.ok || got != tc.want {
				t.Errorf("got %+v, %v; want %+v, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

// fakeCW has alarms and their states, and alarmHigh's history, one item a
// page.
type fakeCW struct {
	states  map[string]cwtypes.StateValue
	history []cwtypes.AlarmHistoryItem
	since   time.Time
	err     error
}

func (f *fakeCW) DescribeAlarms(_ context.Context, in *cloudwatch.DescribeAlarmsInput, _ ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error) {
	if f.err != nil {
		return nil, f.err
	}
	out := &cloudwatch.DescribeAlarmsOutput{}
	for _, name := range in.AlarmNames {
		if state, ok := f.states[name]; ok {
			out.MetricAlarms = append(out.MetricAlarms, cwtypes.MetricAlarm{AlarmName: aws.String(name), StateValue: state})
		}
	}
	return out, nil
}

func (f *fakeCW) DescribeAlarmHistory(_ context.Context, in *cloudwatch.DescribeAlarmHistoryInput, _ ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmHistoryOutput, error) {
	if aws.ToString(in.AlarmName) != alarmHigh || in.HistoryItemType != cwtypes.HistoryItemTypeStateUpdate {
		return nil, errors.New("wrong alarm or item type")
	}
	f.since = aws.ToTime(in.StartDate)
	i := 0
	if in.NextToken != nil {
		i, _ = strconv.Atoi(*in.NextToken)
	}
	out := &cloudwatch.DescribeAlarmHistoryOutput{}
	if i < len(f.history) {
		out.AlarmHistoryItems = f.history[i : i+1]
	}
	if i+1 < len(f.history) {
		out.NextToken = aws.String(strconv.Itoa(i + 1))
	}
	return out, nil
}

func stateUpdate(at time.Time, from, to string) cwtypes.AlarmHistoryItem {
	return cwtypes.AlarmHistoryItem{
		AlarmName: aws.String(alarmHigh), Timestamp: aws.Time(at), HistoryItemType: cwtypes.HistoryItemTypeStateUpdate,
		HistorySummary: aws.String("Alarm updated from " + from + " to " + to),
	}
}

func TestAwsAlarmsScaleOut(t *testing.T) {
	since := time.Date(2026, 1, 2, 3, 14, 15, 0, time.UTC)
	policies := []aastypes.ScalingPolicy{
		{PolicyName: aws.String("Step"), PolicyType: aastypes.PolicyTypeStepScaling},
		ttPolicy("Cpu", aastypes.MetricTypeECSServiceAverageCPUUtilization, "cpu-AlarmHigh"),
		ttPolicy("RequestsPerTask", aastypes.MetricTypeALBRequestCountPerTarget, alarmLow, alarmHigh),
	}
	cw := &fakeCW{states: map[string]cwtypes.StateValue{alarmHigh: cwtypes.StateValueOk}, history: []cwtypes.AlarmHistoryItem{
		// Out of order, and an item that is not a state change.
		stateUpdate(since.Add(9*time.Minute), "ALARM", "OK"),
		stateUpdate(since.Add(4*time.Minute), "OK", "ALARM"),
		{Timestamp: aws.Time(since.Add(time.Minute)), HistorySummary: aws.String("Alarm updated")},
	}}
	a := awsAlarms{aas: &fakeAAS{policies: policies}, cw: cw, cluster: "cluster", service: "service"}
	got, err := a.ScaleOut(context.Background(), since)
	if err != nil {
		t.Fatal(err)
	}
	want := AlarmReading{Name: alarmHigh, State: "OK", Changes: []AlarmChange{
		{At: since.Add(4 * time.Minute), From: "OK", To: "ALARM"},
		{At: since.Add(9 * time.Minute), From: "ALARM", To: "OK"},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if !cw.since.Equal(since) {
		t.Errorf("history from %s, want the load's start %s", cw.since, since)
	}

	// No policy: errNoScaleOutAlarm; a denied call: its error.
	a.aas = &fakeAAS{}
	if _, err := a.ScaleOut(context.Background(), since); !errors.Is(err, errNoScaleOutAlarm) {
		t.Errorf("no policy: %v", err)
	}
	a.aas = &fakeAAS{policies: policies}
	a.cw = &fakeCW{err: &smithy.GenericAPIError{Code: "AccessDenied"}}
	if _, err := a.ScaleOut(context.Background(), since); errors.Is(err, errNoScaleOutAlarm) || !isAccessDenied(err) {
		t.Errorf("denied: %v", err)
	}
	a.aas = &fakeAAS{policyErr: &smithy.GenericAPIError{Code: "AccessDeniedException"}}
	if _, err := a.ScaleOut(context.Background(), since); !isAccessDenied(err) {
		t.Errorf("policies denied: %v", err)
	}
}

// forward is a forward action over target groups and their weights, as
// DescribeRules answers for a rule with a ForwardConfig.
func forward(groups ...TargetWeight) elbtypes.Action {
	a := elbtypes.Action{Type: elbtypes.ActionTypeEnumForward, ForwardConfig: &elbtypes.ForwardActionConfig{}}
	for _, g := range groups {
		a.ForwardConfig.TargetGroups = append(a.ForwardConfig.TargetGroups, elbtypes.TargetGroupTuple{TargetGroupArn: aws.String(g.Group), Weight: aws.Int32(int32(g.Weight))})
	}
	return a
}

func TestRuleWeights(t *testing.T) {
	canary := forward(TargetWeight{blueTG, 95}, TargetWeight{greenTG, 5})
	noWeight := forward(TargetWeight{blueTG, 100})
	noWeight.ForwardConfig.TargetGroups = append(noWeight.ForwardConfig.TargetGroups, elbtypes.TargetGroupTuple{TargetGroupArn: aws.String(greenTG)})
	both := forward(TargetWeight{blueTG, 1})
	both.TargetGroupArn = aws.String(blueTG)
	fixed := elbtypes.Action{Type: elbtypes.ActionTypeEnumFixedResponse, Order: aws.Int32(1)}
	for _, tc := range []struct {
		name    string
		actions []elbtypes.Action
		want    Weights
		err     string
	}{
		{"a weighted forward", []elbtypes.Action{canary}, Weights{{blueTG, 95}, {greenTG, 5}}, ""},
		{"a weight left out", []elbtypes.Action{noWeight}, Weights{{blueTG, 100}, {greenTG, 0}}, ""},
		{"a plain TargetGroupArn", []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(blueTG)}}, Weights{{blueTG, 100}}, ""},
		{"one group in both forms", []elbtypes.Action{both}, Weights{{blueTG, 1}}, ""},
		{"after another action", []elbtypes.Action{fixed, canary}, Weights{{blueTG, 95}, {greenTG, 5}}, ""},
		{"no forward", []elbtypes.Action{fixed}, nil, "listener rule " + ruleARN + " has no forward action to a target group (actions: fixed-response)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ruleWeights(elbtypes.Rule{RuleArn: aws.String(ruleARN), Actions: tc.actions})
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Errorf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// fakeELB has one rule.
type fakeELB struct{ rule elbtypes.Rule }

func (f fakeELB) DescribeRules(_ context.Context, in *elasticloadbalancingv2.DescribeRulesInput, _ ...func(*elasticloadbalancingv2.Options)) (*elasticloadbalancingv2.DescribeRulesOutput, error) {
	if !reflect.DeepEqual(in.RuleArns, []string{aws.ToString(f.rule.RuleArn)}) {
		return nil, &smithy.GenericAPIError{Code: "RuleNotFound", Message: "One or more rules not found"}
	}
	return &elasticloadbalancingv2.DescribeRulesOutput{Rules: []elbtypes.Rule{f.rule}}, nil
}

func TestAwsRolloutRead(t *testing.T) {
	service := ecstypes.Service{
		CurrentServiceDeployment: aws.String(releaseDeployment),
		DeploymentConfiguration: &ecstypes.DeploymentConfiguration{
			Strategy: ecstypes.DeploymentStrategyCanary,
			Alarms:   &ecstypes.DeploymentAlarms{AlarmNames: []string{serverErrorAlarm, latencyAlarm}, Enable: true, Rollback: true},
		},
	}
	e := &fakeECS{
		services: &ecs.DescribeServicesOutput{Services: []ecstypes.Service{service}},
		deployments: map[string]ecstypes.ServiceDeployment{releaseDeployment: {
			Status: ecstypes.ServiceDeploymentStatusInProgress, LifecycleStage: ecstypes.ServiceDeploymentLifecycleStageProductionTrafficShift,
		}},
	}
	cw := &fakeCW{states: map[string]cwtypes.StateValue{serverErrorAlarm: cwtypes.StateValueAlarm, latencyAlarm: cwtypes.StateValueOk, alarmHigh: cwtypes.StateValueOk}}
	a := awsRollout{
		elb: fakeELB{elbtypes.Rule{RuleArn: aws.String(ruleARN), Actions: []elbtypes.Action{forward(TargetWeight{blueTG, 95}, TargetWeight{greenTG, 5})}}},
		ecs: e, cw: cw, rule: ruleARN, cluster: "cluster", service: "service",
	}
	got, err := a.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := RolloutState{
		Weights:    Weights{{blueTG, 95}, {greenTG, 5}},
		Deployment: releaseDeployment, Status: "IN_PROGRESS", Stage: "PRODUCTION_TRAFFIC_SHIFT",
		Alarms: map[string]string{serverErrorAlarm: "ALARM", latencyAlarm: "OK"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}

	// No current deployment and no alarms: the weights alone.
	e.services = &ecs.DescribeServicesOutput{Services: []ecstypes.Service{{}}}
	if got, err := a.Read(context.Background()); err != nil || !reflect.DeepEqual(got, RolloutState{Weights: want.Weights}) {
		t.Errorf("a bare service: %+v, %v", got, err)
	}

	for _, tc := range []struct {
		name   string
		change func(*awsRollout)
		err    string
	}{
		{"the rule is gone", func(a *awsRollout) { a.rule = "arn:other" }, "RuleNotFound"},
		{"the service is gone", func(a *awsRollout) {
			a.ecs = &fakeECS{services: &ecs.DescribeServicesOutput{Failures: []ecstypes.Failure{{Reason: aws.String("MISSING")}}}}
		}, "service service: MISSING"},
		{"ECS does not know the deployment", func(a *awsRollout) {
			a.ecs = &fakeECS{services: &ecs.DescribeServicesOutput{Services: []ecstypes.Service{service}}}
		}, "service deployment " + releaseDeployment + ": MISSING"},
		{"CloudWatch denied", func(a *awsRollout) { a.cw = &fakeCW{err: &smithy.GenericAPIError{Code: "AccessDenied"}} }, "AccessDenied"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := a
			b.ecs = &fakeECS{services: &ecs.DescribeServicesOutput{Services: []ecstypes.Service{service}}, deployments: e.deployments}
			tc.change(&b)
			if _, err := b.Read(context.Background()); err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("error %v, want %q", err, tc.err)
			}
		})
	}
}
