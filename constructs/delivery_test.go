package ecsec2_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

// weights renders a rule's forward action as "group:weight ...".
func weights(t *testing.T, rule map[string]any) string {
	t.Helper()
	actions := prop(rule)["Actions"].([]any)
	if len(actions) != 1 {
		t.Fatalf("want one action, got %v", actions)
	}
	action := actions[0].(map[string]any)
	if action["Type"] != "forward" || action["ForwardConfig"] == nil {
		t.Fatalf("want a forward action with a ForwardConfig, got %v", action)
	}
	var parts []string
	for _, g := range action["ForwardConfig"].(map[string]any)["TargetGroups"].([]any) {
		g := g.(map[string]any)
		parts = append(parts, fmt.Sprintf("%s:%v", ref(g["TargetGroupArn"]), g["Weight"]))
	}
	return strings.Join(parts, " ")
}

// A canary on a load balancer of its own: a second target group like the
// first; a /* rule at the last priority whose one forward action gives
// the first group all the traffic and names the second, and a 404 for the
// rest; a test rule just before it for the header; the service naming
// both groups, both rules and its role, with ECS's canary settings and
// this library's bake time.
func TestACanaryGetsTheRulesAndGroupsECSShiftsTrafficWith(t *testing.T) {
	s := synthesized(t, canaryName)
	primary, primaryGroup := byPath(t, s, "AWS::ElasticLoadBalancingV2::TargetGroup", "/Web/TargetGroup/")
	alternate, alternateGroup := byPath(t, s, "AWS::ElasticLoadBalancingV2::TargetGroup", "/Web/AlternateTargetGroup/")
	for _, key := range []string{"TargetType", "Port", "Protocol", "HealthCheckPath", "HealthCheckIntervalSeconds", "HealthyThresholdCount", "TargetGroupAttributes"} {
		if fmt.Sprint(prop(primaryGroup)[key]) != fmt.Sprint(prop(alternateGroup)[key]) {
			t.Errorf("target groups differ in %s: %v and %v", key, prop(primaryGroup)[key], prop(alternateGroup)[key])
		}
	}
	if prop(alternateGroup)["TargetType"] != "ip" {
		t.Errorf("alternate target group: want ip targets, got %v", prop(alternateGroup)["TargetType"])
	}

	productionID, production := byPath(t, s, "AWS::ElasticLoadBalancingV2::ListenerRule", "/Web/ListenerRule/")
	testID, test := byPath(t, s, "AWS::ElasticLoadBalancingV2::ListenerRule", "/Web/TestRule/")
	if got, want := weights(t, production), primary+":100 "+alternate+":0"; got != want {
		t.Errorf("production rule: want %s, got %s", want, got)
	}
	if got, want := weights(t, test), alternate+":100 "+primary+":0"; got != want {
		t.Errorf("test rule: want %s, got %s", want, got)
	}
	if p := prop(production); p["Priority"] != 50000.0 || fmt.Sprint(p["Conditions"]) != "[map[Field:path-pattern PathPatternConfig:map[Values:[/*]]]]" {
		t.Errorf("production rule: want /* at 50000, got %v at %v", p["Conditions"], p["Priority"])
	}
	if p := prop(test); p["Priority"] != 49999.0 ||
		!strings.Contains(fmt.Sprint(p["Conditions"]), "map[Field:http-header HttpHeaderConfig:map[HttpHeaderName:X-Canary Values:[*]]]") {
		t.Errorf("test rule: want /* and the header at 49999, got %v at %v", p["Conditions"], p["Priority"])
	}
	listener := prop(s.Only(t, "AWS::ElasticLoadBalancingV2::Listener"))
	if got := fmt.Sprint(listener["DefaultActions"]); !strings.Contains(got, "StatusCode:404") {
		t.Errorf("listener: want a 404 default, as the rule takes every path, got %s", got)
	}

	serviceID, service := s.OnlyWithID(t, "AWS::ECS::Service")
	deployment := prop(service)["DeploymentConfiguration"].(map[string]any)
	if deployment["Strategy"] != "CANARY" || deployment["BakeTimeInMinutes"] != 10.0 ||
		fmt.Sprint(deployment["CanaryConfiguration"]) != "map[CanaryBakeTimeInMinutes:10 CanaryPercent:5]" {
		t.Errorf("deployment configuration: want a 5 %% canary for 10 min and a 10 min bake, got %v", deployment)
	}
	if fmt.Sprint(deployment["DeploymentCircuitBreaker"]) != "map[Enable:true Rollback:true]" || deployment["Alarms"] == nil {
		t.Errorf("deployment configuration: want the circuit breaker and the alarms, got %v", deployment)
	}
	balancers := prop(service)["LoadBalancers"].([]any)
	if len(balancers) != 1 {
		t.Fatalf("want one load balancer entry (ECS refuses a target group named twice), got %v", balancers)
	}
	advanced := balancers[0].(map[string]any)["AdvancedConfiguration"].(map[string]any)
	roleID, _ := byPath(t, s, "AWS::IAM::Role", "/Web/DeploymentRole/")
	if ref(balancers[0].(map[string]any)["TargetGroupArn"]) != primary || ref(advanced["AlternateTargetGroupArn"]) != alternate ||
		ref(advanced["ProductionListenerRule"]) != productionID || ref(advanced["TestListenerRule"]) != testID || ref(advanced["RoleArn"]) != roleID {
		t.Errorf("advanced configuration: want %s, %s, %s, %s and %s, got %v", primary, alternate, productionID, testID, roleID, balancers[0])
	}
	policyID, _ := byPath(t, s, "AWS::IAM::Policy", "/Web/DeploymentRole/")
	if !slices.Contains(cdktest.DependsOn(service), policyID) {
		t.Errorf("service %s must depend on its deployment role's policy, DependsOn %v", serviceID, cdktest.DependsOn(service))
	}
}

// The role ECS moves the traffic with trusts ECS and may change this
// service's groups, listener and rules, nothing else.
func TestTheDeploymentRoleReachesTheServicesOwnResourcesOnly(t *testing.T) {
	s := synthesized(t, canaryName)
	_, role := byPath(t, s, "AWS::IAM::Role", "/Web/DeploymentRole/")
	if got := fmt.Sprint(prop(role)["AssumeRolePolicyDocument"]); !strings.Contains(got, "Service:ecs.amazonaws.com") || prop(role)["ManagedPolicyArns"] != nil {
		t.Errorf("deployment role: want ECS's trust and no managed policy, got %v", prop(role))
	}
	_, policy := byPath(t, s, "AWS::IAM::Policy", "/Web/DeploymentRole/")
	primary, _ := byPath(t, s, "AWS::ElasticLoadBalancingV2::TargetGroup", "/Web/TargetGroup/")
	alternate, _ := byPath(t, s, "AWS::ElasticLoadBalancingV2::TargetGroup", "/Web/AlternateTargetGroup/")
	production, _ := byPath(t, s, "AWS::ElasticLoadBalancingV2::ListenerRule", "/Web/ListenerRule/")
	test, _ := byPath(t, s, "AWS::ElasticLoadBalancingV2::ListenerRule", "/Web/TestRule/")
	listener, _ := s.OnlyWithID(t, "AWS::ElasticLoadBalancingV2::Listener")
	want := map[string]string{
		"elasticloadbalancing:DescribeListeners": "*", "elasticloadbalancing:DescribeRules": "*",
		"elasticloadbalancing:DescribeTargetGroups": "*", "elasticloadbalancing:DescribeTargetHealth": "*",
		"elasticloadbalancing:RegisterTargets": alternate + " " + primary, "elasticloadbalancing:DeregisterTargets": alternate + " " + primary,
		"elasticloadbalancing:ModifyListener": listener, "elasticloadbalancing:ModifyRule": production + " " + test,
	}
	got := map[string]string{}
	for _, st := range prop(policy)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
		st := st.(map[string]any)
		var resources []string
		switch r := st["Resource"].(type) {
		case string:
			resources = []string{r}
		case []any:
			for _, each := range r {
				resources = append(resources, ref(each))
			}
		default:
			resources = []string{ref(r)}
		}
		slices.Sort(resources)
		actions, ok := st["Action"].([]any)
		if !ok {
			actions = []any{st["Action"]}
		}
		for _, action := range actions {
			got[action.(string)] = strings.Join(resources, " ")
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("deployment role's policy:\n got %v\nwant %v", got, want)
	}
}

// Task scaling reads the requests per task of both target groups, summed,
// which stays the requests over the tasks serving them at every step of a
// release and after it; the error alarm reads the worse group's share, so
// that a 5 % canary failing every request goes off; the latency alarm the
// slower group.
func TestScalingAndRollbackAlarmsReadBothTargetGroups(t *testing.T) {
	s := synthesized(t, canaryName)
	primary, _ := byPath(t, s, "AWS::ElasticLoadBalancingV2::TargetGroup", "/Web/TargetGroup/")
	alternate, _ := byPath(t, s, "AWS::ElasticLoadBalancingV2::TargetGroup", "/Web/AlternateTargetGroup/")
	_, policy := byPath(t, s, "AWS::ApplicationAutoScaling::ScalingPolicy", "/RequestsPerTask")
	tracking := prop(policy)["TargetTrackingScalingPolicyConfiguration"].(map[string]any)
	if tracking["PredefinedMetricSpecification"] != nil || tracking["TargetValue"] != 50.0 {
		t.Errorf("want a customized metric at 50, got %v", tracking)
	}
	queries := tracking["CustomizedMetricSpecification"].(map[string]any)["Metrics"].([]any)
	groups := map[string]string{}
	for _, q := range queries {
		q := q.(map[string]any)
		if q["Expression"] != nil {
			if q["Expression"] != "primary + alternate" || q["ReturnData"] != true {
				t.Errorf("want primary + alternate returned, got %v", q)
			}
			continue
		}
		metric := q["MetricStat"].(map[string]any)
		inner := metric["Metric"].(map[string]any)
		if inner["MetricName"] != "RequestCountPerTarget" || metric["Stat"] != "Sum" || q["ReturnData"] != false {
			t.Errorf("want RequestCountPerTarget (Sum), not returned, got %v", q)
		}
		for _, d := range inner["Dimensions"].([]any) {
			if d := d.(map[string]any); d["Name"] == "TargetGroup" {
				groups[q["Id"].(string)] = ref(d["Value"])
			}
		}
	}
	if groups["primary"] != primary || groups["alternate"] != alternate {
		t.Errorf("want primary %s and alternate %s, got %v", primary, alternate, groups)
	}

	_, errors := byPath(t, s, "AWS::CloudWatch::Alarm", "/Web/ServerErrorAlarm/")
	_, latency := byPath(t, s, "AWS::CloudWatch::Alarm", "/Web/LatencyAlarm/")
	for name, tc := range map[string]struct {
		alarm      map[string]any
		expression string
	}{
		"errors":  {errors, "MAX([sharePrimary, shareAlternate])"},
		"latency": {latency, "MAX([p99Primary, p99Alternate])"},
	} {
		metrics, _ := json.Marshal(prop(tc.alarm)["Metrics"])
		if !strings.Contains(string(metrics), `"Expression":"`+tc.expression+`"`) ||
			!strings.Contains(string(metrics), primary) || !strings.Contains(string(metrics), alternate) {
			t.Errorf("%s alarm: want %s over both groups, got %s", name, tc.expression, metrics)
		}
	}
}

// A `cdk deploy` of a new image, or of other sizes, never rewrites a rule
// ECS owns: after a release ECS has moved its weights, and CloudFormation
// updating the rule from the template would send every request to a group
// whose tasks are gone (aws-cdk#36649). The rules of two syntheses that
// differ in image, task size, task count and health check are the same.
func TestANewImageOrSizeLeavesTheRulesECSOwnsAlone(t *testing.T) {
	first, next := synthesized(t, canaryName), synthesized(t, canaryNextName)
	if fmt.Sprint(prop(first.Only(t, "AWS::ECS::TaskDefinition"))) == fmt.Sprint(prop(next.Only(t, "AWS::ECS::TaskDefinition"))) {
		t.Fatal("the two syntheses must differ in their task definitions")
	}
	rules := first.Of("AWS::ElasticLoadBalancingV2::ListenerRule")
	if len(rules) != 2 {
		t.Fatalf("want the production and test rules, got %d", len(rules))
	}
	for id, rule := range rules {
		after, ok := next.Of("AWS::ElasticLoadBalancingV2::ListenerRule")[id]
		if !ok {
			t.Errorf("rule %s is replaced", id)
			continue
		}
		if a, b := fmt.Sprint(prop(rule)), fmt.Sprint(prop(after)); a != b {
			t.Errorf("rule %s changes:\n%s\n%s", id, a, b)
		}
	}
	for _, path := range []string{"/Web/TargetGroup/", "/Web/AlternateTargetGroup/"} {
		id, _ := byPath(t, first, "AWS::ElasticLoadBalancingV2::TargetGroup", path)
		if _, ok := next.Of("AWS::ElasticLoadBalancingV2::TargetGroup")[id]; !ok {
			t.Errorf("target group %s is replaced", id)
		}
	}
}

// Behind a shared load balancer: a linear release with source ranges and
// a test header takes three priorities, test, production, deny; a
// blue/green release with a lifecycle hook passes the hook to ECS.
func TestLinearAndBlueGreenReleasesOnASharedListener(t *testing.T) {
	s := synthesized(t, releasesName)
	priorities := map[string]float64{}
	for _, rule := range s.Of("AWS::ElasticLoadBalancingV2::ListenerRule") {
		priorities[strings.TrimSuffix(strings.SplitN(cdktest.Path(rule), "/", 2)[1], "/Resource")] = prop(rule)["Priority"].(float64)
	}
	if want := map[string]float64{"Api/TestRule": 19, "Api/ListenerRule": 20, "Api/DenyRule": 21, "Web/ListenerRule": 100}; fmt.Sprint(priorities) != fmt.Sprint(want) {
		t.Errorf("priorities: want %v, got %v", want, priorities)
	}
	_, test := byPath(t, s, "AWS::ElasticLoadBalancingV2::ListenerRule", "/Api/TestRule/")
	if got := fmt.Sprint(prop(test)["Conditions"]); !strings.Contains(got, "SourceIpConfig:map[Values:[203.0.113.0/24]]") || !strings.Contains(got, "X-Release-Test") {
		t.Errorf("test rule: want the production rule's source ranges and the header, got %s", got)
	}
	_, api := byPath(t, s, "AWS::ECS::Service", "/Api/")
	if got := fmt.Sprint(prop(api)["DeploymentConfiguration"]); !strings.Contains(got, "Strategy:LINEAR") ||
		!strings.Contains(got, "LinearConfiguration:map[StepBakeTimeInMinutes:3 StepPercent:20]") || !strings.Contains(got, "BakeTimeInMinutes:10") {
		t.Errorf("linear release: got %s", got)
	}
	_, web := byPath(t, s, "AWS::ECS::Service", "/Web/")
	deployment := prop(web)["DeploymentConfiguration"].(map[string]any)
	hooks := fmt.Sprint(deployment["LifecycleHooks"])
	if deployment["Strategy"] != "BLUE_GREEN" || deployment["BakeTimeInMinutes"] != 30.0 || deployment["CanaryConfiguration"] != nil ||
		!strings.Contains(hooks, "function:smoke-test") || !strings.Contains(hooks, "LifecycleStages:[POST_TEST_TRAFFIC_SHIFT]") {
		t.Errorf("blue/green release: want a 30 min bake and the hook, got %v", deployment)
	}
	if advanced := fmt.Sprint(prop(web)["LoadBalancers"]); strings.Contains(advanced, "TestListenerRule") {
		t.Errorf("blue/green without a test header: want no test rule, got %s", advanced)
	}
	// Two target groups for each service.
	s.CountIs(t, "AWS::ElasticLoadBalancingV2::TargetGroup", 4)
}
