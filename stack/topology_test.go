package stack

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

// The tests of this file follow the rows of README.md's "What it builds, step by step": each proves
// that the synthesized template does what the post's step did, or the better
// thing the row asks for.

// Row 1: VPC with 2 AZs, 2 public + 2 private subnets, internet gateway and
// an S3 gateway endpoint.
func TestVpcHasPublicAndPrivateSubnetsInTwoZonesAndS3Endpoint(t *testing.T) {
	s := defaultStack(t)
	s.CountIs(t, "AWS::EC2::VPC", 1)
	s.CountIs(t, "AWS::EC2::Subnet", 4)
	s.CountIs(t, "AWS::EC2::InternetGateway", 1)
	public, private := 0, 0
	zones := map[string]bool{}
	isPublic := s.PublicSubnets(t)
	for id, subnet := range s.Of("AWS::EC2::Subnet") {
		p := props(subnet)
		zones[fmt.Sprint(p["AvailabilityZone"])] = true
		if p["MapPublicIpOnLaunch"] != false {
			t.Errorf("subnet %s gives public IPs to what launches in it", id)
		}
		if isPublic[id] {
			public++
		} else {
			private++
		}
	}
	if public != 2 || private != 2 || len(zones) != 2 {
		t.Errorf("want 2 public and 2 private subnets in 2 zones, got %d public, %d private, %d zones", public, private, len(zones))
	}
	s.HasProps(t, "AWS::EC2::VPCEndpoint", obj{
		"VpcEndpointType": "Gateway",
		"ServiceName":     like(obj{"Fn::Join": arrayWith(arrayWith(".s3"))}),
	})
}

// Row 2: the load balancer's own group, HTTP 80 from anywhere.
func TestLoadBalancerSecurityGroupAllowsHttpFromAnywhere(t *testing.T) {
	s := defaultStack(t)
	albGroup := ref(props(s.Only(t, "AWS::ElasticLoadBalancingV2::LoadBalancer"))["SecurityGroups"].([]any)[0])
	group := props(s.Of("AWS::EC2::SecurityGroup")[albGroup])
	ingress, _ := group["SecurityGroupIngress"].([]any)
	if len(ingress) != 1 {
		t.Fatalf("load balancer group: want one ingress rule, got %v", ingress)
	}
	rule := ingress[0].(map[string]any)
	if rule["CidrIp"] != "0.0.0.0/0" || rule["FromPort"] != 80.0 || rule["ToPort"] != 80.0 || rule["IpProtocol"] != "tcp" {
		t.Errorf("load balancer group: want tcp 80 from 0.0.0.0/0, got %v", rule)
	}
}

// Row 3: the instances accept the load balancer on the dynamic host-port
// range and nothing else: the rule AddAsgCapacityProvider alone never makes.
func TestInstancesAcceptOnlyTheLoadBalancerOnDynamicHostPorts(t *testing.T) {
	s := defaultStack(t)
	albGroup := ref(props(s.Only(t, "AWS::ElasticLoadBalancingV2::LoadBalancer"))["SecurityGroups"].([]any)[0])
	instanceGroup := ref(props(s.Only(t, "AWS::EC2::LaunchTemplate"))["LaunchTemplateData"].(map[string]any)["SecurityGroupIds"].([]any)[0])
	if albGroup == "" || instanceGroup == "" || albGroup == instanceGroup {
		t.Fatalf("want separate load balancer and instance groups, got %q and %q", albGroup, instanceGroup)
	}
	if inline := props(s.Of("AWS::EC2::SecurityGroup")[instanceGroup])["SecurityGroupIngress"]; inline != nil {
		t.Errorf("instance group: want no inline ingress, got %v", inline)
	}
	var rules []map[string]any
	for _, r := range s.Of("AWS::EC2::SecurityGroupIngress") {
		if ref(props(r)["GroupId"]) == instanceGroup {
			rules = append(rules, props(r))
		}
	}
	if len(rules) != 1 {
		t.Fatalf("instance group: want exactly one ingress rule, got %v", rules)
	}
	rule := rules[0]
	if ref(rule["SourceSecurityGroupId"]) != albGroup || rule["IpProtocol"] != "tcp" || rule["FromPort"] != 32768.0 || rule["ToPort"] != 65535.0 {
		t.Errorf("instance group: want tcp 32768-65535 from the load balancer group, got %v", rule)
	}
	s.HasProps(t, "AWS::EC2::SecurityGroupEgress", obj{
		"GroupId":                    obj{"Fn::GetAtt": []any{albGroup, "GroupId"}},
		"DestinationSecurityGroupId": obj{"Fn::GetAtt": []any{instanceGroup, "GroupId"}},
		"FromPort":                   32768,
		"ToPort":                     65535,
	})
}

// Row 4: one NAT gateway with an Elastic IP per zone; each private route
// table sends 0.0.0.0/0 to the NAT of its own zone.
func TestNatGatewayPerZoneRoutesItsPrivateSubnet(t *testing.T) {
	s := defaultStack(t)
	s.CountIs(t, "AWS::EC2::NatGateway", 2)
	s.CountIs(t, "AWS::EC2::EIP", 2)
	subnets := s.Of("AWS::EC2::Subnet")
	nats := s.Of("AWS::EC2::NatGateway")
	associations := s.Of("AWS::EC2::SubnetRouteTableAssociation")
	natRoutes := 0
	for _, route := range s.Of("AWS::EC2::Route") {
		p := props(route)
		nat := ref(p["NatGatewayId"])
		if nat == "" {
			continue
		}
		natRoutes++
		if p["DestinationCidrBlock"] != "0.0.0.0/0" {
			t.Errorf("NAT route: want 0.0.0.0/0, got %v", p["DestinationCidrBlock"])
		}
		natZone := props(subnets[ref(props(nats[nat])["SubnetId"])])["AvailabilityZone"]
		for _, a := range associations {
			if ref(props(a)["RouteTableId"]) == ref(p["RouteTableId"]) {
				if zone := props(subnets[ref(props(a)["SubnetId"])])["AvailabilityZone"]; fmt.Sprint(zone) != fmt.Sprint(natZone) {
					t.Errorf("private subnet in %v routes to the NAT gateway in %v", zone, natZone)
				}
			}
		}
	}
	if natRoutes != 2 {
		t.Errorf("want 2 routes to NAT gateways, got %d", natRoutes)
	}
}

// Row 5: EC2 capacity through a capacity provider; AL2023, IMDSv2, encrypted
// root volume, private subnets, 1 to 5 instances, no SSH by default.
func TestClusterCapacityIsPrivateHardenedAndManaged(t *testing.T) {
	s := defaultStack(t)
	s.CountIs(t, "AWS::ECS::Cluster", 1)
	s.HasProps(t, "AWS::AutoScaling::AutoScalingGroup", obj{
		"MinSize":                          "1",
		"MaxSize":                          "5",
		"DesiredCapacity":                  assertions.Match_Absent(),
		"NewInstancesProtectedFromScaleIn": assertions.Match_Absent(),
		"TargetGroupARNs":                  assertions.Match_Absent(),
	})
	_, asg := s.OnlyWithID(t, "AWS::AutoScaling::AutoScalingGroup")
	isPublic := s.PublicSubnets(t)
	zones := map[string]bool{}
	for _, subnet := range props(asg)["VPCZoneIdentifier"].([]any) {
		if isPublic[ref(subnet)] {
			t.Errorf("Auto Scaling group uses public subnet %s", ref(subnet))
		}
		zones[fmt.Sprint(props(s.Of("AWS::EC2::Subnet")[ref(subnet)])["AvailabilityZone"])] = true
	}
	if len(zones) != 2 {
		t.Errorf("Auto Scaling group spans %d zones, want 2", len(zones))
	}
	s.HasProps(t, "AWS::EC2::LaunchTemplate", obj{"LaunchTemplateData": obj{
		"ImageId":             "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
		"CreditSpecification": obj{"CpuCredits": "unlimited"},
		"InstanceType":        "t3.micro",
		"MetadataOptions":     obj{"HttpTokens": "required", "HttpPutResponseHopLimit": 1},
		"BlockDeviceMappings": []any{obj{"DeviceName": "/dev/xvda", "Ebs": obj{"Encrypted": true, "VolumeType": "gp3", "VolumeSize": 30}}},
		"KeyName":             assertions.Match_Absent(),
		"NetworkInterfaces":   assertions.Match_Absent(),
		"UserData":            assertions.Match_AnyValue(),
	}})
	s.HasProps(t, "AWS::ECS::CapacityProvider", obj{"AutoScalingGroupProvider": obj{
		"ManagedScaling":               like(obj{"Status": "ENABLED", "TargetCapacity": 100}),
		"ManagedDraining":              "ENABLED",
		"ManagedTerminationProtection": "DISABLED",
	}})
	capacityProvider, _ := s.OnlyWithID(t, "AWS::ECS::CapacityProvider")
	cluster, _ := s.OnlyWithID(t, "AWS::ECS::Cluster")
	s.HasProps(t, "AWS::ECS::ClusterCapacityProviderAssociations", obj{
		"Cluster":           obj{"Ref": cluster},
		"CapacityProviders": []any{obj{"Ref": capacityProvider}},
	})
}

// Row 5: the ECS agent joins the cluster and keeps memory for the OS.
func TestInstancesJoinTheClusterAndReserveMemory(t *testing.T) {
	s := defaultStack(t)
	cluster, _ := s.OnlyWithID(t, "AWS::ECS::Cluster")
	userData := fmt.Sprint(props(s.Only(t, "AWS::EC2::LaunchTemplate"))["LaunchTemplateData"].(map[string]any)["UserData"])
	for _, want := range []string{"ECS_CLUSTER=", cluster, "/etc/ecs/ecs.config", "ECS_RESERVED_MEMORY=128"} {
		if !strings.Contains(userData, want) {
			t.Errorf("user data lacks %q: %s", want, userData)
		}
	}
	s.HasProps(t, "AWS::IAM::Role", obj{
		"AssumeRolePolicyDocument": like(obj{"Statement": arrayWith(like(obj{"Principal": obj{"Service": "ec2.amazonaws.com"}}))}),
	})
}

// Row 6: internet-facing ALB in public subnets, HTTP:80 forwarding to a
// target group of instances with a health check on the app's endpoint.
func TestLoadBalancerForwardsHttpToHealthCheckedTargetGroup(t *testing.T) {
	s := defaultStack(t)
	s.HasProps(t, "AWS::ElasticLoadBalancingV2::LoadBalancer", obj{
		"Scheme":                 "internet-facing",
		"Type":                   "application",
		"LoadBalancerAttributes": arrayWith(obj{"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"}),
	})
	isPublic := s.PublicSubnets(t)
	for _, subnet := range props(s.Only(t, "AWS::ElasticLoadBalancingV2::LoadBalancer"))["Subnets"].([]any) {
		if !isPublic[ref(subnet)] {
			t.Errorf("load balancer uses non-public subnet %s", ref(subnet))
		}
	}
	targetGroup, _ := s.OnlyWithID(t, "AWS::ElasticLoadBalancingV2::TargetGroup")
	s.HasProps(t, "AWS::ElasticLoadBalancingV2::Listener", obj{
		"Port":           80,
		"Protocol":       "HTTP",
		"DefaultActions": []any{obj{"Type": "forward", "TargetGroupArn": obj{"Ref": targetGroup}}},
	})
	s.HasProps(t, "AWS::ElasticLoadBalancingV2::TargetGroup", obj{
		"TargetType":                 "instance",
		"Protocol":                   "HTTP",
		"HealthCheckPath":            "/healthz",
		"Matcher":                    obj{"HttpCode": "200"},
		"HealthCheckIntervalSeconds": 10,
		"HealthyThresholdCount":      2,
		"TargetGroupAttributes":      arrayWith(obj{"Key": "deregistration_delay.timeout_seconds", "Value": "10"}),
	})
}

// Row 7: the service, not the Auto Scaling group, scales on requests per
// task (50), ALBRequestCountPerTarget, the post's metric; the group is
// neither in the target group nor given a policy.
func TestServiceScalesTaskCountOnRequestsPerTarget(t *testing.T) {
	s := defaultStack(t)
	service, _ := s.OnlyWithID(t, "AWS::ECS::Service")
	cluster, _ := s.OnlyWithID(t, "AWS::ECS::Cluster")
	s.HasProps(t, "AWS::ApplicationAutoScaling::ScalableTarget", obj{
		"ScalableDimension": "ecs:service:DesiredCount",
		"ServiceNamespace":  "ecs",
		"MinCapacity":       1,
		"MaxCapacity":       10,
		"ResourceId":        like(obj{"Fn::Join": arrayWith(arrayWith(obj{"Ref": cluster}, obj{"Fn::GetAtt": []any{service, "Name"}}))}),
	})
	s.HasProps(t, "AWS::ApplicationAutoScaling::ScalingPolicy", obj{
		"PolicyType": "TargetTrackingScaling",
		"TargetTrackingScalingPolicyConfiguration": like(obj{
			"TargetValue":                   50,
			"DisableScaleIn":                assertions.Match_Absent(),
			"PredefinedMetricSpecification": like(obj{"PredefinedMetricType": "ALBRequestCountPerTarget"}),
		}),
	})
	s.CountIs(t, "AWS::AutoScaling::ScalingPolicy", 0)
}

// Row 8: bridge mode, container port 8000 on a dynamic host port, sized for
// the Go app, roles made by CDK, logs with a retention, a health check.
func TestTaskDefinitionIsBridgeModeOnDynamicHostPorts(t *testing.T) {
	s := defaultStack(t)
	s.HasProps(t, "AWS::ECS::TaskDefinition", obj{
		"NetworkMode":             "bridge",
		"RequiresCompatibilities": []any{"EC2"},
		"RuntimePlatform":         obj{"CpuArchitecture": "X86_64", "OperatingSystemFamily": "LINUX"},
		"TaskRoleArn":             like(obj{"Fn::GetAtt": assertions.Match_AnyValue()}),
		"ExecutionRoleArn":        like(obj{"Fn::GetAtt": assertions.Match_AnyValue()}),
		"ContainerDefinitions": []any{like(obj{
			"Cpu":               256,
			"Memory":            128,
			"MemoryReservation": 64,
			"PortMappings":      []any{like(obj{"ContainerPort": 8000, "HostPort": 0, "Protocol": "tcp"})},
			"HealthCheck":       like(obj{"Command": []any{"CMD", "/server", "healthcheck"}}),
			"StopTimeout":       15,
			"Environment":       arrayWith(obj{"Name": "DRAIN_TIMEOUT", "Value": "10s"}, obj{"Name": "PORT", "Value": "8000"}),
			"LogConfiguration":  like(obj{"LogDriver": "awslogs"}),
		})},
	})
	container := props(s.Only(t, "AWS::ECS::TaskDefinition"))["ContainerDefinitions"].([]any)[0].(map[string]any)
	logGroup := s.Of("AWS::Logs::LogGroup")[ref(container["LogConfiguration"].(map[string]any)["Options"].(map[string]any)["awslogs-group"])]
	if props(logGroup)["RetentionInDays"] != 365.0 || logGroup["DeletionPolicy"] != "Delete" {
		t.Errorf("container log group: want 365 days, deleted with the stack; got %v", logGroup)
	}
}

// Row 9: a replica service with an explicit capacity provider strategy, no
// launch type, zero-downtime deploys rolled back when they fail, created
// after the capacity provider is associated with the cluster.
func TestServiceUsesCapacityProviderAndDeploysSafely(t *testing.T) {
	s := defaultStack(t)
	capacityProvider, _ := s.OnlyWithID(t, "AWS::ECS::CapacityProvider")
	association, _ := s.OnlyWithID(t, "AWS::ECS::ClusterCapacityProviderAssociations")
	s.HasProps(t, "AWS::ECS::Service", obj{
		"SchedulingStrategy":       "REPLICA",
		"LaunchType":               assertions.Match_Absent(),
		"DesiredCount":             assertions.Match_Absent(),
		"CapacityProviderStrategy": []any{obj{"CapacityProvider": obj{"Ref": capacityProvider}, "Weight": 1}},
		"DeploymentConfiguration": obj{
			"DeploymentCircuitBreaker": obj{"Enable": true, "Rollback": true},
			"MinimumHealthyPercent":    100,
			"MaximumPercent":           200,
		},
		"HealthCheckGracePeriodSeconds": 20,
		"LoadBalancers":                 []any{like(obj{"ContainerName": "web", "ContainerPort": 8000})},
	})
	_, service := s.OnlyWithID(t, "AWS::ECS::Service")
	if !slices.Contains(cdktest.DependsOn(service), association) {
		t.Errorf("service DependsOn %v lacks the capacity provider association %s", cdktest.DependsOn(service), association)
	}
}

// Row 11: the stack outputs the URL the load test hits.
func TestOutputsNameTheUrlAndTheResources(t *testing.T) {
	s := defaultStack(t)
	outputs, _ := s.JSON["Outputs"].(map[string]any)
	for _, name := range []string{"HostNameUrl", "LoadBalancerDnsName", "ClusterName", "ServiceName"} {
		if _, ok := outputs[name]; !ok {
			t.Errorf("output %s missing; outputs: %v", name, outputs)
		}
	}
	if url := fmt.Sprint(outputs["HostNameUrl"]); !strings.Contains(url, "http://") || !strings.Contains(url, "/host-name") {
		t.Errorf("HostNameUrl: want http://<alb>/host-name, got %s", url)
	}
}
