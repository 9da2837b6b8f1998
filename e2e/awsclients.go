package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
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
	"github.com/aws/smithy-go"
)

// The small parts of the SDK clients this command calls, so that the code
// around them runs against fakes in the tests.
type (
	cfnAPI interface {
		DescribeStacks(context.Context, *cloudformation.DescribeStacksInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error)
		cloudformation.ListStackResourcesAPIClient
	}
	ecsAPI interface {
		DescribeServices(context.Context, *ecs.DescribeServicesInput, ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error)
		DescribeServiceDeployments(context.Context, *ecs.DescribeServiceDeploymentsInput, ...func(*ecs.Options)) (*ecs.DescribeServiceDeploymentsOutput, error)
		ecs.ListContainerInstancesAPIClient
	}
	elbAPI interface {
		DescribeRules(context.Context, *elasticloadbalancingv2.DescribeRulesInput, ...func(*elasticloadbalancingv2.Options)) (*elasticloadbalancingv2.DescribeRulesOutput, error)
	}
	asgAPI interface {
		DescribeAutoScalingGroups(context.Context, *autoscaling.DescribeAutoScalingGroupsInput, ...func(*autoscaling.Options)) (*autoscaling.DescribeAutoScalingGroupsOutput, error)
	}
	aasAPI interface {
		DescribeScalableTargets(context.Context, *applicationautoscaling.DescribeScalableTargetsInput, ...func(*applicationautoscaling.Options)) (*applicationautoscaling.DescribeScalableTargetsOutput, error)
		applicationautoscaling.DescribeScalingPoliciesAPIClient
	}
	cwAPI interface {
		DescribeAlarms(context.Context, *cloudwatch.DescribeAlarmsInput, ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error)
		cloudwatch.DescribeAlarmHistoryAPIClient
	}
	sqAPI interface {
		GetServiceQuota(context.Context, *servicequotas.GetServiceQuotaInput, ...func(*servicequotas.Options)) (*servicequotas.GetServiceQuotaOutput, error)
		GetAWSDefaultServiceQuota(context.Context, *servicequotas.GetAWSDefaultServiceQuotaInput, ...func(*servicequotas.Options)) (*servicequotas.GetAWSDefaultServiceQuotaOutput, error)
	}
	ec2API interface {
		DescribeAddresses(context.Context, *ec2.DescribeAddressesInput, ...func(*ec2.Options)) (*ec2.DescribeAddressesOutput, error)
		ec2.DescribeInstanceTypesAPIClient
	}
)

// apiErrorCode is the AWS error code in err's chain ("AccessDenied",
// "ValidationError", ...), or "".
func apiErrorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// isAccessDenied is an IAM refusal, as each service spells it: Service
// Quotas (AccessDeniedException, and DependencyAccessDeniedException when
// its own role may not read), EC2 (UnauthorizedOperation), the others
// (AccessDenied).
func isAccessDenied(err error) bool {
	switch apiErrorCode(err) {
	case "AccessDenied", "AccessDeniedException", "DependencyAccessDeniedException", "UnauthorizedOperation":
		return true
	}
	return false
}

// isStackMissing is CloudFormation's answer for a stack that is not there:
// a ValidationError "Stack with id X does not exist".
func isStackMissing(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == "ValidationError" && strings.Contains(ae.ErrorMessage(), "does not exist")
}

// awsStacks is Stacks on CloudFormation.
type awsStacks struct {
	cfn  cfnAPI
	name string
}

func (a awsStacks) State(ctx context.Context) (StackState, error) {
	out, err := a.cfn.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(a.name)})
	if isStackMissing(err) {
		return StackState{}, nil
	}
	if err != nil {
		return StackState{}, err
	}
	if len(out.Stacks) == 0 {
		return StackState{}, nil
	}
	status := string(out.Stacks[0].StackStatus)
	return StackState{Exists: status != string(cfntypes.StackStatusDeleteComplete), Status: status}, nil
}

// Resources pages through ListStackResources (DescribeStackResources
// stops at 100 resources; the stack has about 65, more with Spot or HTTPS).
func (a awsStacks) Resources(ctx context.Context) ([]StackResource, error) {
	var res []StackResource
	pages := cloudformation.NewListStackResourcesPaginator(a.cfn, &cloudformation.ListStackResourcesInput{StackName: aws.String(a.name)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range page.StackResourceSummaries {
			res = append(res, StackResource{
				LogicalID:  aws.ToString(s.LogicalResourceId),
				PhysicalID: aws.ToString(s.PhysicalResourceId),
				Type:       aws.ToString(s.ResourceType),
				Status:     string(s.ResourceStatus),
			})
		}
	}
	return res, nil
}

// awsFleet is Fleet on ECS, Auto Scaling and Application Auto Scaling.
type awsFleet struct {
	ecs              ecsAPI
	asg              asgAPI
	aas              aasAPI
	cluster, service string
	groups           []string

	once     sync.Once
	minTasks int
}

// describedService is the one service DescribeServices was asked for.
func describedService(out *ecs.DescribeServicesOutput, name string) (ecstypes.Service, error) {
	for _, f := range out.Failures {
		return ecstypes.Service{}, fmt.Errorf("service %s: %s %s", name, aws.ToString(f.Reason), aws.ToString(f.Detail))
	}
	for _, s := range out.Services {
		return s, nil
	}
	return ecstypes.Service{}, fmt.Errorf("service %s: not found", name)
}

// serviceCounts reads the one service DescribeServices was asked for.
func serviceCounts(out *ecs.DescribeServicesOutput, name string) (desired, running, pending int, err error) {
	s, err := describedService(out, name)
	if err != nil {
		return 0, 0, 0, err
	}
	return int(s.DesiredCount), int(s.RunningCount), int(s.PendingCount), nil
}

// groupCounts sums the InService instances and the minimum sizes of the
// groups, and checks that every group asked for was found.
func groupCounts(groups []asgtypes.AutoScalingGroup, want []string) (inService, minSize int, err error) {
	found := map[string]bool{}
	for _, g := range groups {
		found[aws.ToString(g.AutoScalingGroupName)] = true
		minSize += int(aws.ToInt32(g.MinSize))
		for _, i := range g.Instances {
			if i.LifecycleState == asgtypes.LifecycleStateInService {
				inService++
			}
		}
	}
	var missing []string
	for _, name := range want {
		if !found[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return 0, 0, fmt.Errorf("Auto Scaling group(s) not found: %s", strings.Join(missing, ", "))
	}
	return inService, minSize, nil
}

// scalableTargetID is Application Auto Scaling's id of an ECS service.
func scalableTargetID(cluster, service string) string {
	return "service/" + cluster + "/" + service
}

// readMinTasks is the scalable target's MinCapacity, -1 if unknown.
func (f *awsFleet) readMinTasks(ctx context.Context) int {
	out, err := f.aas.DescribeScalableTargets(ctx, &applicationautoscaling.DescribeScalableTargetsInput{
		ServiceNamespace:  aastypes.ServiceNamespaceEcs,
		ResourceIds:       []string{scalableTargetID(f.cluster, f.service)},
		ScalableDimension: aastypes.ScalableDimensionECSServiceDesiredCount,
	})
	if err != nil || len(out.ScalableTargets) == 0 || out.ScalableTargets[0].MinCapacity == nil {
		return -1
	}
	return int(*out.ScalableTargets[0].MinCapacity)
}

func (f *awsFleet) Snapshot(ctx context.Context) (Snapshot, error) {
	f.once.Do(func() { f.minTasks = f.readMinTasks(ctx) })
	s := Snapshot{MinTasks: f.minTasks}
	svc, err := f.ecs.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(f.cluster), Services: []string{f.service}})
	if err != nil {
		return s, err
	}
	if s.Desired, s.Running, s.Pending, err = serviceCounts(svc, f.service); err != nil {
		return s, err
	}
	groups, err := f.asg.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: f.groups})
	if err != nil {
		return s, err
	}
	if s.InService, s.MinInstances, err = groupCounts(groups.AutoScalingGroups, f.groups); err != nil {
		return s, err
	}
	pages := ecs.NewListContainerInstancesPaginator(f.ecs, &ecs.ListContainerInstancesInput{
		Cluster: aws.String(f.cluster),
		Status:  ecstypes.ContainerInstanceStatusActive,
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return s, err
		}
		s.Registered += len(page.ContainerInstanceArns)
	}
	return s, nil
}

// awsQuotas is the quota check's calls (quotaDeps) on Service Quotas and
// EC2, in the Region of the clients.
type awsQuotas struct {
	sq  sqAPI
	ec2 ec2API
}

func (a awsQuotas) deps() quotaDeps {
	return quotaDeps{appliedQuota: a.applied, defaultQuota: a.awsDefault, elasticIPs: a.elasticIPs, vcpus: a.vcpus}
}

// quotaValue is a quota's value; Service Quotas leaves it out only for a
// quota it cannot read, which is then an error.
func quotaValue(code string, v *float64) (float64, error) {
	if v == nil {
		return 0, fmt.Errorf("Service Quotas has no value for %s", code)
	}
	return *v, nil
}

// applied is GetServiceQuota: the account's value, raised or not.
func (a awsQuotas) applied(ctx context.Context, code string) (float64, error) {
	out, err := a.sq.GetServiceQuota(ctx, &servicequotas.GetServiceQuotaInput{ServiceCode: aws.String(ec2ServiceCode), QuotaCode: aws.String(code)})
	if err != nil {
		return 0, err
	}
	if out.Quota == nil {
		return quotaValue(code, nil)
	}
	return quotaValue(code, out.Quota.Value)
}

// awsDefault is GetAWSDefaultServiceQuota: the value AWS starts accounts at.
func (a awsQuotas) awsDefault(ctx context.Context, code string) (float64, error) {
	out, err := a.sq.GetAWSDefaultServiceQuota(ctx, &servicequotas.GetAWSDefaultServiceQuotaInput{ServiceCode: aws.String(ec2ServiceCode), QuotaCode: aws.String(code)})
	if err != nil {
		return 0, err
	}
	if out.Quota == nil {
		return quotaValue(code, nil)
	}
	return quotaValue(code, out.Quota.Value)
}

// stackNameTag is the tag CloudFormation puts on the resources it creates,
// the Elastic IPs among them.
const stackNameTag = "aws:cloudformation:stack-name"

// elasticIPs is DescribeAddresses of the Region's VPC addresses (all of
// them, in one answer: the call does not page).
func (a awsQuotas) elasticIPs(ctx context.Context) ([]elasticIP, error) {
	out, err := a.ec2.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{
		Filters: []ec2types.Filter{{Name: aws.String("domain"), Values: []string{string(ec2types.DomainTypeVpc)}}},
	})
	if err != nil {
		return nil, err
	}
	ips := make([]elasticIP, 0, len(out.Addresses))
	for _, addr := range out.Addresses {
		ip := elasticIP{PublicIP: aws.ToString(addr.PublicIp)}
		for _, t := range addr.Tags {
			if aws.ToString(t.Key) == stackNameTag {
				ip.Stack = aws.ToString(t.Value)
			}
		}
		ips = append(ips, ip)
	}
	return ips, nil
}

// vcpus is DescribeInstanceTypes' default vCPUs of each type; a type EC2
// does not know in the Region is an error.
func (a awsQuotas) vcpus(ctx context.Context, types []string) (map[string]int, error) {
	in := &ec2.DescribeInstanceTypesInput{}
	for _, t := range types {
		in.InstanceTypes = append(in.InstanceTypes, ec2types.InstanceType(t))
	}
	got := map[string]int{}
	pages := ec2.NewDescribeInstanceTypesPaginator(a.ec2, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, it := range page.InstanceTypes {
			if it.VCpuInfo != nil && it.VCpuInfo.DefaultVCpus != nil {
				got[string(it.InstanceType)] = int(*it.VCpuInfo.DefaultVCpus)
			}
		}
	}
	for _, t := range types {
		if _, ok := got[t]; !ok {
			return nil, fmt.Errorf("EC2 DescribeInstanceTypes does not know %s", t)
		}
	}
	return got, nil
}

// scaleOutAlarm is the AlarmHigh alarm of the ALBRequestCountPerTarget
// target tracking policy among the service's policies (CPU and memory
// policies, if the stack has them, have alarms of their own).
func scaleOutAlarm(policies []aastypes.ScalingPolicy, target string) (string, error) {
	var names []string
	for _, p := range policies {
		names = append(names, aws.ToString(p.PolicyName))
		tt := p.TargetTrackingScalingPolicyConfiguration
		if p.PolicyType != aastypes.PolicyTypeTargetTrackingScaling || tt == nil || tt.PredefinedMetricSpecification == nil ||
			tt.PredefinedMetricSpecification.PredefinedMetricType != aastypes.MetricTypeALBRequestCountPerTarget {
			continue
		}
		for _, a := range p.Alarms {
			if name := aws.ToString(a.AlarmName); strings.Contains(name, "AlarmHigh") {
				return name, nil
			}
		}
		return "", fmt.Errorf("%w: policy %s has no AlarmHigh alarm (%d alarms)", errNoScaleOutAlarm, aws.ToString(p.PolicyName), len(p.Alarms))
	}
	if len(names) == 0 {
		return "", fmt.Errorf("%w: no scaling policy on %s", errNoScaleOutAlarm, target)
	}
	return "", fmt.Errorf("%w: no ALBRequestCountPerTarget target tracking policy on %s (found %s)", errNoScaleOutAlarm, target, strings.Join(names, ", "))
}

// historyData is the part of an alarm history item's HistoryData this
// command reads.
type historyData struct {
	OldState, NewState struct {
		StateValue, StateReason string
	}
}

// alarmChange reads one StateUpdate item: its HistoryData, or, failing
// that, its summary "Alarm updated from OK to ALARM".
func alarmChange(item cwtypes.AlarmHistoryItem) (AlarmChange, bool) {
	c := AlarmChange{At: aws.ToTime(item.Timestamp)}
	var d historyData
	if json.Unmarshal([]byte(aws.ToString(item.HistoryData)), &d) == nil && d.NewState.StateValue != "" {
		c.From, c.To, c.Reason = d.OldState.StateValue, d.NewState.StateValue, d.NewState.StateReason
		return c, true
	}
	if _, rest, ok := strings.Cut(aws.ToString(item.HistorySummary), "updated from "); ok {
		if from, to, ok := strings.Cut(rest, " to "); ok {
			c.From, c.To = from, to
			return c, true
		}
	}
	return c, false
}

// awsAlarms is Alarms on Application Auto Scaling and CloudWatch.
type awsAlarms struct {
	aas              aasAPI
	cw               cwAPI
	cluster, service string
}

func (a awsAlarms) ScaleOut(ctx context.Context, since time.Time) (AlarmReading, error) {
	var r AlarmReading
	target := scalableTargetID(a.cluster, a.service)
	var policies []aastypes.ScalingPolicy
	pages := applicationautoscaling.NewDescribeScalingPoliciesPaginator(a.aas, &applicationautoscaling.DescribeScalingPoliciesInput{
		ServiceNamespace:  aastypes.ServiceNamespaceEcs,
		ResourceId:        aws.String(target),
		ScalableDimension: aastypes.ScalableDimensionECSServiceDesiredCount,
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return r, err
		}
		policies = append(policies, page.ScalingPolicies...)
	}
	var err error
	if r.Name, err = scaleOutAlarm(policies, target); err != nil {
		return r, err
	}
	alarms, err := a.cw.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{r.Name}})
	if err != nil {
		return r, err
	}
	if len(alarms.MetricAlarms) == 0 {
		return r, fmt.Errorf("%w: CloudWatch has no alarm %s", errNoScaleOutAlarm, r.Name)
	}
	r.State = string(alarms.MetricAlarms[0].StateValue)
	history := cloudwatch.NewDescribeAlarmHistoryPaginator(a.cw, &cloudwatch.DescribeAlarmHistoryInput{
		AlarmName:       aws.String(r.Name),
		HistoryItemType: cwtypes.HistoryItemTypeStateUpdate,
		StartDate:       aws.Time(since),
		ScanBy:          cwtypes.ScanByTimestampAscending,
	})
	for history.HasMorePages() {
		page, err := history.NextPage(ctx)
		if err != nil {
			return r, err
		}
		for _, item := range page.AlarmHistoryItems {
			if c, ok := alarmChange(item); ok {
				r.Changes = append(r.Changes, c)
			}
		}
	}
	sort.SliceStable(r.Changes, func(i, j int) bool { return r.Changes[i].At.Before(r.Changes[j].At) })
	return r, nil
}

// ruleWeights reads a rule's forward action: its ForwardConfig's target
// groups and weights (a weight left out counts as 0), or, for an action
// that names one group in TargetGroupArn alone, that group with all of it.
func ruleWeights(rule elbtypes.Rule) (Weights, error) {
	var kinds []string
	for _, a := range rule.Actions {
		kinds = append(kinds, string(a.Type))
		if a.Type != elbtypes.ActionTypeEnumForward {
			continue
		}
		var w Weights
		if a.ForwardConfig != nil {
			for _, g := range a.ForwardConfig.TargetGroups {
				w = append(w, TargetWeight{Group: aws.ToString(g.TargetGroupArn), Weight: int(aws.ToInt32(g.Weight))})
			}
		}
		if len(w) == 0 && a.TargetGroupArn != nil {
			w = Weights{{Group: *a.TargetGroupArn, Weight: 100}}
		}
		if len(w) > 0 {
			return w, nil
		}
	}
	return nil, fmt.Errorf("listener rule %s has no forward action to a target group (actions: %s)", aws.ToString(rule.RuleArn), strings.Join(kinds, ", "))
}

// awsRollout is Rollout on ELBv2, ECS and CloudWatch.
type awsRollout struct {
	elb              elbAPI
	ecs              ecsAPI
	cw               cwAPI
	rule             string
	cluster, service string
}

func (a awsRollout) Read(ctx context.Context) (RolloutState, error) {
	var s RolloutState
	rules, err := a.elb.DescribeRules(ctx, &elasticloadbalancingv2.DescribeRulesInput{RuleArns: []string{a.rule}})
	if err != nil {
		return s, err
	}
	if len(rules.Rules) == 0 {
		return s, fmt.Errorf("listener rule %s: not found", a.rule)
	}
	if s.Weights, err = ruleWeights(rules.Rules[0]); err != nil {
		return s, err
	}
	out, err := a.ecs.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(a.cluster), Services: []string{a.service}})
	if err != nil {
		return s, err
	}
	svc, err := describedService(out, a.service)
	if err != nil {
		return s, err
	}
	if arn := aws.ToString(svc.CurrentServiceDeployment); arn != "" {
		d, err := a.ecs.DescribeServiceDeployments(ctx, &ecs.DescribeServiceDeploymentsInput{ServiceDeploymentArns: []string{arn}})
		if err != nil {
			return s, err
		}
		for _, f := range d.Failures {
			return s, fmt.Errorf("service deployment %s: %s %s", arn, aws.ToString(f.Reason), aws.ToString(f.Detail))
		}
		if len(d.ServiceDeployments) > 0 {
			sd := d.ServiceDeployments[0]
			s.Deployment, s.Status, s.Stage, s.Reason = arn, string(sd.Status), string(sd.LifecycleStage), aws.ToString(sd.StatusReason)
		}
	}
	var names []string
	if c := svc.DeploymentConfiguration; c != nil && c.Alarms != nil {
		names = c.Alarms.AlarmNames
	}
	if len(names) == 0 {
		return s, nil
	}
	alarms, err := a.cw.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: names})
	if err != nil {
		return s, err
	}
	s.Alarms = map[string]string{}
	for _, m := range alarms.MetricAlarms {
		s.Alarms[aws.ToString(m.AlarmName)] = string(m.StateValue)
	}
	return s, nil
}
