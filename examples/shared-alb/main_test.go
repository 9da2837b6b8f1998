package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// The example synthesizes into one cluster, one load balancer and two
// services on rules of its listener, one in bridge mode and one in awsvpc
// mode released by canary, as clean as the main stack.
func TestTwoServicesShareTheClusterAndTheLoadBalancer(t *testing.T) {
	outdir := t.TempDir()
	app := cdktest.NewApp(outdir, nil)
	if _, err := NewSharedAlbStack(app, StackName); err != nil {
		t.Fatal(err)
	}
	s := cdktest.SynthAll(t, app, StackName)[StackName]

	for resourceType, n := range map[string]int{
		"AWS::ECS::Cluster": 1, "AWS::ElasticLoadBalancingV2::LoadBalancer": 1, "AWS::ElasticLoadBalancingV2::Listener": 1,
		"AWS::ElasticLoadBalancingV2::ListenerRule": 3, "AWS::ElasticLoadBalancingV2::TargetGroup": 3, "AWS::ECS::Service": 2,
		"AWS::CloudWatch::Dashboard": 1, "AWS::SNS::Topic": 1,
	} {
		s.CountIs(t, resourceType, n)
	}
	// Different sizes and scaling settings.
	s.HasProps(t, "AWS::ECS::TaskDefinition", cdktest.Obj{"ContainerDefinitions": []any{cdktest.Like(cdktest.Obj{"Name": "web", "Cpu": 256, "MemoryReservation": 64})}})
	s.HasProps(t, "AWS::ECS::TaskDefinition", cdktest.Obj{"ContainerDefinitions": []any{cdktest.Like(cdktest.Obj{"Name": "api", "Cpu": 512, "MemoryReservation": 128})}})
	s.HasProps(t, "AWS::ApplicationAutoScaling::ScalableTarget", cdktest.Obj{"MinCapacity": 2, "MaxCapacity": 4})
	s.HasProps(t, "AWS::ApplicationAutoScaling::ScalableTarget", cdktest.Obj{"MinCapacity": 1, "MaxCapacity": 8})
	s.CountIs(t, "AWS::ApplicationAutoScaling::ScalingPolicy", 3) // requests for both, CPU for api
	s.HasProps(t, "AWS::ECS::TaskDefinition", cdktest.Obj{"NetworkMode": "bridge", "ContainerDefinitions": []any{cdktest.Like(cdktest.Obj{"Name": "web"})}})
	s.HasProps(t, "AWS::ECS::TaskDefinition", cdktest.Obj{"NetworkMode": "awsvpc", "ContainerDefinitions": []any{cdktest.Like(cdktest.Obj{"Name": "api"})}})
	s.HasProps(t, "AWS::ElasticLoadBalancingV2::TargetGroup", cdktest.Obj{"TargetType": "ip", "Port": 8000})
	s.HasProps(t, "AWS::ElasticLoadBalancingV2::TargetGroup", cdktest.Obj{"TargetType": "instance"})
	// api releases by canary, with a test rule before its own.
	s.HasProps(t, "AWS::ECS::Service", cdktest.Obj{"DeploymentConfiguration": cdktest.Like(cdktest.Obj{"Strategy": "CANARY"})})
	s.HasProps(t, "AWS::ElasticLoadBalancingV2::ListenerRule", cdktest.Obj{"Priority": 9, "Conditions": cdktest.ArrayWith(cdktest.Obj{
		"Field": "http-header", "HttpHeaderConfig": cdktest.Obj{"HttpHeaderName": "X-Api-Canary", "Values": []any{"*"}},
	})})
	var paths []string
	for _, rule := range s.Of("AWS::ElasticLoadBalancingV2::ListenerRule") {
		p := cdktest.Props(rule)
		paths = append(paths, fmt.Sprintf("%v:%v", p["Priority"], p["Conditions"]))
	}
	if got := strings.Join(paths, " "); !strings.Contains(got, "10:[map[Field:path-pattern PathPatternConfig:map[Values:[/api/*]]]]") ||
		!strings.Contains(got, "100:[map[Field:path-pattern PathPatternConfig:map[Values:[/*]]]]") {
		t.Errorf("want /api/* at 10 and /* at 100, got %s", got)
	}

	// The example's own topic lets CloudWatch publish its alarms, once.
	grants := 0
	for _, statement := range cdktest.Props(s.Only(t, "AWS::SNS::TopicPolicy"))["PolicyDocument"].(map[string]any)["Statement"].([]any) {
		if st := statement.(map[string]any); fmt.Sprint(st["Principal"]) == "map[Service:cloudwatch.amazonaws.com]" && st["Action"] == "sns:Publish" {
			grants++
		}
	}
	if grants != 1 {
		t.Errorf("want one grant for CloudWatch to publish to the topic, got %d", grants)
	}

	for _, m := range cdktest.Messages(t, s.Assembly, StackName) {
		t.Error(m)
	}
	if findings := cdktest.CfnLint(t, s.File); findings != "" {
		t.Errorf("cfn-lint:\n%s", findings)
	}
	for _, failure := range cdktest.CfnGuard(t, s.File)[s.File] {
		if _, excluded := cdktest.GuardExclusions[failure.Control]; !excluded {
			t.Errorf("cfn-guard: %s fails on %v", failure.Control, failure.Resources)
		}
	}
}
