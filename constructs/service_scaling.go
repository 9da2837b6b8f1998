package ecsec2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	aas "github.com/aws/aws-cdk-go/awscdk/v2/awsapplicationautoscaling"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
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
	s.ScalingPolicy = aas.NewCfnScalingPolicy(s.ScalableTarget, jsii.String("RequestsPerTask"), &aas.CfnScalingPolicyProps{
		PolicyName:      jsii.Sprintf("%s-RequestsPerTask", *awscdk.Names_UniqueId(s.ScalableTarget)),
		PolicyType:      jsii.String("TargetTrackingScaling"),
		ScalingTargetId: target.ScalableTargetId(),
		TargetTrackingScalingPolicyConfiguration: &aas.CfnScalingPolicy_TargetTrackingScalingPolicyConfigurationProperty{
			TargetValue:      p.RequestsPerTarget,
			ScaleOutCooldown: jsii.Number(wholeSeconds(p.ScaleOutCooldown)),
			ScaleInCooldown:  jsii.Number(wholeSeconds(p.ScaleInCooldown)),
			PredefinedMetricSpecification: &aas.CfnScalingPolicy_PredefinedMetricSpecificationProperty{
				PredefinedMetricType: jsii.String("ALBRequestCountPerTarget"),
				// app/<load balancer>/<id>/targetgroup/<target group>/<id>
				ResourceLabel: jsii.Sprintf("%s/%s", *s.Alb.LoadBalancer.LoadBalancerFullName(), *s.TargetGroup.TargetGroupFullName()),
			},
		},
	})
	s.scaleOnUtilization(p)
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
