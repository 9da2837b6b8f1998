package ecsec2

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	cw "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	elb "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/jsii-runtime-go"
)

var minute = awscdk.Duration_Minutes(jsii.Number(1))

// serviceMetrics are the metrics the dashboard shows and the alarms watch.
type serviceMetrics struct {
	requests, requestsPerTarget, target4xx, target5xx, elb5xx cw.IMetric
	latencyP50, latencyP99, healthy, unhealthy                cw.IMetric
	runningTasks, desiredTasks, cpu, memory                   cw.IMetric
	cpuReserved, memoryReserved, instances                    cw.IMetric
}

func (s *AlbFrontedService) metrics(p *AlbFrontedServiceProps) serviceMetrics {
	sum := &cw.MetricOptions{Statistic: jsii.String("Sum"), Period: minute}
	lb, tg := s.LoadBalancer.Metrics(), s.TargetGroup.Metrics()
	cluster := p.Cluster.ClusterName()
	// Container Insights publishes the task counts and the instances.
	insights := func(name, statistic string, dims map[string]*string) cw.IMetric {
		return cw.NewMetric(&cw.MetricProps{
			Namespace: jsii.String("ECS/ContainerInsights"), MetricName: jsii.String(name),
			DimensionsMap: &dims, Statistic: jsii.String(statistic), Period: minute,
		})
	}
	reservation := func(name string) cw.IMetric {
		return cw.NewMetric(&cw.MetricProps{
			Namespace: jsii.String("AWS/ECS"), MetricName: jsii.String(name),
			DimensionsMap: &map[string]*string{"ClusterName": cluster}, Statistic: jsii.String("Average"), Period: minute,
		})
	}
	service := map[string]*string{"ClusterName": cluster, "ServiceName": s.Service.ServiceName()}
	return serviceMetrics{
		requests:          lb.RequestCount(sum),
		requestsPerTarget: tg.RequestCountPerTarget(sum),
		target4xx:         tg.HttpCodeTarget(elb.HttpCodeTarget_TARGET_4XX_COUNT, sum),
		target5xx:         tg.HttpCodeTarget(elb.HttpCodeTarget_TARGET_5XX_COUNT, sum),
		elb5xx:            lb.HttpCodeElb(elb.HttpCodeElb_ELB_5XX_COUNT, sum),
		latencyP50:        tg.TargetResponseTime(&cw.MetricOptions{Statistic: jsii.String("p50"), Period: minute}),
		latencyP99:        tg.TargetResponseTime(&cw.MetricOptions{Statistic: jsii.String("p99"), Period: minute}),
		healthy:           tg.HealthyHostCount(&cw.MetricOptions{Statistic: jsii.String("Minimum"), Period: minute}),
		unhealthy:         tg.UnhealthyHostCount(&cw.MetricOptions{Statistic: jsii.String("Maximum"), Period: minute}),
		runningTasks:      insights("RunningTaskCount", "Average", service),
		desiredTasks:      insights("DesiredTaskCount", "Average", service),
		cpu:               s.Service.MetricCpuUtilization(&cw.MetricOptions{Period: minute}),
		memory:            s.Service.MetricMemoryUtilization(&cw.MetricOptions{Period: minute}),
		cpuReserved:       reservation("CPUReservation"),
		memoryReserved:    reservation("MemoryReservation"),
		instances:         insights("ContainerInstanceCount", "Average", map[string]*string{"ClusterName": cluster}),
	}
}

// newAlarms creates the alarms, notifying a topic: AlarmTopic, or a new one
// that AlarmEmail, if given, subscribes to.
func (s *AlbFrontedService) newAlarms(p *AlbFrontedServiceProps, m serviceMetrics) {
	s.AlarmTopic = p.AlarmTopic
	if s.AlarmTopic == nil {
		topic := awssns.NewTopic(s, jsii.String("AlarmTopic"), &awssns.TopicProps{EnforceSSL: jsii.Bool(true)})
		// The topic policy that EnforceSSL writes replaces SNS's default one,
		// so CloudWatch needs its own grant to publish this account's alarms.
		topic.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:    jsii.Strings("sns:Publish"),
			Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("cloudwatch.amazonaws.com"), nil)},
			Resources:  jsii.Strings(*topic.TopicArn()),
			Conditions: &map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": awscdk.Aws_ACCOUNT_ID()}},
		}))
		suppress(topic, "AwsSolutions-SNS2", "alarm notifications carry no data worth encrypting, and CloudWatch alarms cannot publish to a topic under the AWS-managed SNS key; bring a topic with your own key as AlarmTopic")
		s.AlarmTopic = topic
	}
	if p.AlarmEmail != nil {
		s.AlarmTopic.AddSubscription(awssnssubscriptions.NewEmailSubscription(p.AlarmEmail, nil))
	}
	notify := awscloudwatchactions.NewSnsAction(s.AlarmTopic)
	alarm := func(id, description string, metric cw.IMetric, threshold, periods, datapoints float64) cw.Alarm {
		a := cw.NewAlarm(s, jsii.String(id), &cw.AlarmProps{
			Metric:             metric,
			Threshold:          jsii.Number(threshold),
			EvaluationPeriods:  jsii.Number(periods),
			DatapointsToAlarm:  jsii.Number(datapoints),
			ComparisonOperator: cw.ComparisonOperator_GREATER_THAN_THRESHOLD,
			TreatMissingData:   cw.TreatMissingData_NOT_BREACHING,
			AlarmDescription:   jsii.String(description),
		})
		a.AddAlarmAction(notify)
		a.AddOkAction(notify)
		return a
	}

	s.ServerErrorAlarm = alarm("ServerErrorAlarm",
		fmt.Sprintf("More than %v%% of the requests failed with a 5xx (from the tasks or the load balancer) in 3 of the last 5 minutes", *p.Alarm5xxPercent),
		cw.NewMathExpression(&cw.MathExpressionProps{
			Label:      jsii.String("5xx % of requests"),
			Expression: jsii.String("IF(FILL(requests, 0) > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)"),
			UsingMetrics: &map[string]cw.IMetric{
				"requests": m.requests, "target5xx": m.target5xx, "elb5xx": m.elb5xx,
			},
			Period: minute,
		}), *p.Alarm5xxPercent, 5, 3)
	s.UnhealthyHostsAlarm = alarm("UnhealthyHostsAlarm",
		"A task failed the load balancer's health check for 3 minutes in a row",
		m.unhealthy, 0, 3, 3)
	s.LatencyAlarm = alarm("LatencyAlarm",
		fmt.Sprintf("The 99th percentile of the tasks' response time stayed above %v s for 5 minutes", *p.AlarmP99Latency.ToSeconds(nil)),
		m.latencyP99, *p.AlarmP99Latency.ToSeconds(nil), 5, 5)
	// A deploy or a scale-out that needs a new instance leaves tasks pending
	// for a few minutes; ten minutes means they cannot be placed.
	s.TasksBelowDesiredAlarm = alarm("TasksBelowDesiredAlarm",
		"Fewer tasks ran than desired for 10 minutes: tasks cannot be placed (instance capacity, memory) or keep failing",
		cw.NewMathExpression(&cw.MathExpressionProps{
			Label:        jsii.String("desired - running tasks"),
			Expression:   jsii.String("desired - running"),
			UsingMetrics: &map[string]cw.IMetric{"desired": m.desiredTasks, "running": m.runningTasks},
			Period:       minute,
		}), 0, 10, 10)
}

// newDashboard shows the service from the requests down to the instances.
func (s *AlbFrontedService) newDashboard(m serviceMetrics) {
	graph := func(title string, left []cw.IMetric, right ...cw.IMetric) cw.IWidget {
		return cw.NewGraphWidget(&cw.GraphWidgetProps{
			Title: jsii.String(title), Left: &left, Right: &right, Width: jsii.Number(8), Height: jsii.Number(6),
		})
	}
	alarms := []interfacesawscloudwatch.IAlarmRef{s.ServerErrorAlarm, s.UnhealthyHostsAlarm, s.LatencyAlarm, s.TasksBelowDesiredAlarm}
	s.Dashboard = cw.NewDashboard(s, jsii.String("Dashboard"), &cw.DashboardProps{
		DefaultInterval: awscdk.Duration_Hours(jsii.Number(3)),
		Widgets: &[]*[]cw.IWidget{
			{
				graph("Requests (left) and requests per task (right)", []cw.IMetric{m.requests}, m.requestsPerTarget),
				graph("Target response time p50 and p99 (s)", []cw.IMetric{m.latencyP50, m.latencyP99}),
				graph("Responses 4xx and 5xx", []cw.IMetric{m.target4xx, m.target5xx, m.elb5xx}),
			},
			{
				graph("Healthy and unhealthy targets", []cw.IMetric{m.healthy, m.unhealthy}),
				graph("Running and desired tasks", []cw.IMetric{m.runningTasks, m.desiredTasks}),
				graph("Service CPU and memory utilization (%)", []cw.IMetric{m.cpu, m.memory}),
			},
			{
				graph("Cluster CPU and memory reservation (%)", []cw.IMetric{m.cpuReserved, m.memoryReserved}),
				graph("Container instances in service", []cw.IMetric{m.instances}),
				cw.NewAlarmStatusWidget(&cw.AlarmStatusWidgetProps{Title: jsii.String("Alarms"), Alarms: &alarms, Width: jsii.Number(8), Height: jsii.Number(6)}),
			},
		},
	})
}
