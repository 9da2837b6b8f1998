package ecsec2_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

// byPath is the one resource of a type whose construct path contains part.
func byPath(t *testing.T, s *cdktest.Synthesized, resourceType, part string) (string, map[string]any) {
	t.Helper()
	var found []string
	for id, r := range s.Of(resourceType) {
		if strings.Contains(cdktest.Path(r), part) {
			found = append(found, id)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one %s under %q, got %v", resourceType, part, found)
	}
	return found[0], s.Of(resourceType)[found[0]]
}

// A bridge-mode service and an awsvpc one share a load balancer. The
// awsvpc service's target group registers its tasks' addresses on the
// container port; its tasks run in the private subnets, without a public
// address, in a security group that admits the load balancer on that port
// and nothing else. The bridge service keeps the instances' dynamic ports.
// The instances block the awsvpc tasks from the metadata service.
func TestAwsvpcServiceHasItsOwnAddressAndSecurityGroup(t *testing.T) {
	s := synthesized(t, mixedModesName)
	_, api := byPath(t, s, "AWS::ElasticLoadBalancingV2::TargetGroup", "/Api/")
	_, web := byPath(t, s, "AWS::ElasticLoadBalancingV2::TargetGroup", "/Web/")
	if p := prop(api); p["TargetType"] != "ip" || p["Port"] != 9000.0 {
		t.Errorf("awsvpc target group: want ip targets on 9000, got %v on %v", p["TargetType"], p["Port"])
	}
	if prop(web)["TargetType"] != "instance" {
		t.Errorf("bridge target group: want instance targets, got %v", prop(web)["TargetType"])
	}
	_, apiTasks := byPath(t, s, "AWS::ECS::TaskDefinition", "/Api/")
	_, webTasks := byPath(t, s, "AWS::ECS::TaskDefinition", "/Web/")
	apiPorts := fmt.Sprint(prop(apiTasks)["ContainerDefinitions"].([]any)[0].(map[string]any)["PortMappings"])
	webPorts := fmt.Sprint(prop(webTasks)["ContainerDefinitions"].([]any)[0].(map[string]any)["PortMappings"])
	if prop(apiTasks)["NetworkMode"] != "awsvpc" || strings.Contains(apiPorts, "HostPort:0") {
		t.Errorf("awsvpc tasks: want awsvpc and no dynamic host port, got %v, %s", prop(apiTasks)["NetworkMode"], apiPorts)
	}
	if prop(webTasks)["NetworkMode"] != "bridge" || !strings.Contains(webPorts, "HostPort:0") {
		t.Errorf("bridge tasks: want bridge on a dynamic host port, got %v, %s", prop(webTasks)["NetworkMode"], webPorts)
	}

	_, service := byPath(t, s, "AWS::ECS::Service", "/Api/")
	awsvpc := prop(service)["NetworkConfiguration"].(map[string]any)["AwsvpcConfiguration"].(map[string]any)
	public := s.PublicSubnets(t)
	for _, subnet := range awsvpc["Subnets"].([]any) {
		if public[ref(subnet)] {
			t.Errorf("awsvpc tasks in public subnet %s", ref(subnet))
		}
	}
	if awsvpc["AssignPublicIp"] != "DISABLED" || len(awsvpc["Subnets"].([]any)) != 2 {
		t.Errorf("awsvpc tasks: want two private subnets and no public address, got %v", awsvpc)
	}
	groups := awsvpc["SecurityGroups"].([]any)
	if len(groups) != 1 {
		t.Fatalf("awsvpc tasks: want one security group, got %v", groups)
	}
	taskGroup := ref(groups[0])
	albGroup, _ := byPath(t, s, "AWS::EC2::SecurityGroup", "/Alb/")
	var ingress []string
	for _, rule := range s.Of("AWS::EC2::SecurityGroupIngress") {
		if p := prop(rule); ref(p["GroupId"]) == taskGroup {
			ingress = append(ingress, fmt.Sprintf("%s %v-%v", ref(p["SourceSecurityGroupId"]), p["FromPort"], p["ToPort"]))
		}
	}
	if inline := prop(s.Of("AWS::EC2::SecurityGroup")[taskGroup])["SecurityGroupIngress"]; inline != nil {
		t.Errorf("task security group has inline ingress %v", inline)
	}
	if want := []string{albGroup + " 9000-9000"}; !slices.Equal(ingress, want) {
		t.Errorf("task security group ingress: want %v, got %v", want, ingress)
	}
	var egress []string
	for _, rule := range s.Of("AWS::EC2::SecurityGroupEgress") {
		if p := prop(rule); ref(p["GroupId"]) == albGroup {
			egress = append(egress, fmt.Sprintf("%s %v-%v", ref(p["DestinationSecurityGroupId"]), p["FromPort"], p["ToPort"]))
		}
	}
	slices.Sort(egress)
	instanceGroup, _ := byPath(t, s, "AWS::EC2::SecurityGroup", "/Cluster/InstanceSecurityGroup/")
	want := []string{instanceGroup + " 32768-65535", taskGroup + " 9000-9000"}
	slices.Sort(want)
	if !slices.Equal(egress, want) {
		t.Errorf("load balancer egress: want %v, got %v", want, egress)
	}
	if got := fmt.Sprint(prop(s.Of("AWS::EC2::SecurityGroup")[taskGroup])["SecurityGroupEgress"]); !strings.Contains(got, "FromPort:443") || strings.Contains(got, "-1") {
		t.Errorf("task security group egress: want HTTPS only, got %s", got)
	}
	// With an awsvpc service on it, the instances keep its tasks from the
	// metadata service, and the instance role's credentials.
	if userData := fmt.Sprint(prop(s.Only(t, "AWS::EC2::LaunchTemplate"))["LaunchTemplateData"]); strings.Count(userData, "ECS_AWSVPC_BLOCK_IMDS=true") != 1 {
		t.Errorf("want ECS_AWSVPC_BLOCK_IMDS=true once in the user data, got %s", userData)
	}
}

// ENI trunking: before any instance launches, a step assumes the instance
// role and sets that role's own awsvpcTrunking account setting, and
// removes it on delete; the role may do just that and trusts the step.
func TestTrunkingOptsInTheInstanceRoleBeforeAnyInstance(t *testing.T) {
	s := synthesized(t, mixedModesName)
	stepID, step := s.OnlyWithID(t, "Custom::AwsvpcTrunking")
	create, remove := fmt.Sprint(prop(step)["Create"]), fmt.Sprint(prop(step)["Delete"])
	roleID, role := byPath(t, s, "AWS::IAM::Role", "/Cluster/InstanceRole/")
	for name, call := range map[string]string{
		"create": `"action":"PutAccountSetting","assumedRoleArn":"`,
		"delete": `"action":"DeleteAccountSetting","assumedRoleArn":"`,
	} {
		got := map[string]string{"create": create, "delete": remove}[name]
		if !strings.Contains(got, call) || !strings.Contains(got, roleID) || !strings.Contains(got, `"name":"awsvpcTrunking"`) {
			t.Errorf("trunking step on %s: want %s as the instance role, got %s", name, call, got)
		}
	}
	for id, group := range s.Of("AWS::AutoScaling::AutoScalingGroup") {
		if !slices.Contains(cdktest.DependsOn(group), stepID) {
			t.Errorf("group %s must depend on the trunking step, DependsOn %v", id, cdktest.DependsOn(group))
		}
	}
	stepRole := ""
	for id, r := range s.Of("AWS::IAM::Role") {
		if strings.Contains(cdktest.Path(r), "/AWS679f53fac002430cb0da5b7982bd2287/") {
			stepRole = id
		}
	}
	if trust := fmt.Sprint(prop(role)["AssumeRolePolicyDocument"]); stepRole == "" || !strings.Contains(trust, "ec2.amazonaws.com") || !strings.Contains(trust, stepRole) {
		t.Errorf("instance role trust: want EC2 and the step's function, got %s", trust)
	}
	var settings bool
	for _, policy := range s.Of("AWS::IAM::Policy") {
		document := fmt.Sprint(prop(policy)["PolicyDocument"])
		if strings.Contains(fmt.Sprint(prop(policy)["Roles"]), roleID) && strings.Contains(document, "ecs:PutAccountSetting") {
			settings = true
		}
	}
	if !settings {
		t.Error("the instance role may not set its account setting")
	}
}

// On ECS Managed Instances: a capacity provider per purchase option, in the
// private subnets with the cluster's security group, launching only the
// types asked for; task definitions for managed instances, in awsvpc mode,
// without the Docker security option the platform refuses; a service with
// no launch type, placed by the providers' strategy; and no Auto Scaling
// group, launch template or capacity provider association of ours.
func TestManagedInstancesRunTheServiceWithoutAGroup(t *testing.T) {
	s := synthesized(t, managedName)
	for _, absent := range []string{"AWS::AutoScaling::AutoScalingGroup", "AWS::EC2::LaunchTemplate", "AWS::ECS::ClusterCapacityProviderAssociations"} {
		s.CountIs(t, absent, 0)
	}
	public := s.PublicSubnets(t)
	instanceGroup, _ := byPath(t, s, "AWS::EC2::SecurityGroup", "/Cluster/InstanceSecurityGroup/")
	options := map[string]string{}
	for id, provider := range s.Of("AWS::ECS::CapacityProvider") {
		managed := prop(provider)["ManagedInstancesProvider"].(map[string]any)
		template := managed["InstanceLaunchTemplate"].(map[string]any)
		options[fmt.Sprint(template["CapacityOptionType"])] = id
		network := template["NetworkConfiguration"].(map[string]any)
		for _, subnet := range network["Subnets"].([]any) {
			if public[ref(subnet)] {
				t.Errorf("%s launches into public subnet %s", id, ref(subnet))
			}
		}
		if groups := network["SecurityGroups"].([]any); len(groups) != 1 || ref(groups[0]) != instanceGroup {
			t.Errorf("%s: want the cluster's security group, got %v", id, groups)
		}
		if ref(prop(provider)["ClusterName"]) == "" {
			t.Errorf("%s is not scoped to the cluster", id)
		}
		allowed := fmt.Sprint(template["InstanceRequirements"].(map[string]any)["AllowedInstanceTypes"])
		if !strings.Contains(allowed, "m7i.large") {
			t.Errorf("%s: want the types asked for, got %s", id, allowed)
		}
	}
	if len(options) != 2 || options["ON_DEMAND"] == "" || options["SPOT"] == "" {
		t.Errorf("want an on-demand and a Spot provider, got %v", options)
	}
	tasks := s.Only(t, "AWS::ECS::TaskDefinition")
	container := prop(tasks)["ContainerDefinitions"].([]any)[0].(map[string]any)
	if fmt.Sprint(prop(tasks)["RequiresCompatibilities"]) != "[MANAGED_INSTANCES]" || prop(tasks)["NetworkMode"] != "awsvpc" ||
		container["DockerSecurityOptions"] != nil {
		t.Errorf("task definition: want MANAGED_INSTANCES, awsvpc, no Docker security options; got %v, %v, %v",
			prop(tasks)["RequiresCompatibilities"], prop(tasks)["NetworkMode"], container["DockerSecurityOptions"])
	}
	service := prop(s.Only(t, "AWS::ECS::Service"))
	if service["LaunchType"] != nil {
		t.Errorf("service: want no launch type beside the strategy, got %v", service["LaunchType"])
	}
	var named []string
	for _, strategy := range service["CapacityProviderStrategy"].([]any) {
		named = append(named, ref(strategy.(map[string]any)["CapacityProvider"]))
	}
	slices.Sort(named)
	want := []string{options["ON_DEMAND"], options["SPOT"]}
	slices.Sort(want)
	if !slices.Equal(named, want) {
		t.Errorf("service strategy: want %v, got %v", want, named)
	}
}
