package ecsec2

import (
	"fmt"

	cw "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	elb "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/jsii-runtime-go"
)

// targetMetrics are the metrics of the service's own target group, which
// its alarms and dashboard rows read: on a shared load balancer, the load
// balancer's metrics would mix in the other services.
type targetMetrics struct {
	requests, requestsPerTarget, target4xx, target5xx cw.IMetric
	latencyP50, latencyP99, healthy, unhealthy        cw.IMetric
}

func (s *AlbFrontedService) targetMetrics() targetMetrics {
	sum := &cw.MetricOptions{Statistic: jsii.String("Sum"), Period: minute()}
	tg := s.TargetGroup.Metrics()
	return targetMetrics{
		requests:          tg.RequestCount(sum),
		requestsPerTarget: tg.RequestCountPerTarget(sum),
		target4xx:         tg.HttpCodeTarget(elb.HttpCodeTarget_TARGET_4XX_COUNT, sum),
		target5xx:         tg.HttpCodeTarget(elb.HttpCodeTarget_TARGET_5XX_COUNT, sum),
		latencyP50:        tg.TargetResponseTime(&cw.MetricOptions{Statistic: jsii.String("p50"), Period: minute()}),
		latencyP99:        tg.TargetResponseTime(&cw.MetricOptions{Statistic: jsii.String("p99"), Period: minute()}),
		healthy:           tg.HealthyHostCount(&cw.MetricOptions{Statistic: jsii.String("Minimum"), Period: minute()}),
		unhealthy:         tg.UnhealthyHostCount(&cw.MetricOptions{Statistic: jsii.String("Maximum"), Period: minute()}),
	}
}

// newTargetAlarms creates the alarms on the target group: errors and
// latency, which also roll a deploy back, and unhealthy targets.
func (s *AlbFrontedService) newTargetAlarms(p *AlbFrontedServiceProps, m targetMetrics) {
	s.ServerErrorAlarm = newAlarm(s, "ServerErrorAlarm", s.AlarmTopic, alarmSpec{
		description: fmt.Sprintf("More than %v%% of the service's requests were answered with a 5xx by its tasks in 3 of the last 5 minutes", *p.Alarm5xxPercent),
		metric: cw.NewMathExpression(&cw.MathExpressionProps{
			Label:        jsii.String("task 5xx % of requests"),
			Expression:   jsii.String(serverErrorExpression),
			UsingMetrics: &map[string]cw.IMetric{"requests": m.requests, "target5xx": m.target5xx},
			Period:       minute(),
		}),
		threshold: *p.Alarm5xxPercent, periods: serverErrorPeriods, datapoints: 3,
	})
	s.UnhealthyHostsAlarm = newAlarm(s, "UnhealthyHostsAlarm", s.AlarmTopic, alarmSpec{
		description: "A task failed the load balancer's health check for 3 minutes in a row",
		metric:      m.unhealthy, threshold: 0, periods: 3, datapoints: 3,
	})
	latency, _ := secondsOf(p.AlarmP99Latency)
	s.LatencyAlarm = newAlarm(s, "LatencyAlarm", s.AlarmTopic, alarmSpec{
		description: fmt.Sprintf("The 99th percentile of the tasks' response time stayed above %v s for 5 minutes", latency),
		metric:      m.latencyP99, threshold: latency, periods: latencyPeriods, datapoints: latencyPeriods,
	})
}

// The evaluation periods (minutes) of the alarms that roll a deploy back,
// which ECS's bake time after a deploy follows.
const (
	serverErrorPeriods = 5
	latencyPeriods     = 5
)

// serverErrorExpression is the share of the target group's requests that
// its targets answered with a 5xx.
const serverErrorExpression = "IF(FILL(requests, 0) > 0, 100 * FILL(target5xx, 0) / requests, 0)"

// newTasksBelowDesiredAlarm watches the task counts Container Insights
// publishes. A deploy or a scale-out that needs a new instance leaves tasks
// pending for a few minutes; ten minutes means they cannot be placed.
func (s *AlbFrontedService) newTasksBelowDesiredAlarm(cluster awsecs.ICluster) cw.Alarm {
	return newAlarm(s, "TasksBelowDesiredAlarm", s.AlarmTopic, alarmSpec{
		description: "Fewer tasks ran than desired for 10 minutes: tasks cannot be placed (instance capacity, memory) or keep failing",
		metric: cw.NewMathExpression(&cw.MathExpressionProps{
			Label:      jsii.String("desired - running tasks"),
			Expression: jsii.String("desired - running"),
			UsingMetrics: &map[string]cw.IMetric{
				"desired": s.taskCount(cluster, "DesiredTaskCount"),
				"running": s.taskCount(cluster, "RunningTaskCount"),
			},
			Period: minute(),
		}),
		threshold: 0, periods: 10, datapoints: 10,
	})
}

// taskCount is a task count of the service that Container Insights
// publishes.
func (s *AlbFrontedService) taskCount(cluster awsecs.ICluster, name string) cw.IMetric {
	return cw.NewMetric(&cw.MetricProps{
		Namespace: jsii.String("ECS/ContainerInsights"), MetricName: &name,
		DimensionsMap: &map[string]*string{"ClusterName": cluster.ClusterName(), "ServiceName": s.Service.ServiceName()},
		Statistic:     jsii.String("Average"), Period: minute(),
	})
}

// addDashboardRows shows the service, from its requests to its tasks, on
// the cluster's dashboard, or on a dashboard of its own.
func (s *AlbFrontedService) addDashboardRows(cluster ServiceCluster, m targetMetrics) {
	cpu := s.Service.MetricCpuUtilization(&cw.MetricOptions{Period: minute()})
	memory := s.Service.MetricMemoryUtilization(&cw.MetricOptions{Period: minute()})
	alarms := []interfacesawscloudwatch.IAlarmRef{s.ServerErrorAlarm, s.LatencyAlarm, s.UnhealthyHostsAlarm, s.TasksBelowDesiredAlarm}
	if s.ownsAlb {
		alarms = append(alarms, s.Alb.ServerErrorAlarm)
	}
	rows := [][]cw.IWidget{
		{heading(fmt.Sprintf("### Service %s", *s.Node().Path()))},
		{
			graph("Requests (left) and requests per task (right)", []cw.IMetric{m.requests}, m.requestsPerTarget),
			graph("Target response time p50 and p99 (s)", []cw.IMetric{m.latencyP50, m.latencyP99}),
			graph("Task responses 4xx and 5xx", []cw.IMetric{m.target4xx, m.target5xx}),
		},
		{
			graph("Healthy and unhealthy targets", []cw.IMetric{m.healthy, m.unhealthy}),
			graph("Running and desired tasks", []cw.IMetric{s.taskCount(cluster.EcsCluster(), "RunningTaskCount"), s.taskCount(cluster.EcsCluster(), "DesiredTaskCount")}),
			graph("Service CPU and memory utilization (%)", []cw.IMetric{cpu, memory}),
		},
		{alarmStatus("Alarms", alarms...)},
	}
	if s.Dashboard = cluster.ServiceDashboard(); s.Dashboard != nil {
		addRows(s.Dashboard, rows)
		return
	}
	s.Dashboard = newDashboard(s, rows)
}
