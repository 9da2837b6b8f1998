package ecsec2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	aas "github.com/aws/aws-cdk-go/awscdk/v2/awsapplicationautoscaling"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	elb "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// scaleTasks lets the task count follow the requests per task and, when
// asked, the CPU and memory utilization, both ways.
//
// The requests per task are ALBRequestCountPerTarget, the predefined metric
// of the target group's requests over its healthy targets (over the
// registered ones when none is healthy, so that a service whose tasks all
// fail their health check still scales out). It scales out under load and,
// at zero traffic, in to MinTasks after the 15 low datapoints its scale-in
// alarm waits for: the Application Auto Scaling guide names it as a metric
// that "emits real 0 values to CloudWatch" so that target tracking "can
// scale in to 0 when there is no traffic", and the load balancer's metrics
// table lists RequestCountPerTarget as "Always reported". One metric, not
// metric math over RequestCount and HealthyHostCount: CloudWatch treats a
// series missing at a timestamp as 0 in arithmetic and warns that FILL in
// an alarm turns a late newest datapoint into its fill value, either of
// which could hold a scale-out alarm below its threshold if one of the two
// series arrived later than the other.
func (s *AlbFrontedService) scaleTasks(p *AlbFrontedServiceProps) {
	s.ScalableTarget = s.Service.AutoScaleTaskCount(&aas.EnableScalingProps{
		MinCapacity: p.MinTasks,
		MaxCapacity: p.MaxTasks,
	})
	target := child[aas.ScalableTarget](s.ScalableTarget, "Target")
	tracking := &aas.CfnScalingPolicy_TargetTrackingScalingPolicyConfigurationProperty{
		TargetValue:      p.RequestsPerTarget,
		ScaleOutCooldown: jsii.Number(wholeSeconds(p.ScaleOutCooldown)),
		ScaleInCooldown:  jsii.Number(wholeSeconds(p.ScaleInCooldown)),
		PredefinedMetricSpecification: &aas.CfnScalingPolicy_PredefinedMetricSpecificationProperty{
			PredefinedMetricType: jsii.String("ALBRequestCountPerTarget"),
			// app/<load balancer>/<id>/targetgroup/<target group>/<id>
			ResourceLabel: jsii.Sprintf("%s/%s", *s.Alb.LoadBalancer.LoadBalancerFullName(), *s.TargetGroup.TargetGroupFullName()),
		},
	}
	if s.AlternateTargetGroup != nil {
		tracking.PredefinedMetricSpecification, tracking.CustomizedMetricSpecification = nil, s.requestsPerTaskOfBothGroups()
	}
	s.ScalingPolicy = aas.NewCfnScalingPolicy(s.ScalableTarget, jsii.String("RequestsPerTask"), &aas.CfnScalingPolicyProps{
		PolicyName:                               jsii.Sprintf("%s-RequestsPerTask", *awscdk.Names_UniqueId(s.ScalableTarget)),
		PolicyType:                               jsii.String("TargetTrackingScaling"),
		ScalingTargetId:                          target.ScalableTargetId(),
		TargetTrackingScalingPolicyConfiguration: tracking,
	})
	s.scaleOnUtilization(p)
}

// requestsPerTaskOfBothGroups is the requests per task of a service released
// by traffic shifting: RequestCountPerTarget of its two target groups,
// summed. Between releases one group holds every task and the other none
// (0 requests); during one, ECS runs the new revision at full size beside
// the old, and a share w of the requests R goes to each group of N tasks,
// so the sum is w·R/N + (1-w)·R/N = R/N at every step, what one group
// reads before and after. The requests over the tasks of both would halve
// it while both run, and one group alone would read nothing once a release
// moved the traffic to the other, letting the service scale in under full
// load (containers-roadmap#1681). AWS's sample for scaling through ECS's
// blue/green releases sums the same two metrics
// (aws-samples/sample-amazon-ecs-blue-green-deployment-patterns,
// ecs-bluegreen-autoscaling). Requests sent with the test header go to the
// new revision and count too. Scale-in waits while a release runs: "Application Auto
// Scaling turns off scale-in processes while Amazon ECS deployments are in
// progress" (ECS guide, "Service auto scaling and deployments").
func (s *AlbFrontedService) requestsPerTaskOfBothGroups() *aas.CfnScalingPolicy_CustomizedMetricSpecificationProperty {
	perTarget := func(id string, group elb.ApplicationTargetGroup) *aas.CfnScalingPolicy_TargetTrackingMetricDataQueryProperty {
		return &aas.CfnScalingPolicy_TargetTrackingMetricDataQueryProperty{
			Id: &id,
			MetricStat: &aas.CfnScalingPolicy_TargetTrackingMetricStatProperty{
				Stat: jsii.String("Sum"),
				Metric: &aas.CfnScalingPolicy_TargetTrackingMetricProperty{
					Namespace:  jsii.String("AWS/ApplicationELB"),
					MetricName: jsii.String("RequestCountPerTarget"),
					Dimensions: []any{
						&aas.CfnScalingPolicy_TargetTrackingMetricDimensionProperty{Name: jsii.String("TargetGroup"), Value: group.TargetGroupFullName()},
						&aas.CfnScalingPolicy_TargetTrackingMetricDimensionProperty{Name: jsii.String("LoadBalancer"), Value: s.Alb.LoadBalancer.LoadBalancerFullName()},
					},
				},
			},
			ReturnData: false,
		}
	}
	return &aas.CfnScalingPolicy_CustomizedMetricSpecificationProperty{
		Metrics: []any{
			perTarget("primary", s.TargetGroup),
			perTarget("alternate", s.AlternateTargetGroup),
			&aas.CfnScalingPolicy_TargetTrackingMetricDataQueryProperty{
				Id: jsii.String("requestsPerTask"), Expression: jsii.String("primary + alternate"),
				Label: jsii.String("requests per task, both target groups"), ReturnData: true,
			},
		},
	}
}

// The predefined metrics of the CPU and memory policies at 20 seconds,
// which Application Auto Scaling has had since June 2026 and CDK 2.276's
// PredefinedMetric lacks (aws-cdk#38207).
const (
	cpuHighResolution    = "ECSServiceAverageCPUUtilizationHighResolution"
	memoryHighResolution = "ECSServiceAverageMemoryUtilizationHighResolution"
)

// scaleOnUtilization adds the CPU and memory policies asked for. With
// HighResolutionMetrics, ECS publishes the service's utilization every 20
// seconds (the service's Monitoring property) and the policies track it at
// that resolution: AWS measured the time to trigger a scale-out fall from
// 363 to 86 seconds. The policy names the metric in one property override,
// so that turning it on or off updates the policy in place.
func (s *AlbFrontedService) scaleOnUtilization(p *AlbFrontedServiceProps) {
	var highResolution []*string
	if p.CpuTargetPercent != nil {
		s.ScalableTarget.ScaleOnCpuUtilization(jsii.String("Cpu"), &awsecs.CpuUtilizationScalingProps{
			TargetUtilizationPercent: p.CpuTargetPercent,
			ScaleOutCooldown:         p.ScaleOutCooldown,
			ScaleInCooldown:          p.ScaleInCooldown,
		})
		if *p.HighResolutionMetrics {
			s.trackAtHighResolution("Cpu", cpuHighResolution)
			highResolution = append(highResolution, jsii.String("CPUUtilization"))
		}
	}
	if p.MemoryTargetPercent != nil {
		s.ScalableTarget.ScaleOnMemoryUtilization(jsii.String("Memory"), &awsecs.MemoryUtilizationScalingProps{
			TargetUtilizationPercent: p.MemoryTargetPercent,
			ScaleOutCooldown:         p.ScaleOutCooldown,
			ScaleInCooldown:          p.ScaleInCooldown,
		})
		if *p.HighResolutionMetrics {
			s.trackAtHighResolution("Memory", memoryHighResolution)
			highResolution = append(highResolution, jsii.String("MemoryUtilization"))
		}
	}
	if len(highResolution) == 0 {
		return
	}
	// AWS::ECS::Service Monitoring: "The valid values are 20 and 60"; the
	// policies that read the metrics are created after the service, which
	// their scalable target names.
	service := s.Service.Node().DefaultChild().(awsecs.CfnService)
	service.SetMonitoring(&awsecs.CfnService_MonitoringConfigurationProperty{
		MetricConfigurations: []any{&awsecs.CfnService_MetricConfigurationProperty{MetricNames: &highResolution, ResolutionSeconds: jsii.Number(20)}},
	})
	ignoreLint(service, "cfn-lint 1.51's schema of AWS::ECS::Service predates its Monitoring property (June 2026)", "E3002")
}

// trackAtHighResolution makes the policy of id track the 20-second metric.
func (s *AlbFrontedService) trackAtHighResolution(id, metricType string) {
	policy := child[aas.CfnScalingPolicy](child[constructs.IConstruct](child[constructs.IConstruct](s.ScalableTarget, "Target"), id), "Resource")
	policy.AddPropertyOverride(jsii.String("TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType"), &metricType)
	ignoreLint(policy, "cfn-lint 1.51's schema predates the high-resolution ECS metric types (June 2026)", "E3030")
}
