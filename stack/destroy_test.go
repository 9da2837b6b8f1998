package stack

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

// `cdk destroy` of an ECS cluster with EC2 capacity hangs when instances are
// protected from scale-in (aws-cdk issues 14732, 18179), when ECS's
// managed-draining lifecycle hook outlives the capacity provider
// (containers-roadmap 631, 2467), and fails when CloudFormation deletes
// things in the wrong order (19275). These tests pin the design that avoids
// all three; README.md ("Clean destroy") explains it.

// Safe scale-in comes from managed draining, not from termination
// protection, so nothing keeps an instance alive once its tasks are gone.
func TestScaleInIsSafeWithoutProtectingInstances(t *testing.T) {
	for _, st := range asgVariants(t) {
		for id, provider := range st.Of("AWS::ECS::CapacityProvider") {
			p := props(provider)["AutoScalingGroupProvider"].(map[string]any)
			if p["ManagedDraining"] != "ENABLED" || p["ManagedTerminationProtection"] != "DISABLED" {
				t.Errorf("%s: %s: want managed draining without termination protection, got %v", st.Name, id, p)
			}
		}
		st.HasProps(t, "AWS::AutoScaling::AutoScalingGroup", obj{"NewInstancesProtectedFromScaleIn": assertions.Match_Absent()})
		// CDK's older drain hook (a Lambda, an SNS topic and a lifecycle
		// hook) is not needed with managed draining; the one topic is the
		// alarms'.
		st.CountIs(t, "AWS::AutoScaling::LifecycleHook", 0)
		for id, topic := range st.Of("AWS::SNS::Topic") {
			if path := cdktest.Path(topic); !strings.HasSuffix(path, "/AlarmTopic/Resource") {
				t.Errorf("%s: unexpected SNS topic %s (%s)", st.Name, id, path)
			}
		}
	}
}

// releases are the delete-time steps that remove ECS's draining hook, by
// the Auto Scaling group they name, with their Delete call.
func releases(t *testing.T, st *cdktest.Synthesized) map[string]map[string]any {
	t.Helper()
	found := map[string]map[string]any{}
	for id, r := range st.Of("Custom::DrainingHookRelease") {
		call := fmt.Sprint(props(r)["Delete"])
		join, ok := props(r)["Delete"].(map[string]any)["Fn::Join"].([]any)
		if !ok {
			t.Fatalf("%s: %s: the Delete call is not a join of the group's name: %s", st.Name, id, call)
		}
		var group string
		var text strings.Builder
		for _, part := range join[1].([]any) {
			if s, isText := part.(string); isText {
				text.WriteString(s)
			} else {
				group = ref(part)
				text.WriteString("GROUP")
			}
		}
		var parsed map[string]any
		if err := json.Unmarshal([]byte(text.String()), &parsed); err != nil {
			t.Fatalf("%s: %s: Delete call %q: %v", st.Name, id, text.String(), err)
		}
		parsed["id"] = id
		found[group] = parsed
	}
	return found
}

// CloudFormation deletes a resource before those it depends on. The chain
// service → capacity provider association → capacity provider → hook
// release → Auto Scaling group → cluster and NAT routes deletes the
// services first, removes ECS's draining hook once nothing completes it any
// more, then the instances (with their agents still able to deregister),
// then the cluster and the network.
func TestDeleteOrderReleasesTheDrainingHookBetweenProviderAndGroup(t *testing.T) {
	for _, st := range asgVariants(t) {
		association, _ := st.OnlyWithID(t, "AWS::ECS::ClusterCapacityProviderAssociations")
		cluster, _ := st.OnlyWithID(t, "AWS::ECS::Cluster")
		for id, service := range st.Of("AWS::ECS::Service") {
			if !slices.Contains(cdktest.DependsOn(service), association) {
				t.Errorf("%s: service %s must depend on the capacity provider association, DependsOn %v", st.Name, id, cdktest.DependsOn(service))
			}
		}
		released := releases(t, st)
		groups := st.Of("AWS::AutoScaling::AutoScalingGroup")
		if len(released) != len(groups) {
			t.Errorf("%s: %d groups, %d hook releases", st.Name, len(groups), len(released))
		}
		for providerID, provider := range st.Of("AWS::ECS::CapacityProvider") {
			group := ref(props(provider)["AutoScalingGroupProvider"].(map[string]any)["AutoScalingGroupArn"])
			release := released[group]
			if release == nil {
				t.Errorf("%s: group %s has no hook release", st.Name, group)
				continue
			}
			if !slices.Contains(cdktest.DependsOn(provider), release["id"].(string)) {
				t.Errorf("%s: capacity provider %s must depend on the hook release %s, DependsOn %v", st.Name, providerID, release["id"], cdktest.DependsOn(provider))
			}
			want := map[string]any{"AutoScalingGroupName": "GROUP", "LifecycleHookName": "ecs-managed-draining-termination-hook"}
			if release["service"] != "AutoScaling" || release["action"] != "DeleteLifecycleHook" || fmt.Sprint(release["parameters"]) != fmt.Sprint(want) ||
				release["ignoreErrorCodesMatching"] != "ValidationError" {
				t.Errorf("%s: hook release of %s: want DeleteLifecycleHook of ECS's draining hook, got %v", st.Name, group, release)
			}
			dependsOn := cdktest.DependsOn(groups[group])
			if !slices.Contains(dependsOn, cluster) {
				t.Errorf("%s: group %s must depend on the cluster, DependsOn %v", st.Name, group, dependsOn)
			}
			natRoutes := 0
			for id, route := range st.Of("AWS::EC2::Route") {
				if ref(props(route)["NatGatewayId"]) != "" {
					natRoutes++
					if !slices.Contains(dependsOn, id) {
						t.Errorf("%s: group %s must depend on the NAT route %s, DependsOn %v", st.Name, group, id, dependsOn)
					}
				}
			}
			if natRoutes == 0 {
				t.Errorf("%s: found no NAT routes", st.Name)
			}
		}
		// The release runs no call while the stack lives: the hook keeps
		// every scale-in safe.
		for id, r := range st.Of("Custom::DrainingHookRelease") {
			if p := props(r); p["Create"] != nil || p["Update"] != nil {
				t.Errorf("%s: hook release %s calls on create or update: %v", st.Name, id, p)
			}
		}
	}
}

// The release may delete lifecycle hooks of this stack's groups only, and
// its function's logs go with the stack.
func TestHookReleaseHasOnlyWhatItNeeds(t *testing.T) {
	st := defaultStack(t)
	_, policy := st.OnlyWhere(t, "AWS::IAM::Policy", func(p map[string]any) bool {
		return strings.Contains(fmt.Sprint(p["PolicyName"]), "DrainingHookRelease")
	})
	statements := props(policy)["PolicyDocument"].(map[string]any)["Statement"].([]any)
	if len(statements) != 1 {
		t.Fatalf("want one statement, got %v", statements)
	}
	s := statements[0].(map[string]any)
	if s["Action"] != "autoscaling:DeleteLifecycleHook" || !strings.Contains(fmt.Sprint(s["Resource"]), ":autoScalingGroup:*:autoScalingGroupName/") {
		t.Errorf("hook release policy: want DeleteLifecycleHook on the group by name, got %v", s)
	}
	_, function := st.OnlyWhere(t, "AWS::Lambda::Function", func(p map[string]any) bool { return p["LoggingConfig"] != nil })
	logGroup := st.Of("AWS::Logs::LogGroup")[ref(props(function)["LoggingConfig"].(map[string]any)["LogGroup"])]
	if props(logGroup)["RetentionInDays"] != 365.0 || logGroup["DeletionPolicy"] != "Delete" {
		t.Errorf("custom resource logs: want a year, deleted with the stack; got %v", logGroup)
	}
}

// Nothing refuses deletion: no deletion protection, no retained resource
// but the two kinds of evidence, which stay on purpose and do not block the
// stack's deletion.
func TestNothingBlocksDeletion(t *testing.T) {
	st := defaultStack(t)
	st.HasProps(t, "AWS::ElasticLoadBalancingV2::LoadBalancer", obj{"LoadBalancerAttributes": arrayWith(
		obj{"Key": "deletion_protection.enabled", "Value": "false"},
	)})
	flowLogGroup := ref(props(st.Only(t, "AWS::EC2::FlowLog"))["LogGroupName"])
	accessLogs, _ := st.OnlyWithID(t, "AWS::S3::Bucket")
	for id, r := range st.ResourcesByID() {
		if r["DeletionPolicy"] == "Retain" && id != flowLogGroup && id != accessLogs {
			t.Errorf("%s (%s) is retained after the stack", id, r["Type"])
		}
		if p := props(r); p != nil && p["DeletionProtectionEnabled"] == true {
			t.Errorf("%s has deletion protection", id)
		}
	}
	// Two functions, both CDK's, both of which only run a short API call:
	// removing the default security group's rules, removing the hook.
	for id, r := range st.Of("AWS::Lambda::Function") {
		if path := cdktest.Path(r); !strings.Contains(path, "Custom::VpcRestrictDefaultSG") && !strings.Contains(path, "/AWS679f53fac002430cb0da5b7982bd2287/") {
			t.Errorf("unexpected Lambda function %s (%s): custom resources can hang a deletion", id, path)
		}
	}
}

// On ECS Managed Instances, CloudFormation deletes the services, then the
// capacity providers (whose deletion starts the instances' termination),
// then waits for the instances to leave the cluster, and only then deletes
// what they need meanwhile: the cluster, the infrastructure role, the
// instance profile, their security group and the NAT routes. The wait runs
// no call while the stack lives, never fails, and fails within 16 minutes
// if its answer is lost.
func TestManagedInstancesLeaveBeforeWhatTheyNeed(t *testing.T) {
	st := managedStack(t)
	waitID, wait := st.OnlyWithID(t, "Custom::ManagedInstancesDrain")
	providers := st.Of("AWS::ECS::CapacityProvider")
	if len(providers) == 0 {
		t.Fatal("no capacity provider")
	}
	for id, provider := range providers {
		if !slices.Contains(cdktest.DependsOn(provider), waitID) {
			t.Errorf("capacity provider %s must depend on the drain wait, DependsOn %v", id, cdktest.DependsOn(provider))
		}
		if props(provider)["ManagedInstancesProvider"] == nil {
			t.Errorf("capacity provider %s is not of managed instances: %v", id, props(provider))
		}
	}
	for id, service := range st.Of("AWS::ECS::Service") {
		for _, strategy := range props(service)["CapacityProviderStrategy"].([]any) {
			if provider := ref(strategy.(map[string]any)["CapacityProvider"]); providers[provider] == nil {
				t.Errorf("service %s names %v, not a provider it is deleted before", id, provider)
			}
		}
	}
	p := props(wait)
	cluster, _ := st.OnlyWithID(t, "AWS::ECS::Cluster")
	role, _ := st.OnlyWhere(t, "AWS::IAM::Role", func(p map[string]any) bool {
		return strings.Contains(fmt.Sprint(p["AssumeRolePolicyDocument"]), "ecs.amazonaws.com") &&
			strings.Contains(fmt.Sprint(p["ManagedPolicyArns"]), "AmazonECSInfrastructureRolePolicyForManagedInstances")
	})
	profile, _ := st.OnlyWithID(t, "AWS::IAM::InstanceProfile")
	group := ref(props(providers[slices.Collect(maps.Keys(providers))[0]])["ManagedInstancesProvider"].(map[string]any)["InstanceLaunchTemplate"].(map[string]any)["NetworkConfiguration"].(map[string]any)["SecurityGroups"].([]any)[0])
	outlives := fmt.Sprint(p["Outlives"])
	if ref(p["Cluster"]) != cluster {
		t.Errorf("the wait must name the cluster, got %v", p["Cluster"])
	}
	for _, id := range []string{role, profile, group} {
		if id == "" || !strings.Contains(outlives, id) {
			t.Errorf("the wait must name %s, so that it is deleted after it: %v", id, outlives)
		}
	}
	for id, route := range st.Of("AWS::EC2::Route") {
		if ref(props(route)["NatGatewayId"]) != "" && !slices.Contains(cdktest.DependsOn(wait), id) {
			t.Errorf("the wait must depend on the NAT route %s, DependsOn %v", id, cdktest.DependsOn(wait))
		}
	}
	if p["ServiceTimeout"] != "960" && p["ServiceTimeout"] != 960.0 {
		t.Errorf("the wait's ServiceTimeout: want 960 s, got %v", p["ServiceTimeout"])
	}
	function := st.Of("AWS::Lambda::Function")[fmt.Sprint(p["ServiceToken"].(map[string]any)["Fn::GetAtt"].([]any)[0])]
	code := fmt.Sprint(props(function)["Code"])
	for _, want := range []string{"event.RequestType === 'Delete'", "Status: 'SUCCESS'", "getRemainingTimeInMillis() > 60000"} {
		if !strings.Contains(code, want) {
			t.Errorf("the wait's function lacks %q", want)
		}
	}
	if props(function)["Timeout"] != 900.0 {
		t.Errorf("the wait's function: want a 900 s timeout, got %v", props(function)["Timeout"])
	}
}
