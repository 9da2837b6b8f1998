package ecsec2

import (
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	cw "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// minute is the period of every metric here: the load balancer and ECS
// publish one-minute datapoints. It is made on first use, not when the
// package loads, so that importing the package does not start jsii.
var minute = sync.OnceValue(func() awscdk.Duration { return awscdk.Duration_Minutes(jsii.Number(1)) })

// fiveMinutes is the period of EC2's CPU credit metrics.
var fiveMinutes = sync.OnceValue(func() awscdk.Duration { return awscdk.Duration_Minutes(jsii.Number(5)) })

// newAlarmTopic is a topic for alarms that CloudWatch may publish to.
func newAlarmTopic(scope constructs.Construct, key awskms.IKey) awssns.Topic {
	topic := awssns.NewTopic(scope, jsii.String("AlarmTopic"), &awssns.TopicProps{EnforceSSL: jsii.Bool(true), MasterKey: key})
	letAlarmsPublish(topic)
	if key == nil {
		suppress(topic, "AwsSolutions-SNS2", "alarm notifications carry no data worth encrypting, and CloudWatch alarms cannot publish to a topic under the AWS-managed SNS key; "+
			"set EncryptionKey (or Hardened) for a customer-managed key")
	}
	return topic
}

// letAlarmsPublish lets CloudWatch publish this account's alarms to topic.
// A topic policy, such as the one EnforceSSL writes, replaces SNS's default
// one, after which nothing else lets CloudWatch publish: the alarms would
// change state and notify no one. A topic of this stack gets the grant; an
// imported one's policy is its owner's to set.
func letAlarmsPublish(topic awssns.ITopic) {
	topic.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("CloudWatchAlarmsPublish"),
		Actions:    jsii.Strings("sns:Publish"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("cloudwatch.amazonaws.com"), nil)},
		Resources:  jsii.Strings(*topic.TopicArn()),
		Conditions: &map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": awscdk.Aws_ACCOUNT_ID()}},
	}))
}

// alarmSpec is an alarm above a threshold: datapoints of the last periods
// one-minute periods above it raise it; missing data is not breaching.
type alarmSpec struct {
	description         string
	metric              cw.IMetric
	threshold           float64
	periods, datapoints float64
}

// newAlarm creates the alarm, notifying topic, if any, when it raises and
// clears.
func newAlarm(scope constructs.Construct, id string, topic awssns.ITopic, spec alarmSpec) cw.Alarm {
	alarm := cw.NewAlarm(scope, &id, &cw.AlarmProps{
		Metric:             spec.metric,
		Threshold:          &spec.threshold,
		EvaluationPeriods:  &spec.periods,
		DatapointsToAlarm:  &spec.datapoints,
		ComparisonOperator: cw.ComparisonOperator_GREATER_THAN_THRESHOLD,
		TreatMissingData:   cw.TreatMissingData_NOT_BREACHING,
		AlarmDescription:   &spec.description,
	})
	if topic != nil {
		notify := awscloudwatchactions.NewSnsAction(topic)
		alarm.AddAlarmAction(notify)
		alarm.AddOkAction(notify)
	}
	return alarm
}

// graph is a dashboard graph a third of the dashboard wide.
func graph(title string, left []cw.IMetric, right ...cw.IMetric) cw.IWidget {
	return cw.NewGraphWidget(&cw.GraphWidgetProps{
		Title: jsii.String(title), Left: &left, Right: &right, Width: jsii.Number(8), Height: jsii.Number(6),
	})
}

// heading is a dashboard row naming what the rows below it show.
func heading(markdown string) cw.IWidget {
	return cw.NewTextWidget(&cw.TextWidgetProps{Markdown: &markdown, Width: jsii.Number(24), Height: jsii.Number(1)})
}

// alarmStatus shows the state of alarms.
func alarmStatus(title string, alarms ...interfacesawscloudwatch.IAlarmRef) cw.IWidget {
	return cw.NewAlarmStatusWidget(&cw.AlarmStatusWidgetProps{Title: &title, Alarms: &alarms, Width: jsii.Number(24), Height: jsii.Number(3)})
}

// newDashboard is a dashboard of rows, the newest three hours by default.
func newDashboard(scope constructs.Construct, rows [][]cw.IWidget) cw.Dashboard {
	widgets := make([]*[]cw.IWidget, len(rows))
	for i := range rows {
		widgets[i] = &rows[i]
	}
	return cw.NewDashboard(scope, jsii.String("Dashboard"), &cw.DashboardProps{
		DefaultInterval: awscdk.Duration_Hours(jsii.Number(3)),
		Widgets:         &widgets,
	})
}

// addRows appends rows to a dashboard.
func addRows(dashboard cw.Dashboard, rows [][]cw.IWidget) {
	for _, row := range rows {
		dashboard.AddWidgets(row...)
	}
}
