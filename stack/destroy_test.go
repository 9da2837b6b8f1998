package stack

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

// `cdk destroy` of an ECS cluster with EC2 capacity hangs when instances are
// protected from scale-in (aws-cdk issues 14732, 18179) and fails when
// CloudFormation deletes things in the wrong order (19275). These tests pin
// the design that avoids both; README.md ("Clean destroy") explains it.

// Safe scale-in comes from managed draining, not from termination
// protection, so nothing keeps an instance alive once its tasks are gone.
func TestScaleInIsSafeWithoutProtectingInstances(t *testing.T) {
	st := defaultStack(t)
	hasProps(t, st, "AWS::ECS::CapacityProvider", obj{"AutoScalingGroupProvider": like(obj{
		"ManagedDraining":              "ENABLED",
		"ManagedTerminationProtection": "DISABLED",
	})})
	hasProps(t, st, "AWS::AutoScaling::AutoScalingGroup", obj{"NewInstancesProtectedFromScaleIn": assertions.Match_Absent()})
	// CDK's older drain hook (a Lambda, an SNS topic and a lifecycle hook)
	// is not needed with managed draining; the one topic is the alarms'.
	countIs(t, st, "AWS::AutoScaling::LifecycleHook", 0)
	for id, topic := range cdktest.Resources(st.json, "AWS::SNS::Topic") {
		if path := topic["Metadata"].(map[string]any)["aws:cdk:path"].(string); !strings.HasSuffix(path, "/AlarmTopic/Resource") {
			t.Errorf("unexpected SNS topic %s (%s)", id, path)
		}
	}
}

// CloudFormation deletes a resource before those it depends on. The chain
// service → association → capacity provider → Auto Scaling group → cluster
// and NAT routes deletes the service first, and the instances while their
// agents can still deregister them.
func TestDeleteOrderRemovesTheServiceThenTheInstancesThenTheCluster(t *testing.T) {
	st := defaultStack(t)
	association, _ := st.onlyWithID(t, "AWS::ECS::ClusterCapacityProviderAssociations")
	capacityProvider, _ := st.onlyWithID(t, "AWS::ECS::CapacityProvider")
	asg, asgResource := st.onlyWithID(t, "AWS::AutoScaling::AutoScalingGroup")
	cluster, _ := st.onlyWithID(t, "AWS::ECS::Cluster")
	_, service := st.onlyWithID(t, "AWS::ECS::Service")

	if !slices.Contains(cdktest.DependsOn(service), association) {
		t.Errorf("service must depend on the capacity provider association, DependsOn %v", cdktest.DependsOn(service))
	}
	hasProps(t, st, "AWS::ECS::ClusterCapacityProviderAssociations", obj{
		"Cluster":           obj{"Ref": cluster},
		"CapacityProviders": []any{obj{"Ref": capacityProvider}},
	})
	hasProps(t, st, "AWS::ECS::CapacityProvider", obj{"AutoScalingGroupProvider": like(obj{"AutoScalingGroupArn": obj{"Ref": asg}})})
	dependsOn := cdktest.DependsOn(asgResource)
	if !slices.Contains(dependsOn, cluster) {
		t.Errorf("Auto Scaling group must depend on the cluster, DependsOn %v", dependsOn)
	}
	natRoutes := 0
	for id, route := range cdktest.Resources(st.json, "AWS::EC2::Route") {
		if ref(props(route)["NatGatewayId"]) != "" {
			natRoutes++
			if !slices.Contains(dependsOn, id) {
				t.Errorf("Auto Scaling group must depend on the NAT route %s, DependsOn %v", id, dependsOn)
			}
		}
	}
	if natRoutes == 0 {
		t.Error("found no NAT routes")
	}
}

// Nothing refuses deletion: no deletion protection, no retained resource
// but the two kinds of evidence, which stay on purpose and do not block the
// stack's deletion.
func TestNothingBlocksDeletion(t *testing.T) {
	st := defaultStack(t)
	hasProps(t, st, "AWS::ElasticLoadBalancingV2::LoadBalancer", obj{"LoadBalancerAttributes": arrayWith(
		obj{"Key": "deletion_protection.enabled", "Value": "false"},
	)})
	flowLogGroup := ref(props(st.only(t, "AWS::EC2::FlowLog"))["LogGroupName"])
	accessLogs, _ := st.onlyWithID(t, "AWS::S3::Bucket")
	for id, r := range st.resources() {
		if r["DeletionPolicy"] == "Retain" && id != flowLogGroup && id != accessLogs {
			t.Errorf("%s (%s) is retained after the stack", id, r["Type"])
		}
		if p := props(r); p != nil && p["DeletionProtectionEnabled"] == true {
			t.Errorf("%s has deletion protection", id)
		}
	}
	for id, r := range cdktest.Resources(st.json, "AWS::Lambda::Function") {
		if path := r["Metadata"].(map[string]any)["aws:cdk:path"].(string); !strings.Contains(path, "Custom::VpcRestrictDefaultSG") {
			t.Errorf("unexpected Lambda function %s (%s): custom resources can hang a deletion", id, path)
		}
	}
}
