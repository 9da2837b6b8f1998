package ecsec2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	aas "github.com/aws/aws-cdk-go/awscdk/v2/awsapplicationautoscaling"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/jsii-runtime-go"
)

// requestsPerTaskExpression is the metric task autoscaling tracks: the
// requests a minute the target group received per healthy task, a minute
// without requests counting as 0 requests; with no healthy task, the
// requests themselves, so that a service whose tasks all fail their health
// check still scales out (ALBRequestCountPerTarget then divides by the
// registered targets).
const requestsPerTaskExpression = "FILL(requests, 0) / IF(tasks > 0, tasks, 1)"

// scaleTasks lets the task count follow the requests per task and, when
// asked, the CPU and memory utilization, both ways.
//
// The requests per task are the target group's RequestCount over its
// HealthyHostCount, the ratio ALBRequestCountPerTarget is made of; but the
// load balancer documents that it publishes no metric in a minute without
// requests, and target tracking takes no action on missing data, so the
// tasks a burst added would stay until traffic returned. HealthyHostCount
// is published every minute while health checks run, and FILL reads a
// minute without requests as 0 requests: the same one policy then scales in
// to MinTasks when traffic stops, after the 15 low datapoints its scale-in
// alarm waits for. (CloudWatch warns that FILL in an alarm also fills a
// newest minute whose data is only late; both metrics come in the load
// balancer's same one-minute report.)
func (s *AlbFrontedService) scaleTasks(p *AlbFrontedServiceProps) {
	s.ScalableTarget = s.Service.AutoScaleTaskCount(&aas.EnableScalingProps{
		MinCapacity: p.MinTasks,
		MaxCapacity: p.MaxTasks,
	})
	target := child[aas.ScalableTarget](s.ScalableTarget, "Target")
	dimensions := []*aas.CfnScalingPolicy_TargetTrackingMetricDimensionProperty{
		{Name: jsii.String("TargetGroup"), Value: s.TargetGroup.TargetGroupFullName()},
		{Name: jsii.String("LoadBalancer"), Value: s.Alb.LoadBalancer.LoadBalancerFullName()},
	}
	metric := func(id, name, statistic string) *aas.CfnScalingPolicy_TargetTrackingMetricDataQueryProperty {
		return &aas.CfnScalingPolicy_TargetTrackingMetricDataQueryProperty{
			Id: jsii.String(id),
			MetricStat: &aas.CfnScalingPolicy_TargetTrackingMetricStatProperty{
				Metric: &aas.CfnScalingPolicy_TargetTrackingMetricProperty{
					Namespace: jsii.String("AWS/ApplicationELB"), MetricName: jsii.String(name), Dimensions: &dimensions,
				},
				Stat: jsii.String(statistic),
			},
			ReturnData: jsii.Bool(false),
		}
	}
	s.ScalingPolicy = aas.NewCfnScalingPolicy(s.ScalableTarget, jsii.String("RequestsPerTask"), &aas.CfnScalingPolicyProps{
		PolicyName:      jsii.Sprintf("%s-RequestsPerTask", *awscdk.Names_UniqueId(s.ScalableTarget)),
		PolicyType:      jsii.String("TargetTrackingScaling"),
		ScalingTargetId: target.ScalableTargetId(),
		TargetTrackingScalingPolicyConfiguration: &aas.CfnScalingPolicy_TargetTrackingScalingPolicyConfigurationProperty{
			TargetValue:      p.RequestsPerTarget,
			ScaleOutCooldown: jsii.Number(wholeSeconds(p.ScaleOutCooldown)),
			ScaleInCooldown:  jsii.Number(wholeSeconds(p.ScaleInCooldown)),
			CustomizedMetricSpecification: &aas.CfnScalingPolicy_CustomizedMetricSpecificationProperty{
				Metrics: &[]*aas.CfnScalingPolicy_TargetTrackingMetricDataQueryProperty{
					metric("requests", "RequestCount", "Sum"),
					metric("tasks", "HealthyHostCount", "Average"),
					{
						Id:         jsii.String("perTask"),
						Expression: jsii.String(requestsPerTaskExpression),
						Label:      jsii.String("requests a minute per healthy task"),
						ReturnData: jsii.Bool(true),
					},
				},
			},
		},
	})
	if p.CpuTargetPercent != nil {
		s.ScalableTarget.ScaleOnCpuUtilization(jsii.String("Cpu"), &awsecs.CpuUtilizationScalingProps{
			TargetUtilizationPercent: p.CpuTargetPercent,
			ScaleOutCooldown:         p.ScaleOutCooldown,
			ScaleInCooldown:          p.ScaleInCooldown,
		})
	}
	if p.MemoryTargetPercent != nil {
		s.ScalableTarget.ScaleOnMemoryUtilization(jsii.String("Memory"), &awsecs.MemoryUtilizationScalingProps{
			TargetUtilizationPercent: p.MemoryTargetPercent,
			ScaleOutCooldown:         p.ScaleOutCooldown,
			ScaleInCooldown:          p.ScaleInCooldown,
		})
	}
}
