package stack

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

// Instances follow the tasks: managed scaling with a target capacity and a
// warm-up, no desired capacity, scale-in through managed draining.
func TestManagedScalingSizesTheInstancesForTheTasks(t *testing.T) {
	st := defaultStack(t)
	st.HasProps(t, "AWS::ECS::CapacityProvider", obj{"AutoScalingGroupProvider": like(obj{
		"ManagedScaling": obj{"Status": "ENABLED", "TargetCapacity": 100, "InstanceWarmupPeriod": 180},
	})})
	st.HasProps(t, "AWS::AutoScaling::AutoScalingGroup", obj{"DesiredCapacity": assertions.Match_Absent()})
}

// One target tracking policy scales the tasks both ways on the requests
// per task, ALBRequestCountPerTarget, which the load balancer reports as 0
// in a minute without requests: no second policy, no alarm of ours for the
// idle case, no metric math whose series could arrive apart. A service
// released by canary sums the metric of its two target groups instead.
func TestTaskScalingFollowsRequestsBothWaysWithOnePolicy(t *testing.T) {
	for _, st := range allVariants(t) {
		st.CountIs(t, "AWS::ApplicationAutoScaling::ScalingPolicy", 1)
		metric := obj{
			"CustomizedMetricSpecification": assertions.Match_Absent(),
			"PredefinedMetricSpecification": like(obj{"PredefinedMetricType": "ALBRequestCountPerTarget"}),
		}
		if st.Name == canaryName {
			metric = obj{
				"PredefinedMetricSpecification": assertions.Match_Absent(),
				"CustomizedMetricSpecification": like(obj{"Metrics": arrayWith(like(obj{"Id": "requestsPerTask", "Expression": "primary + alternate", "ReturnData": true}))}),
			}
		}
		st.HasProps(t, "AWS::ApplicationAutoScaling::ScalingPolicy", obj{
			"PolicyType": "TargetTrackingScaling",
			"TargetTrackingScalingPolicyConfiguration": like(obj{
				"ScaleOutCooldown": 60,
				"ScaleInCooldown":  120,
				"DisableScaleIn":   assertions.Match_Absent(),
			}),
		})
		st.HasProps(t, "AWS::ApplicationAutoScaling::ScalingPolicy", obj{"TargetTrackingScalingPolicyConfiguration": like(metric)})
		for _, alarm := range st.Of("AWS::CloudWatch::Alarm") {
			if p := props(alarm); p["ComparisonOperator"] != "GreaterThanThreshold" || p["TreatMissingData"] != "notBreaching" {
				t.Errorf("%s: alarm %s reads missing data or low values, which only notifying alarms above a threshold should: %v", st.Name, cdktest.Path(alarm), p)
			}
		}
	}
	// The metric is the service's own target group's, on its load balancer.
	_, policy := defaultStack(t).OnlyWithID(t, "AWS::ApplicationAutoScaling::ScalingPolicy")
	targetGroup, _ := defaultStack(t).OnlyWithID(t, "AWS::ElasticLoadBalancingV2::TargetGroup")
	loadBalancer, _ := defaultStack(t).OnlyWithID(t, "AWS::ElasticLoadBalancingV2::LoadBalancer")
	label := fmt.Sprint(props(policy)["TargetTrackingScalingPolicyConfiguration"].(map[string]any)["PredefinedMetricSpecification"].(map[string]any)["ResourceLabel"])
	if !strings.Contains(label, targetGroup+" TargetGroupFullName") || !strings.Contains(label, loadBalancer+" LoadBalancerFullName") {
		t.Errorf("ResourceLabel: want the load balancer's and target group's full names, got %s", label)
	}
}

// The container stops after the app has drained: the stop timeout is the
// app's drain deadline plus a margin, both set from one value.
func TestStopTimeoutOutlastsTheAppsDrainDeadline(t *testing.T) {
	container := props(defaultStack(t).Only(t, "AWS::ECS::TaskDefinition"))["ContainerDefinitions"].([]any)[0].(map[string]any)
	var drain string
	for _, e := range container["Environment"].([]any) {
		if v := e.(map[string]any); v["Name"] == "DRAIN_TIMEOUT" {
			drain = v["Value"].(string)
		}
	}
	if want := DrainTimeout.String(); drain != want {
		t.Fatalf("DRAIN_TIMEOUT: want %s, got %q", want, drain)
	}
	if stop := container["StopTimeout"].(float64); stop <= DrainTimeout.Seconds() {
		t.Errorf("StopTimeout %vs must outlast DRAIN_TIMEOUT %s", stop, drain)
	}
}

// dashboardBody is the dashboard's JSON with the tokens' literal parts.
func dashboardBody(t *testing.T, st *cdktest.Synthesized) string {
	t.Helper()
	var b strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			b.WriteString(x)
		case []any:
			for _, item := range x {
				walk(item)
			}
		case map[string]any:
			for _, item := range x {
				walk(item)
			}
		}
	}
	walk(props(st.Only(t, "AWS::CloudWatch::Dashboard"))["DashboardBody"])
	return b.String()
}

// One dashboard, the cluster's: its capacity, then the service's rows.
func TestDashboardShowsTheServiceFromRequestsToInstances(t *testing.T) {
	st := defaultStack(t)
	_, dashboard := st.OnlyWithID(t, "AWS::CloudWatch::Dashboard")
	if path := cdktest.Path(dashboard); !strings.HasPrefix(path, "HostNameService/Cluster/") {
		t.Errorf("the dashboard belongs to the cluster, got %s", path)
	}
	body := dashboardBody(t, st)
	for _, metric := range []string{
		`"AWS/ApplicationELB","RequestCount"`, `"TargetGroup"`,
		`"AWS/ApplicationELB","RequestCountPerTarget"`,
		`"TargetResponseTime"`, `"stat":"p50"`, `"stat":"p99"`,
		`"HTTPCode_Target_4XX_Count"`, `"HTTPCode_Target_5XX_Count"`,
		`"AWS/ECS/ManagedScaling","CapacityProviderReservation"`,
		`"HealthyHostCount"`, `"UnHealthyHostCount"`,
		`"ECS/ContainerInsights","RunningTaskCount"`, `"ECS/ContainerInsights","DesiredTaskCount"`,
		`"AWS/ECS","CPUUtilization"`, `"AWS/ECS","MemoryUtilization"`,
		`"AWS/ECS","CPUReservation"`, `"AWS/ECS","MemoryReservation"`,
		`"ECS/ContainerInsights","ContainerInstanceCount"`,
		`"type":"alarm"`,
	} {
		if !strings.Contains(body, metric) {
			t.Errorf("dashboard lacks %s", metric)
		}
	}
}

// alarmsByMetric indexes the alarms by their metric name, or by the
// expression of a metric-math alarm.
func alarmsByMetric(st *cdktest.Synthesized) map[string]map[string]any {
	found := map[string]map[string]any{}
	for _, alarm := range st.Of("AWS::CloudWatch::Alarm") {
		p := props(alarm)
		if name, ok := p["MetricName"].(string); ok {
			found[name] = p
			continue
		}
		for _, m := range p["Metrics"].([]any) {
			if e, ok := m.(map[string]any)["Expression"].(string); ok {
				found[e] = p
			}
		}
	}
	return found
}

func TestAlarmsWatchErrorsHealthLatencyAndPlacementAndNotify(t *testing.T) {
	st := defaultStack(t)
	topic, _ := st.OnlyWithID(t, "AWS::SNS::Topic")
	st.CountIs(t, "AWS::CloudWatch::Alarm", 6)
	alarms := alarmsByMetric(st)
	for key, want := range map[string][3]float64{ // threshold, periods, datapoints
		// The service's own requests, from its target group.
		"IF(FILL(requests, 0) > 0, 100 * FILL(target5xx, 0) / requests, 0)": {5, 5, 3},
		// The load balancer's own 5xx, over every request it took.
		"IF(FILL(requests, 0) + FILL(elb5xx, 0) > 0, 100 * FILL(elb5xx, 0) / (FILL(requests, 0) + FILL(elb5xx, 0)), 0)": {5, 5, 3},
		"UnHealthyHostCount": {0, 3, 3},
		"TargetResponseTime": {1, 5, 5},
		"desired - running":  {0, 10, 10},
		// Surplus CPU credits billed to the unlimited t3.micro instances.
		"group0": {0, 1, 1},
	} {
		alarm, ok := alarms[key]
		if !ok {
			t.Errorf("no alarm on %s; alarms: %v", key, alarms)
			continue
		}
		got := [3]float64{alarm["Threshold"].(float64), alarm["EvaluationPeriods"].(float64), alarm["DatapointsToAlarm"].(float64)}
		if got != want || alarm["ComparisonOperator"] != "GreaterThanThreshold" || alarm["TreatMissingData"] != "notBreaching" {
			t.Errorf("alarm on %s: want threshold, periods, datapoints %v above the threshold, got %v %v", key, want, got, alarm["ComparisonOperator"])
		}
		for _, actions := range []string{"AlarmActions", "OKActions"} {
			if list, _ := alarm[actions].([]any); len(list) != 1 || ref(list[0]) != topic {
				t.Errorf("alarm on %s: %s must notify the topic, got %v", key, actions, alarm[actions])
			}
		}
	}
	if alarm := alarms["TargetResponseTime"]; alarm != nil && alarm["ExtendedStatistic"] != "p99" {
		t.Errorf("latency alarm: want p99, got %v", alarm["ExtendedStatistic"])
	}
	st.CountIs(t, "AWS::SNS::Subscription", 0)
	// The topic policy replaces the default one: CloudWatch needs a grant.
	st.HasProps(t, "AWS::SNS::TopicPolicy", obj{"PolicyDocument": like(obj{"Statement": arrayWith(like(obj{
		"Effect":    "Allow",
		"Action":    "sns:Publish",
		"Principal": obj{"Service": "cloudwatch.amazonaws.com"},
		"Condition": obj{"StringEquals": obj{"aws:SourceAccount": obj{"Ref": "AWS::AccountId"}}},
	}))})})
}

// Unlimited credits are billed only when the instances' CPU averages above
// the baseline over a day; the alarm says so the hour it starts, for the
// on-demand and the Spot groups, and shows on the cluster's dashboard.
func TestSurplusCpuCreditsChargedRaiseAnAlarm(t *testing.T) {
	for _, tc := range []struct {
		st     *cdktest.Synthesized
		groups int
	}{{defaultStack(t), 1}, {gravitonSpotStack(t), 2}} {
		_, alarm := tc.st.OnlyWhere(t, "AWS::CloudWatch::Alarm", func(p map[string]any) bool {
			return strings.Contains(fmt.Sprint(p["Metrics"]), "CPUSurplusCreditsCharged")
		})
		metrics := props(alarm)["Metrics"].([]any)
		groups := map[string]bool{}
		for _, m := range metrics {
			if stat, ok := m.(map[string]any)["MetricStat"].(map[string]any); ok {
				groups[fmt.Sprint(stat["Metric"].(map[string]any)["Dimensions"])] = true
				if stat["Period"] != 300.0 || stat["Stat"] != "Sum" {
					t.Errorf("%s: want the 5-minute sums EC2 publishes, got %v", tc.st.Name, stat)
				}
			}
		}
		if len(groups) != tc.groups || len(tc.st.Of("AWS::AutoScaling::AutoScalingGroup")) != tc.groups {
			t.Errorf("%s: want the alarm to read each of the %d groups, got %v", tc.st.Name, tc.groups, groups)
		}
		if !strings.Contains(dashboardBody(t, tc.st), "Cluster alarms") {
			t.Errorf("%s: the dashboard lacks the cluster's alarm", tc.st.Name)
		}
	}
}

func TestAlarmEmailSubscribesToTheTopic(t *testing.T) {
	st := gravitonSpotStack(t)
	topic, _ := st.OnlyWithID(t, "AWS::SNS::Topic")
	st.HasProps(t, "AWS::SNS::Subscription", obj{"Protocol": "email", "Endpoint": "ops@example.com", "TopicArn": obj{"Ref": topic}})
}

// Graviton: the arm64 AMI, an arm64 task definition and an image built for
// linux/arm64.
func TestGravitonBuildsAnArm64ImageForArm64Instances(t *testing.T) {
	st := gravitonSpotStack(t)
	st.HasProps(t, "AWS::EC2::LaunchTemplate", obj{"LaunchTemplateData": like(obj{
		"ImageId": "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
	})})
	st.HasProps(t, "AWS::ECS::TaskDefinition", obj{"RuntimePlatform": obj{"CpuArchitecture": "ARM64", "OperatingSystemFamily": "LINUX"}})
	raw, err := os.ReadFile(filepath.Join(st.Assembly, st.Name+".assets.json"))
	if err != nil {
		t.Fatal(err)
	}
	var assets struct {
		DockerImages map[string]struct {
			Source struct {
				Platform string `json:"platform"`
			} `json:"source"`
		} `json:"dockerImages"`
	}
	if err := json.Unmarshal(raw, &assets); err != nil {
		t.Fatal(err)
	}
	if len(assets.DockerImages) != 1 {
		t.Fatalf("want one image asset, got %d", len(assets.DockerImages))
	}
	for _, image := range assets.DockerImages {
		if image.Source.Platform != "linux/arm64" {
			t.Errorf("image platform: want linux/arm64, got %q", image.Source.Platform)
		}
	}
}

// Spot: a second group of Spot instances of several types, its own capacity
// provider, and a strategy that keeps a base of tasks on-demand.
func TestSpotAddsAWeightedCapacityProviderWithAnOnDemandBase(t *testing.T) {
	st := gravitonSpotStack(t)
	st.CountIs(t, "AWS::AutoScaling::AutoScalingGroup", 2)
	st.CountIs(t, "AWS::ECS::CapacityProvider", 2)
	st.HasProps(t, "AWS::AutoScaling::AutoScalingGroup", obj{
		"MinSize":           "0",
		"MaxSize":           "5",
		"CapacityRebalance": true,
		"MixedInstancesPolicy": like(obj{
			"InstancesDistribution": obj{"OnDemandBaseCapacity": 0, "OnDemandPercentageAboveBaseCapacity": 0, "SpotAllocationStrategy": "price-capacity-optimized"},
			"LaunchTemplate":        like(obj{"Overrides": []any{obj{"InstanceType": "t4g.small"}, obj{"InstanceType": "t4g.medium"}}}),
		}),
	})
	var onDemand, spot string
	for id, provider := range st.Of("AWS::ECS::CapacityProvider") {
		group := st.Of("AWS::AutoScaling::AutoScalingGroup")[ref(props(provider)["AutoScalingGroupProvider"].(map[string]any)["AutoScalingGroupArn"])]
		if props(group)["MixedInstancesPolicy"] != nil {
			spot = id
		} else {
			onDemand = id
		}
		if !strings.Contains(fmt.Sprint(cdktest.DependsOn(group)), "ClusterC2E21B66") {
			t.Errorf("group of %s must depend on the cluster to delete cleanly", id)
		}
	}
	st.HasProps(t, "AWS::ECS::Service", obj{"CapacityProviderStrategy": []any{
		obj{"CapacityProvider": obj{"Ref": onDemand}, "Base": 1, "Weight": 1},
		obj{"CapacityProvider": obj{"Ref": spot}, "Weight": 3},
	}})
	// The Spot group has a launch template of its own, with the Spot
	// draining setting, the AMI read at deploy time, and unlimited credits.
	spotGroup := props(st.Of("AWS::AutoScaling::AutoScalingGroup")[ref(props(st.Of("AWS::ECS::CapacityProvider")[spot])["AutoScalingGroupProvider"].(map[string]any)["AutoScalingGroupArn"])])
	spotTemplate := ref(spotGroup["MixedInstancesPolicy"].(map[string]any)["LaunchTemplate"].(map[string]any)["LaunchTemplateSpecification"].(map[string]any)["LaunchTemplateId"])
	data := props(st.Of("AWS::EC2::LaunchTemplate")[spotTemplate])["LaunchTemplateData"].(map[string]any)
	if userData := fmt.Sprint(data["UserData"]); !strings.Contains(userData, "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true") || !strings.Contains(userData, "ECS_CLUSTER=") {
		t.Errorf("Spot user data lacks the cluster or Spot draining: %s", userData)
	}
	if ref(data["ImageId"]) == "" || fmt.Sprint(data["CreditSpecification"]) != "map[CpuCredits:unlimited]" || data["InstanceType"] != nil {
		t.Errorf("Spot launch template: want a deploy-time AMI parameter, unlimited credits and no instance type, got %v", data)
	}
	cdktest.Check(t, func() {
		st.Template.HasParameter(jsii.String(ref(data["ImageId"])), obj{
			"Type":    "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
			"Default": "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
		})
	})
	// The agent marks its instance DRAINING itself, with the instance role.
	st.HasProps(t, "AWS::IAM::Policy", obj{"PolicyDocument": like(obj{"Statement": arrayWith(like(obj{
		"Action":   "ecs:UpdateContainerInstancesState",
		"Resource": like(obj{"Fn::Join": arrayWith(arrayWith(":container-instance/"))}),
	}))})})
}

// cfn-guard finds nothing but the exclusions (TestStacksSynthesizeWithoutWarningsOrNagFindings
// and TestTemplatesPassCfnLint check this variant too).
//
// CT.AUTOSCALING.PR.11 asks the instance types of a mixed instances policy
// to encrypt traffic between instances (the newest Nitro types). Spot types
// are chosen for price and capacity, and these instances exchange nothing
// but the load balancer's HTTP to the tasks; the control is excluded here.
func TestGravitonSpotStackPassesTheChecks(t *testing.T) {
	st := gravitonSpotStack(t)
	for control, resources := range failedControls(t, st) {
		if _, excluded := cdktest.GuardExclusions[control]; !excluded && control != "CT.AUTOSCALING.PR.11" {
			t.Errorf("cfn-guard: %s fails on %v", control, resources)
		}
	}
}
