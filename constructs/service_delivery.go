package ecsec2

import (
	"maps"
	"math"
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	elb "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Progressive delivery: ECS's BLUE_GREEN, CANARY and LINEAR strategies
// ("Amazon ECS blue/green deployments", "... linear deployments", "...
// canary deployments", ECS guide). ECS starts the new revision at full
// size in the alternate target group, moves the production rule's weights
// to it, keeps the old revision for the bake time, then stops it; at the
// next release the two groups swap roles.

// The defaults of the strategies that shift traffic: ECS's own for the
// shifts (CanaryConfiguration, LinearConfiguration), and a bake time of
// ours, as ECS's default (36 hours) would keep both revisions that long.
const (
	DefaultBakeTimeMinutes           = 10
	DefaultCanaryPercent             = 5.0
	DefaultCanaryBakeTimeMinutes     = 10
	DefaultLinearStepPercent         = 10.0
	DefaultLinearStepBakeTimeMinutes = 6
)

// shiftsTraffic reports whether ECS releases the service by moving the
// traffic between two target groups.
func shiftsTraffic(strategy awsecs.DeploymentStrategy) bool {
	return strategy == awsecs.DeploymentStrategy_BLUE_GREEN || strategy == awsecs.DeploymentStrategy_CANARY ||
		strategy == awsecs.DeploymentStrategy_LINEAR
}

// withDeliveryDefaults fills the unset delivery props; p is a copy.
func (p AlbFrontedServiceProps) withDeliveryDefaults() AlbFrontedServiceProps {
	if p.DeploymentStrategy == "" {
		p.DeploymentStrategy = awsecs.DeploymentStrategy_ROLLING
	}
	if !shiftsTraffic(p.DeploymentStrategy) {
		return p
	}
	p.BakeTime = orSeconds(p.BakeTime, DefaultBakeTimeMinutes*60)
	switch p.DeploymentStrategy {
	case awsecs.DeploymentStrategy_CANARY:
		p.TrafficShiftPercent = orNumber(p.TrafficShiftPercent, DefaultCanaryPercent)
		p.TrafficShiftBakeTime = orSeconds(p.TrafficShiftBakeTime, DefaultCanaryBakeTimeMinutes*60)
	case awsecs.DeploymentStrategy_LINEAR:
		p.TrafficShiftPercent = orNumber(p.TrafficShiftPercent, DefaultLinearStepPercent)
		p.TrafficShiftBakeTime = orSeconds(p.TrafficShiftBakeTime, DefaultLinearStepBakeTimeMinutes*60)
	}
	return p
}

// linearSteps is the number of LINEAR steps after the first shift that
// wait StepBakeTimeInMinutes, as CloudFormation counts them for its
// 33-hour check ("AWS::ECS::Service LinearConfiguration"): 100/percent - 1
// when percent divides 100, else its floor.
func linearSteps(percent float64) int {
	steps := 100 / percent
	if whole := math.Round(steps); math.Abs(steps-whole) < 1e-9 {
		return int(whole) - 1
	}
	return int(math.Floor(steps))
}

// newTargetGroup makes one of the service's target groups: its tasks on
// their host ports (BRIDGE) or addresses (AWS_VPC), checked on the health
// path. Both groups of a service released by traffic shifting are alike,
// with the target type set, as ECS registers the tasks in either.
func newTargetGroup(s *AlbFrontedService, id string, p *AlbFrontedServiceProps, vpc awsec2.IVpc) elb.ApplicationTargetGroup {
	return elb.NewApplicationTargetGroup(s, &id, &elb.ApplicationTargetGroupProps{
		Vpc: vpc,
		// Bridge-mode tasks register as their instance on a dynamic host
		// port, AWS_VPC ones as their own address on the container port.
		Port:       targetPort(p),
		Protocol:   elb.ApplicationProtocol_HTTP,
		TargetType: targetType(p),
		HealthCheck: &elb.HealthCheck{
			Path: p.HealthCheckPath,
			// The port each task was registered on.
			Port:                    jsii.String("traffic-port"),
			HealthyHttpCodes:        jsii.String("200"),
			Interval:                p.HealthCheckInterval,
			Timeout:                 p.HealthCheckTimeout,
			HealthyThresholdCount:   p.HealthyThreshold,
			UnhealthyThresholdCount: p.UnhealthyThreshold,
		},
		DeregistrationDelay: p.DeregistrationDelay,
	})
}

// delivery is what the ECS service's props take of the strategy.
type delivery struct {
	strategy       awsecs.DeploymentStrategy
	bakeTime       awscdk.Duration
	canary, linear *awsecs.TrafficShiftConfig
	hooks          *[]awsecs.IDeploymentLifecycleHookTarget
}

// delivery leaves ROLLING to ECS's default, so that a rolling service's
// template does not name it.
func (p *AlbFrontedServiceProps) delivery() delivery {
	var d delivery
	if !shiftsTraffic(p.DeploymentStrategy) {
		return d
	}
	d.strategy, d.bakeTime, d.hooks = p.DeploymentStrategy, p.BakeTime, p.LifecycleHooks
	shift := &awsecs.TrafficShiftConfig{StepPercent: p.TrafficShiftPercent, StepBakeTime: p.TrafficShiftBakeTime}
	switch p.DeploymentStrategy {
	case awsecs.DeploymentStrategy_CANARY:
		d.canary = shift
	case awsecs.DeploymentStrategy_LINEAR:
		d.linear = shift
	}
	return d
}

// attachTargetGroups registers the tasks with the target group, and for a
// service released by traffic shifting names the alternate group, the
// production and test rules and the role ECS moves the traffic with
// (the service's LoadBalancers[].AdvancedConfiguration).
func (s *AlbFrontedService) attachTargetGroups(p *AlbFrontedServiceProps) {
	if s.AlternateTargetGroup == nil {
		s.Service.AttachToApplicationTargetGroup(s.TargetGroup)
		return
	}
	s.DeploymentRole = s.newDeploymentRole()
	alternate := &awsecs.AlternateTargetProps{
		AlternateTargetGroup: s.AlternateTargetGroup,
		ProductionListener:   awsecs.ListenerRuleConfiguration_ApplicationListenerRule(s.ListenerRule),
		Role:                 s.DeploymentRole,
	}
	if s.TestRule != nil {
		alternate.TestListener = awsecs.ListenerRuleConfiguration_ApplicationListenerRule(s.TestRule)
	}
	s.Service.LoadBalancerTarget(&awsecs.LoadBalancerTargetOptions{
		ContainerName:   p.ContainerName,
		ContainerPort:   p.ContainerPort,
		AlternateTarget: awsecs.NewAlternateTarget(jsii.String("AlternateTarget"), alternate),
	}).AttachToApplicationTargetGroup(s.TargetGroup)
}

// newDeploymentRole is the role ECS assumes to move a release's traffic:
// what AWS's managed policy AmazonECSInfrastructureRolePolicyForLoadBalancers
// allows on every load balancer of the account, here on this service's
// target groups, listener and rules only (the describe calls take no
// resource). The service depends on its policy, so that ECS may use it from
// the first release, and is deleted before it: AWS warns against removing
// the role while a release runs.
func (s *AlbFrontedService) newDeploymentRole() awsiam.Role {
	role := awsiam.NewRole(s, jsii.String("DeploymentRole"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("ecs.amazonaws.com"), nil),
		Description: jsii.String("ECS: moves a release's traffic between this service's target groups"),
	})
	rules := []*string{s.ListenerRule.ListenerRuleArn()}
	if s.TestRule != nil {
		rules = append(rules, s.TestRule.ListenerRuleArn())
	}
	for _, statement := range []*awsiam.PolicyStatementProps{
		{Actions: jsii.Strings("elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules",
			"elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth"), Resources: jsii.Strings("*")},
		{Actions: jsii.Strings("elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"),
			Resources: &[]*string{s.TargetGroup.TargetGroupArn(), s.AlternateTargetGroup.TargetGroupArn()}},
		{Actions: jsii.Strings("elasticloadbalancing:ModifyListener"), Resources: &[]*string{s.Alb.Listener.ListenerArn()}},
		{Actions: jsii.Strings("elasticloadbalancing:ModifyRule"), Resources: &rules},
	} {
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(statement))
	}
	policy := child[constructs.IConstruct](role, "DefaultPolicy")
	suppressInlinePolicy(policy)
	suppress(policy, "AwsSolutions-IAM5", "Elastic Load Balancing's describe calls take no resource; the calls that change anything name this service's target groups, listener and rules",
		"Resource::*")
	s.Service.Node().DefaultChild().Node().AddDependency(policy)
	return role
}

// The limits of a release by traffic shifting. CloudFormation's
// CanaryConfiguration and LinearConfiguration: shifts of "multiples of 0.1
// from 0.1 to 100.0" (CANARY) or "from 3.0 to 100.0" (LINEAR), bake times
// of "0 to 1440 minutes"; and its check that rejects a CANARY or LINEAR
// release whose calculated time exceeds 33 hours. BakeTimeInMinutes has
// no documented range: 1440 is the most a stage of a release may last
// ("Each lifecycle stage can last up to 24 hours", ECS guide).
const (
	maxBakeMinutes      = 1440
	maxReleaseMinutes   = 33 * 60
	maxHeaderNameLength = 40 // an http-header condition's name, ALB
)

var headerName = regexp.MustCompile("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")

// validateDelivery checks the release strategy (p as given, r with its
// defaults) against ECS's and CloudFormation's limits and the network mode.
func validateDelivery(errs *problems, p, r AlbFrontedServiceProps) {
	shifting := shiftsTraffic(r.DeploymentStrategy)
	if !shifting && r.DeploymentStrategy != awsecs.DeploymentStrategy_ROLLING {
		errs.addf("%s (%q) is not a strategy: use awsecs.DeploymentStrategy_ROLLING, _BLUE_GREEN, _CANARY or _LINEAR", field("DeploymentStrategy"), r.DeploymentStrategy)
		return
	}
	shiftProps := map[field]bool{"TrafficShiftPercent": p.TrafficShiftPercent != nil, "TrafficShiftBakeTime": p.TrafficShiftBakeTime != nil}
	if !shifting {
		maps.Copy(shiftProps, map[field]bool{"BakeTime": p.BakeTime != nil, "LifecycleHooks": p.LifecycleHooks != nil, "TestTrafficHeader": p.TestTrafficHeader != nil})
		for _, f := range sortedFields(shiftProps) {
			errs.addf("%s applies to releases that shift traffic, not ROLLING ones: set %s to BLUE_GREEN, CANARY or LINEAR, or drop %s", f, field("DeploymentStrategy"), f)
		}
		return
	}
	if r.DeploymentStrategy == awsecs.DeploymentStrategy_BLUE_GREEN {
		for _, f := range sortedFields(shiftProps) {
			errs.addf("%s applies to CANARY and LINEAR releases; BLUE_GREEN moves all traffic at once: drop %s, or choose CANARY or LINEAR", f, f)
		}
	}
	if r.NetworkMode == awsecs.NetworkMode_BRIDGE {
		errs.addf("%s (%s) needs AWS_VPC tasks: ECS documents its blue/green, linear and canary releases for target groups of "+
			"\"Target type: IP (for Fargate or EC2 with awsvpc network mode)\", and BRIDGE tasks register as instances; "+
			"set %s to AWS_VPC, run the service on ECS Managed Instances (a cluster whose %s is ManagedInstancesCapacity), or set %s to ROLLING",
			field("DeploymentStrategy"), r.DeploymentStrategy, field("NetworkMode"), field("Capacity"), field("DeploymentStrategy"))
	}
	bake := errs.minutesInRange("BakeTime", r.BakeTime, 0, maxBakeMinutes)
	if r.DeploymentStrategy == awsecs.DeploymentStrategy_BLUE_GREEN {
		return
	}
	lowest := 3.0
	if r.DeploymentStrategy == awsecs.DeploymentStrategy_CANARY {
		lowest = 0.1
	}
	percent := r.TrafficShiftPercent
	if known(percent) && (*percent < lowest || *percent > 100 || math.Abs(*percent*10-math.Round(*percent*10)) > 1e-9) {
		errs.addf("%s (%v) must be a multiple of 0.1 from %v to 100 for %s", field("TrafficShiftPercent"), *percent, lowest, r.DeploymentStrategy)
		percent = nil
	}
	shiftBake := errs.minutesInRange("TrafficShiftBakeTime", r.TrafficShiftBakeTime, 0, maxBakeMinutes)
	if bake < 0 || shiftBake < 0 || !known(percent) {
		return
	}
	waits := 1
	if r.DeploymentStrategy == awsecs.DeploymentStrategy_LINEAR {
		waits = linearSteps(*percent)
	}
	if total := bake + shiftBake*float64(waits); total > maxReleaseMinutes {
		errs.addf("%s (%v min) and %d wait(s) of %s (%v min) make a release of %v min: CloudFormation rejects a %s release over 33 hours (1980 min); "+
			"shorten them or raise %s", field("BakeTime"), bake, waits, field("TrafficShiftBakeTime"), shiftBake, total, r.DeploymentStrategy, field("TrafficShiftPercent"))
	}
}

// validateTestHeader checks the test route's header name.
func validateTestHeader(errs *problems, name *string) {
	if knownString(name) && (len(*name) == 0 || len(*name) > maxHeaderNameLength || !headerName.MatchString(*name)) {
		errs.addf("%s (%q) is not an HTTP header name of up to %d characters (letters, digits and !#$%%&'*+.^_`|~-): use one such as X-Release-Test",
			field("TestTrafficHeader"), *name, maxHeaderNameLength)
	}
}
