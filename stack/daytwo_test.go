package stack

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

// What a stack meets after its first deploy, in every variant: instances
// patched on a schedule, bad releases rolled back, access logs writable in
// every region. (The teardown is destroy_test.go's; scaling in at zero
// traffic operations_test.go's.)

// Every on-demand instance boots the newest ECS-optimized AMI, resolved at
// its launch; Spot instances, in a mixed instances policy, the AMI of the
// last deploy. Every group replaces its instances after 7 days, launching
// the new one first; burstable instances never bill beyond their price.
func TestInstancesArePatchedOnASchedule(t *testing.T) {
	for _, st := range asgVariants(t) {
		for id, group := range st.Of("AWS::AutoScaling::AutoScalingGroup") {
			p := props(group)
			if p["MaxInstanceLifetime"] != 604800.0 || fmt.Sprint(p["InstanceMaintenancePolicy"]) != "map[MaxHealthyPercentage:110 MinHealthyPercentage:100]" {
				t.Errorf("%s: group %s: want a 7-day lifetime and launch-before-terminate replacements, got %v and %v",
					st.Name, id, p["MaxInstanceLifetime"], p["InstanceMaintenancePolicy"])
			}
			var template string
			if mixed, ok := p["MixedInstancesPolicy"].(map[string]any); ok {
				template = ref(mixed["LaunchTemplate"].(map[string]any)["LaunchTemplateSpecification"].(map[string]any)["LaunchTemplateId"])
			} else {
				template = ref(p["LaunchTemplate"].(map[string]any)["LaunchTemplateId"])
			}
			data := props(st.Of("AWS::EC2::LaunchTemplate")[template])["LaunchTemplateData"].(map[string]any)
			image := fmt.Sprint(data["ImageId"])
			switch {
			case p["MixedInstancesPolicy"] == nil && !strings.HasPrefix(image, "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/"):
				t.Errorf("%s: group %s boots %s, not the AMI of AWS's parameter at launch", st.Name, id, image)
			case p["MixedInstancesPolicy"] != nil && ref(data["ImageId"]) == "":
				t.Errorf("%s: Spot group %s boots %s, not the deploy-time parameter", st.Name, id, image)
			}
			burstable := st.Name != awsvpcName && st.Name != canaryName // m5.large and m6i.large have no CPU credits
			if got := fmt.Sprint(data["CreditSpecification"]); burstable != (got == "map[CpuCredits:unlimited]") {
				t.Errorf("%s: group %s: want unlimited CPU credits on burstable types, so that an instance boots at full speed, got %v", st.Name, id, got)
			}
		}
	}
}

// Every service's deploys roll back on its 5xx and latency alarms, which
// read its target group only, and on the circuit breaker.
func TestBadReleasesRollBackOnTheServicesOwnAlarms(t *testing.T) {
	for _, st := range allVariants(t) {
		alarms := st.Of("AWS::CloudWatch::Alarm")
		for id, service := range st.Of("AWS::ECS::Service") {
			config := props(service)["DeploymentConfiguration"].(map[string]any)
			if fmt.Sprint(config["DeploymentCircuitBreaker"]) != "map[Enable:true Rollback:true]" {
				t.Errorf("%s: %s: want the circuit breaker with rollback, got %v", st.Name, id, config["DeploymentCircuitBreaker"])
			}
			deployAlarms, _ := config["Alarms"].(map[string]any)
			if deployAlarms["Enable"] != true || deployAlarms["Rollback"] != true {
				t.Fatalf("%s: %s: want deployment alarms that roll back, got %v", st.Name, id, config["Alarms"])
			}
			var names []string
			for _, name := range deployAlarms["AlarmNames"].([]any) {
				alarm := alarms[ref(name)]
				if alarm == nil {
					t.Errorf("%s: %s: deployment alarm %v is not an alarm of the stack", st.Name, id, name)
					continue
				}
				names = append(names, cdktest.Path(alarm))
				body := fmt.Sprint(props(alarm))
				if !strings.Contains(body, "TargetGroup") || strings.Contains(body, "ServiceName") || slices.Contains(cdktest.DependsOn(alarm), id) {
					t.Errorf("%s: deployment alarm %s must read the target group, not the service: %s", st.Name, cdktest.Path(alarm), body)
				}
			}
			slices.Sort(names)
			if len(names) != 2 || !strings.HasSuffix(names[0], "/LatencyAlarm/Resource") || !strings.HasSuffix(names[1], "/ServerErrorAlarm/Resource") {
				t.Errorf("%s: %s: want the latency and 5xx alarms, got %v", st.Name, id, names)
			}
		}
	}
}

// Every access log bucket lets the log delivery service principal and,
// where AWS documents one, the region's ELB account write the logs of its
// load balancer's prefix, chosen at deploy time by conditions on the
// region (the constructs' tests evaluate them), with no transform added to
// the stack.
func TestAccessLogsAreWritableInEveryRegion(t *testing.T) {
	for _, st := range allVariants(t) {
		grants := 0
		for _, policy := range st.Of("AWS::S3::BucketPolicy") {
			for _, statement := range props(policy)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
				s := statement.(map[string]any)
				// The hardened profile's bucket of the access log bucket's
				// own server access logs has a grant of its own.
				if s["Action"] != "s3:PutObject" || fmt.Sprint(s["Principal"]) == "map[Service:logging.s3.amazonaws.com]" {
					continue
				}
				grants++
				principal := fmt.Sprint(s["Principal"])
				if !strings.Contains(principal, "Service:logdelivery.elasticloadbalancing.amazonaws.com") ||
					!strings.Contains(principal, "AWS:map[Fn::If:[ElbAccountKnown") || !strings.Contains(principal, "127311923021") {
					t.Errorf("%s: want the service principal and the regional ELB account, got %s", st.Name, principal)
				}
				if resource := fmt.Sprint(s["Resource"]); !strings.Contains(resource, "/alb/AWSLogs/") {
					t.Errorf("%s: want the grant on the alb/ prefix only, got %s", st.Name, resource)
				}
			}
		}
		if grants != 1 {
			t.Errorf("%s: want one log delivery grant, got %d", st.Name, grants)
		}
		if st.JSON["Transform"] != nil {
			t.Errorf("%s: want no transform, which would apply to a user's whole stack, got %v", st.Name, st.JSON["Transform"])
		}
	}
}

// A warm pool keeps stopped instances for the on-demand group, whose agent
// waits to leave the pool before it registers.
func TestWarmPoolKeepsStoppedInstancesThatRegisterWhenTheyLeaveIt(t *testing.T) {
	st := knobsStack(t)
	group, _ := st.OnlyWithID(t, "AWS::AutoScaling::AutoScalingGroup")
	st.HasProps(t, "AWS::AutoScaling::WarmPool", obj{"AutoScalingGroupName": obj{"Ref": group}, "PoolState": "Stopped", "MinSize": 0})
	if _, reuse := props(st.Only(t, "AWS::AutoScaling::WarmPool"))["InstanceReusePolicy"]; reuse {
		t.Error("ECS does not support returning instances to the warm pool")
	}
	userData := fmt.Sprint(props(st.Only(t, "AWS::EC2::LaunchTemplate"))["LaunchTemplateData"].(map[string]any)["UserData"])
	// At every boot: Auto Scaling stops an instance launched into the pool
	// without waiting for its user data.
	for _, want := range []string{"ECS_WARM_POOLS_CHECK=true", "ECS_CLUSTER=", "Content-Type: text/cloud-boothook"} {
		if !strings.Contains(userData, want) {
			t.Errorf("user data lacks %q: %s", want, userData)
		}
	}
	defaultStack(t).CountIs(t, "AWS::AutoScaling::WarmPool", 0)
}
