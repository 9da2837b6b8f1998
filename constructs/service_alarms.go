package ecsec2

import (
	"fmt"
	"strings"

	cw "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	elb "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/jsii-runtime-go"
)

// targetMetrics are the metrics of the service's own target groups, which
// its alarms and dashboard rows read: on a shared load balancer, the load
// balancer's metrics would mix in the other services. A service released by
// traffic shifting reads both of its groups, so that an alarm that rolls a
// release back sees the new revision's errors and latency wherever ECS
// put it: counts summed (CloudWatch's arithmetic treats a missing value as
// 0, "Metric math syntax and functions"), percentiles and the unhealthy
// count as the worse of the two.
type targetMetrics struct {
	requests, requestsPerTarget, target4xx, target5xx cw.IMetric
	latencyP50, latencyP99, healthy, unhealthy        cw.IMetric
	// serverErrorShare is the share of the requests (%) the tasks answered
	// with a 5xx; with two groups, that of the worse group, so that a
	// canary's errors are not diluted by the traffic the old revision
	// still serves: all of a 5 % canary's requests failing is 5 % of the
	// whole, at the default threshold.
	serverErrorShare cw.IMetric
}

func (s *AlbFrontedService) targetMetrics() targetMetrics {
	sum := &cw.MetricOptions{Statistic: jsii.String("Sum"), Period: minute()}
	of := func(tg elb.ApplicationTargetGroup, suffix string) targetMetrics {
		m := tg.Metrics()
		t := targetMetrics{
			requests:          m.RequestCount(sum),
			requestsPerTarget: m.RequestCountPerTarget(sum),
			target4xx:         m.HttpCodeTarget(elb.HttpCodeTarget_TARGET_4XX_COUNT, sum),
			target5xx:         m.HttpCodeTarget(elb.HttpCodeTarget_TARGET_5XX_COUNT, sum),
			latencyP50:        m.TargetResponseTime(&cw.MetricOptions{Statistic: jsii.String("p50"), Period: minute()}),
			latencyP99:        m.TargetResponseTime(&cw.MetricOptions{Statistic: jsii.String("p99"), Period: minute()}),
			healthy:           m.HealthyHostCount(&cw.MetricOptions{Statistic: jsii.String("Minimum"), Period: minute()}),
			unhealthy:         m.UnhealthyHostCount(&cw.MetricOptions{Statistic: jsii.String("Maximum"), Period: minute()}),
		}
		requests, errors := "requests"+suffix, "target5xx"+suffix
		t.serverErrorShare = cw.NewMathExpression(&cw.MathExpressionProps{
			Label:        jsii.String("task 5xx % of requests"),
			Expression:   jsii.String(strings.NewReplacer("requests", requests, "target5xx", errors).Replace(serverErrorExpression)),
			UsingMetrics: &map[string]cw.IMetric{requests: t.requests, errors: t.target5xx},
			Period:       minute(),
		})
		return t
	}
	primary := of(s.TargetGroup, "")
	if s.AlternateTargetGroup == nil {
		return primary
	}
	primary, alternate := of(s.TargetGroup, "Primary"), of(s.AlternateTargetGroup, "Alternate")
	both := func(id, expression, label string, a, b cw.IMetric) cw.IMetric {
		return cw.NewMathExpression(&cw.MathExpressionProps{
			Label:        &label,
			Expression:   jsii.String(strings.NewReplacer("$a", id+"Primary", "$b", id+"Alternate").Replace(expression)),
			UsingMetrics: &map[string]cw.IMetric{id + "Primary": a, id + "Alternate": b},
			Period:       minute(),
		})
	}
	total := func(id, label string, a, b cw.IMetric) cw.IMetric { return both(id, "$a + $b", label, a, b) }
	worse := func(id, label string, a, b cw.IMetric) cw.IMetric { return both(id, "MAX([$a, $b])", label, a, b) }
	return targetMetrics{
		requests:          total("requests", "RequestCount, both target groups", primary.requests, alternate.requests),
		requestsPerTarget: total("perTarget", "RequestCountPerTarget, both target groups", primary.requestsPerTarget, alternate.requestsPerTarget),
		target4xx:         total("target4xx", "target 4xx, both target groups", primary.target4xx, alternate.target4xx),
		target5xx:         total("target5xx", "target 5xx, both target groups", primary.target5xx, alternate.target5xx),
		latencyP50:        worse("p50", "p50, the slower target group", primary.latencyP50, alternate.latencyP50),
		latencyP99:        worse("p99", "p99, the slower target group", primary.latencyP99, alternate.latencyP99),
		healthy:           total("healthy", "healthy targets, both target groups", primary.healthy, alternate.healthy),
		unhealthy:         worse("unhealthy", "unhealthy targets, the worse target group", primary.unhealthy, alternate.unhealthy),
		serverErrorShare:  worse("share", "task 5xx % of requests, the worse target group", primary.serverErrorShare, alternate.serverErrorShare),
	}
}

// newTargetAlarms creates the alarms on the target group: errors and
// latency, which also roll a deploy back, and unhealthy targets.
func (s *AlbFrontedService) newTargetAlarms(p *AlbFrontedServiceProps, m targetMetrics) {
	s.ServerErrorAlarm = newAlarm(s, "ServerErrorAlarm", s.AlarmTopic, alarmSpec{
		description: fmt.Sprintf("More than %v%% of the service's requests were answered with a 5xx by its tasks in 3 of the last 5 minutes", *p.Alarm5xxPercent),
		metric:      m.serverErrorShare,
		threshold:   *p.Alarm5xxPercent, periods: serverErrorPeriods, datapoints: serverErrorDatapoints,
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
	serverErrorPeriods    = 5
	serverErrorDatapoints = 3
	latencyPeriods        = 5
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
