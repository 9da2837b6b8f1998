package ecsec2

import (
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	elb "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"
)

func TestClusterPropsValidateFailsOnBadInput(t *testing.T) {
	vpcStack := awscdk.NewStack(nil, jsii.String("Vpc"), nil)
	existingVpc := awsec2.NewVpc(vpcStack, jsii.String("Vpc"), nil)
	for name, tc := range map[string]struct {
		props   PrivateEcsEc2ClusterProps
		wantErr []string
	}{
		"min instances above max": {
			props:   PrivateEcsEc2ClusterProps{MinInstances: jsii.Number(3), MaxInstances: jsii.Number(2)},
			wantErr: []string{"MinInstances (3) is above MaxInstances (2): lower MinInstances or raise MaxInstances"},
		},
		"min instances above the default max": {
			props:   PrivateEcsEc2ClusterProps{MinInstances: jsii.Number(6)},
			wantErr: []string{"MinInstances (6) is above MaxInstances (5)"},
		},
		"fractional and negative counts": {
			props:   PrivateEcsEc2ClusterProps{MinInstances: jsii.Number(-1), MaxInstances: jsii.Number(2.5)},
			wantErr: []string{"MinInstances (-1) must be a whole number of at least 0", "MaxInstances (2.5) must be a whole number of at least 1"},
		},
		"more NAT gateways than zones": {
			props:   PrivateEcsEc2ClusterProps{NatGateways: jsii.Number(3)},
			wantErr: []string{"NatGateways (3) is more than the availability zones (2): a zone holds one NAT gateway; use at most 2"},
		},
		"no NAT gateway": {
			props:   PrivateEcsEc2ClusterProps{NatGateways: jsii.Number(0)},
			wantErr: []string{"NatGateways (0) must be a whole number of at least 1"},
		},
		"one zone": {
			props:   PrivateEcsEc2ClusterProps{MaxAzs: jsii.Number(1)},
			wantErr: []string{"MaxAzs (1) must be a whole number of at least 2"},
		},
		"existing VPC with new VPC settings": {
			props:   PrivateEcsEc2ClusterProps{Vpc: existingVpc, NatGateways: jsii.Number(1), VpcCidr: jsii.String("10.1.0.0/16")},
			wantErr: []string{"NatGateways shapes a new VPC and cannot be combined with Vpc: drop NatGateways or Vpc", "VpcCidr shapes a new VPC"},
		},
		"malformed CIDR": {
			props:   PrivateEcsEc2ClusterProps{VpcCidr: jsii.String("10.0.0.0")},
			wantErr: []string{`VpcCidr ("10.0.0.0") is not an IPv4 CIDR block: use one like 10.0.0.0/16`},
		},
		"CIDR too small for the subnets": {
			props:   PrivateEcsEc2ClusterProps{VpcCidr: jsii.String("10.0.0.0/24")},
			wantErr: []string{`VpcCidr ("10.0.0.0/24") must be a /16 to /20 block`},
		},
		"unknown AMI family": {
			props:   PrivateEcsEc2ClusterProps{Ami: "ubuntu"},
			wantErr: []string{`Ami ("ubuntu") is not an AMI family: use AmazonLinux2023 or AmazonLinux2`},
		},
		"root volume below the AMI snapshot": {
			props:   PrivateEcsEc2ClusterProps{RootVolumeGiB: jsii.Number(8)},
			wantErr: []string{"RootVolumeGiB (8) must be a whole number of at least 30"},
		},
		"empty key pair name": {
			props:   PrivateEcsEc2ClusterProps{KeyPairName: jsii.String("")},
			wantErr: []string{"KeyPairName is empty"},
		},
		"target capacity above 100": {
			props:   PrivateEcsEc2ClusterProps{TargetCapacityPercent: jsii.Number(120)},
			wantErr: []string{"TargetCapacityPercent (120) must be between 1 and 100"},
		},
		"scaling steps out of order": {
			props:   PrivateEcsEc2ClusterProps{MinScalingStepSize: jsii.Number(4), MaxScalingStepSize: jsii.Number(2)},
			wantErr: []string{"MinScalingStepSize (4) is above MaxScalingStepSize (2)"},
		},
		"Spot settings without Spot types": {
			props:   PrivateEcsEc2ClusterProps{SpotWeight: jsii.Number(3)},
			wantErr: []string{"SpotWeight applies to Spot capacity, which is off: set SpotInstanceTypes, or drop SpotWeight"},
		},
		"Spot types of the other architecture": {
			props:   PrivateEcsEc2ClusterProps{SpotInstanceTypes: &[]awsec2.InstanceType{awsec2.NewInstanceType(jsii.String("t4g.micro"))}},
			wantErr: []string{"SpotInstanceTypes entry t4g.micro (ARM_64) does not match InstanceType t3.micro (X86_64): the instances run one image; use X86_64 types"},
		},
		"Spot types smaller than the on-demand type": {
			props: PrivateEcsEc2ClusterProps{
				InstanceType:      awsec2.NewInstanceType(jsii.String("t3.small")),
				SpotInstanceTypes: &[]awsec2.InstanceType{awsec2.NewInstanceType(jsii.String("t3.micro"))},
			},
			wantErr: []string{"SpotInstanceTypes entry t3.micro is smaller than InstanceType t3.small"},
		},
		"Spot types burstable and not": {
			props: PrivateEcsEc2ClusterProps{SpotInstanceTypes: &[]awsec2.InstanceType{
				awsec2.NewInstanceType(jsii.String("t3.large")), awsec2.NewInstanceType(jsii.String("m5.large")),
			}},
			wantErr: []string{"SpotInstanceTypes mixes t3.large and m5.large, of which one is burstable and one not"},
		},
		"retiring Spot without Spot": {
			props:   PrivateEcsEc2ClusterProps{RetireSpot: jsii.Bool(true)},
			wantErr: []string{"RetireSpot applies to Spot capacity, which is off"},
		},
		"instance lifetime under a day": {
			props:   PrivateEcsEc2ClusterProps{MaxInstanceLifetime: awscdk.Duration_Hours(jsii.Number(12))},
			wantErr: []string{"MaxInstanceLifetime (43200s) must be between 86400 and 31536000 seconds"},
		},
		"unknown credit mode": {
			props:   PrivateEcsEc2ClusterProps{CpuCredits: "BURST"},
			wantErr: []string{`CpuCredits ("BURST") is not a credit mode`},
		},
		"Auto Scaling group props on ECS Managed Instances": {
			props: PrivateEcsEc2ClusterProps{Capacity: ManagedInstancesCapacity, MinInstances: jsii.Number(2), WarmPool: jsii.Bool(true)},
			wantErr: []string{"MinInstances applies to the cluster's own Auto Scaling group, which ECS Managed Instances replace: drop MinInstances",
				"WarmPool applies to the cluster's own Auto Scaling group, which ECS Managed Instances replace: drop WarmPool"},
		},
		"managed instance types on an Auto Scaling group": {
			props:   PrivateEcsEc2ClusterProps{ManagedInstanceTypes: &[]awsec2.InstanceType{awsec2.NewInstanceType(jsii.String("m7i.large"))}},
			wantErr: []string{"ManagedInstanceTypes applies to ECS Managed Instances: set Capacity to ManagedInstancesCapacity, or drop ManagedInstanceTypes"},
		},
		"a mistyped managed instance type": {
			props:   PrivateEcsEc2ClusterProps{Capacity: ManagedInstancesCapacity, ManagedInstanceTypes: &[]awsec2.InstanceType{awsec2.NewInstanceType(jsii.String("m7i.larg"))}},
			wantErr: []string{"ManagedInstanceTypes (m7i.larg) is not an EC2 instance type: did you mean m7i.large?"},
		},
		"unknown capacity": {
			props:   PrivateEcsEc2ClusterProps{Capacity: "fargate"},
			wantErr: []string{`Capacity ("fargate") is not a kind of capacity: use AutoScalingGroupCapacity or ManagedInstancesCapacity`},
		},
		"trunking on a burstable type": {
			props:   PrivateEcsEc2ClusterProps{AwsvpcTrunking: jsii.Bool(true)},
			wantErr: []string{"AwsvpcTrunking: t3.micro does not support ENI trunking", "choose an instance type such as m6i.large or m6g.large (10 network interfaces for tasks each)"},
		},
		"an existing VPC without private subnets, nor route tables": {
			props: PrivateEcsEc2ClusterProps{Vpc: awsec2.Vpc_FromVpcAttributes(vpcStack, jsii.String("Bare"), &awsec2.VpcAttributes{
				VpcId: jsii.String("vpc-0123456789abcdef0"), AvailabilityZones: jsii.Strings("eu-west-1a", "eu-west-1b"),
				PublicSubnetIds: jsii.Strings("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"),
			})},
			wantErr: []string{"Vpc has private subnets with egress in 0 availability zones: the instances need them in two at least",
				"Vpc names subnets without their route tables (subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa2): pass PrivateSubnetRouteTableIds"},
		},
	} {
		t.Run(name, func(t *testing.T) { wantErrors(t, tc.props.Validate(), tc.wantErr...) })
	}
}

func TestClusterPropsValidateAcceptsGoodInputAndTokens(t *testing.T) {
	stack := awscdk.NewStack(nil, jsii.String("Tokens"), nil)
	maxInstances := awscdk.NewCfnParameter(stack, jsii.String("MaxInstances"), &awscdk.CfnParameterProps{Type: jsii.String("Number")})
	for name, props := range map[string]PrivateEcsEc2ClusterProps{
		"defaults":        {},
		"post's sizes":    {MinInstances: jsii.Number(1), MaxInstances: jsii.Number(5), InstanceType: awsec2.NewInstanceType(jsii.String("t2.micro"))},
		"scale to zero":   {MinInstances: jsii.Number(0)},
		"one NAT":         {NatGateways: jsii.Number(1)},
		"three zones":     {MaxAzs: jsii.Number(3), VpcCidr: jsii.String("10.0.0.0/20")},
		"unresolved max":  {MinInstances: jsii.Number(100), MaxInstances: maxInstances.ValueAsNumber()},
		"AL2 on purpose":  {Ami: AmazonLinux2},
		"larger root":     {RootVolumeGiB: jsii.Number(50)},
		"SSH for the old": {KeyPairName: jsii.String("my-key")},
	} {
		t.Run(name, func(t *testing.T) {
			if err := props.Validate(); err != nil {
				t.Errorf("want no error, got %v", err)
			}
		})
	}
}

func TestServicePropsValidateFailsOnBadInput(t *testing.T) {
	for name, tc := range map[string]struct {
		props   AlbFrontedServiceProps
		wantErr []string
	}{
		"tasks min above max": {
			props:   AlbFrontedServiceProps{MinTasks: jsii.Number(4), MaxTasks: jsii.Number(3)},
			wantErr: []string{"MinTasks (4) is above MaxTasks (3): lower MinTasks or raise MaxTasks"},
		},
		"memory reservation above the hard limit": {
			props:   AlbFrontedServiceProps{MemoryLimitMiB: jsii.Number(128), MemoryReservationMiB: jsii.Number(256)},
			wantErr: []string{"MemoryReservationMiB (256) is above MemoryLimitMiB (128)"},
		},
		"the post's task on a t2.micro": {
			props:   AlbFrontedServiceProps{Cluster: clusterOf("t2.micro"), Cpu: jsii.Number(1024), MemoryLimitMiB: jsii.Number(870), MemoryReservationMiB: jsii.Number(870)},
			wantErr: []string{"the task reserves 870 MiB, more than the about 793 MiB a t2.micro leaves for tasks"},
		},
		"more CPU than the instance has": {
			props:   AlbFrontedServiceProps{Cluster: clusterOf("t3.micro"), Cpu: jsii.Number(4096)},
			wantErr: []string{"Cpu (4096) is more than the 2048 CPU units of a t3.micro: lower Cpu or choose a larger instance type"},
		},
		"container port out of range": {
			props:   AlbFrontedServiceProps{ContainerPort: jsii.Number(70000)},
			wantErr: []string{"ContainerPort (70000) must be a whole number from 1 to 65535"},
		},
		"container port zero": {
			props:   AlbFrontedServiceProps{ContainerPort: jsii.Number(0)},
			wantErr: []string{"ContainerPort (0) must be a whole number from 1 to 65535"},
		},
		"requests per target zero": {
			props:   AlbFrontedServiceProps{RequestsPerTarget: jsii.Number(0)},
			wantErr: []string{"RequestsPerTarget (0) must be positive"},
		},
		"requests per target negative": {
			props:   AlbFrontedServiceProps{RequestsPerTarget: jsii.Number(-5)},
			wantErr: []string{"RequestsPerTarget (-5) must be positive"},
		},
		"arm64 image on an x86 instance type": {
			props:   AlbFrontedServiceProps{Cluster: clusterOf("t3.micro"), CpuArchitecture: awsec2.InstanceArchitecture_ARM_64},
			wantErr: []string{"CpuArchitecture (ARM_64) does not match the cluster's instance type t3.micro (X86_64): build the image for X86_64, or choose an instance type for ARM_64"},
		},
		"x86 image on a Graviton instance type": {
			props:   AlbFrontedServiceProps{Cluster: clusterOf("t4g.small"), CpuArchitecture: awsec2.InstanceArchitecture_X86_64},
			wantErr: []string{"CpuArchitecture (X86_64) does not match the cluster's instance type t4g.small (ARM_64)"},
		},
		"health check path without a slash": {
			props:   AlbFrontedServiceProps{HealthCheckPath: jsii.String("healthz")},
			wantErr: []string{`HealthCheckPath ("healthz") must start with /`},
		},
		"stop timeout beyond two minutes": {
			props:   AlbFrontedServiceProps{StopTimeout: awscdk.Duration_Minutes(jsii.Number(5))},
			wantErr: []string{"StopTimeout (300s) must be between 1 and 120 seconds"},
		},
		"deploy with no room": {
			props:   AlbFrontedServiceProps{MinHealthyPercent: jsii.Number(100), MaxHealthyPercent: jsii.Number(100)},
			wantErr: []string{"MaxHealthyPercent (100) leaves a deploy no room"},
		},
		"health check timeout not below the interval": {
			props:   AlbFrontedServiceProps{HealthCheckInterval: awscdk.Duration_Seconds(jsii.Number(5)), HealthCheckTimeout: awscdk.Duration_Seconds(jsii.Number(5))},
			wantErr: []string{"HealthCheckTimeout (5s) must be shorter than HealthCheckInterval (5s)"},
		},
		"healthy threshold of one": {
			props:   AlbFrontedServiceProps{HealthyThreshold: jsii.Number(1)},
			wantErr: []string{"HealthyThreshold (1) must be a whole number from 2 to 10"},
		},
		"deregistration delay over an hour": {
			props:   AlbFrontedServiceProps{DeregistrationDelay: awscdk.Duration_Hours(jsii.Number(2))},
			wantErr: []string{"DeregistrationDelay (7200s) must be between 0 and 3600 seconds"},
		},
		"CPU target above 100 percent": {
			props:   AlbFrontedServiceProps{CpuTargetPercent: jsii.Number(150)},
			wantErr: []string{"CpuTargetPercent (150) must be between 1 and 100"},
		},
		"alarm email without an at sign": {
			props:   AlbFrontedServiceProps{AlarmEmail: jsii.String("ops.example.com")},
			wantErr: []string{`AlarmEmail ("ops.example.com") is not an email address`},
		},
		"root user": {
			props:   AlbFrontedServiceProps{User: jsii.String("0:0")},
			wantErr: []string{`User ("0:0") is root or empty`},
		},
		"root user with a leading zero": {
			props:   AlbFrontedServiceProps{User: jsii.String("00")},
			wantErr: []string{`User ("00") is root or empty`},
		},
		"secrets in plain environment variables": {
			props: AlbFrontedServiceProps{Environment: &map[string]*string{
				"DB_PASSWORD": jsii.String("hunter2"), "GITHUB_TOKEN": jsii.String("x"), "STRIPE_API_KEY": jsii.String("x"),
				"TOKEN_TYPE": jsii.String("bearer"), "PORT": jsii.String("8000"),
			}},
			wantErr: []string{
				"Environment key DB_PASSWORD looks like a secret, which would sit in plain text in the task definition",
				"pass it in Secrets (from Secrets Manager or Parameter Store); if it is not one, add it after construction with service.Container.AddEnvironment",
				"Environment key GITHUB_TOKEN looks like a secret", "Environment key STRIPE_API_KEY looks like a secret",
			},
		},
		"HSTS without HTTPS": {
			props:   AlbFrontedServiceProps{StrictTransportSecurity: jsii.String("max-age=60")},
			wantErr: []string{`StrictTransportSecurity ("max-age=60") applies to HTTPS, which is off`},
		},
		"an HSTS value that is not one": {
			props:   AlbFrontedServiceProps{CertificateArn: jsii.String("arn:aws:acm:us-east-1:123456789012:certificate/abc-123"), StrictTransportSecurity: jsii.String("1 year")},
			wantErr: []string{`StrictTransportSecurity ("1 year") is not a Strict-Transport-Security value: use one like max-age=31536000; includeSubDomains`},
		},
		"high-resolution metrics without a utilization policy": {
			props:   AlbFrontedServiceProps{HighResolutionMetrics: jsii.Bool(true)},
			wantErr: []string{"HighResolutionMetrics applies to the CPU and memory policies, which are off"},
		},
		"HTTPS with a certificate and a domain": {
			props:   AlbFrontedServiceProps{CertificateArn: jsii.String("arn:aws:acm:us-east-1:123456789012:certificate/abc-123"), DomainName: jsii.String("shop.example.com")},
			wantErr: []string{"CertificateArn and DomainName are both set", "DomainName (shop.example.com) needs HostedZone"},
		},
		"malformed certificate ARN": {
			props:   AlbFrontedServiceProps{CertificateArn: jsii.String("arn:aws:iam::123456789012:role/x")},
			wantErr: []string{`CertificateArn ("arn:aws:iam::123456789012:role/x") is not an ACM certificate ARN`},
		},
		"TLS policy without HTTPS": {
			props:   AlbFrontedServiceProps{SslPolicy: "TLS13_13"},
			wantErr: []string{"SslPolicy (TLS13_13) applies to HTTPS, which is off"},
		},
		"a bad range in the allow-list": {
			props:   AlbFrontedServiceProps{AllowedCidrs: jsii.Strings("10.0.0.0/33")},
			wantErr: []string{`AllowedCidrs entry "10.0.0.0/33" is not an IPv4 CIDR block`},
		},
		"an empty allow-list": {
			props:   AlbFrontedServiceProps{AllowedCidrs: &[]*string{}},
			wantErr: []string{"AllowedCidrs is empty: nobody could reach it"},
		},
		"access logs off with a bucket": {
			props:   AlbFrontedServiceProps{AccessLogs: jsii.Bool(false), AccessLogsBucket: awss3.Bucket_FromBucketName(awscdk.NewStack(nil, nil, nil), jsii.String("Logs"), jsii.String("logs"))},
			wantErr: []string{"AccessLogsBucket is set but AccessLogs is false"},
		},
		"a load balancer's VPC other than the cluster's": {
			props:   AlbFrontedServiceProps{Vpc: fixture().otherVpc},
			wantErr: []string{"Vpc is another VPC than Cluster's: a load balancer reaches the instances of its own VPC only"},
		},
		"a shared load balancer in another VPC": {
			props: AlbFrontedServiceProps{
				Alb:          NewInternetFacingAlb(awscdk.NewStack(nil, nil, nil), jsii.String("Elsewhere"), &InternetFacingAlbProps{Vpc: fixture().otherVpc}),
				PathPatterns: jsii.Strings("/*"), Priority: jsii.Number(1),
			},
			wantErr: []string{"Alb is in another VPC than Cluster"},
		},
		"bridge tasks on ECS Managed Instances": {
			props:   AlbFrontedServiceProps{Cluster: managedCluster(), NetworkMode: awsecs.NetworkMode_BRIDGE},
			wantErr: []string{"NetworkMode (BRIDGE) cannot run on ECS Managed Instances", "set NetworkMode to AWS_VPC, or run the service on a cluster whose Capacity is AutoScalingGroupCapacity"},
		},
		"outbound traffic of bridge tasks": {
			props:   AlbFrontedServiceProps{AllowAllOutbound: jsii.Bool(true)},
			wantErr: []string{"AllowAllOutbound applies to AWS_VPC tasks, which have a security group of their own; BRIDGE tasks share the instances'"},
		},
		"host network mode": {
			props:   AlbFrontedServiceProps{NetworkMode: awsecs.NetworkMode_HOST},
			wantErr: []string{"NetworkMode (HOST) is not a network mode for a service behind a load balancer here"},
		},
		"a canary of bridge-mode tasks": {
			props: AlbFrontedServiceProps{DeploymentStrategy: awsecs.DeploymentStrategy_CANARY},
			wantErr: []string{"DeploymentStrategy (CANARY) needs AWS_VPC tasks",
				"set NetworkMode to AWS_VPC, run the service on ECS Managed Instances (a cluster whose Capacity is ManagedInstancesCapacity), or set DeploymentStrategy to ROLLING"},
		},
		"traffic shifting settings on a rolling service": {
			props: AlbFrontedServiceProps{TrafficShiftPercent: jsii.Number(5), BakeTime: awscdk.Duration_Minutes(jsii.Number(5)), TestTrafficHeader: jsii.String("X-Canary")},
			wantErr: []string{"TrafficShiftPercent applies to releases that shift traffic, not ROLLING ones: set DeploymentStrategy to BLUE_GREEN, CANARY or LINEAR, or drop TrafficShiftPercent",
				"BakeTime applies to releases that shift traffic", "TestTrafficHeader applies to releases that shift traffic"},
		},
		"a shift on blue/green": {
			props:   awsvpc(AlbFrontedServiceProps{DeploymentStrategy: awsecs.DeploymentStrategy_BLUE_GREEN, TrafficShiftPercent: jsii.Number(5)}),
			wantErr: []string{"TrafficShiftPercent applies to CANARY and LINEAR releases; BLUE_GREEN moves all traffic at once"},
		},
		"a linear step below 3 %": {
			props:   awsvpc(AlbFrontedServiceProps{DeploymentStrategy: awsecs.DeploymentStrategy_LINEAR, TrafficShiftPercent: jsii.Number(2.5)}),
			wantErr: []string{"TrafficShiftPercent (2.5) must be a multiple of 0.1 from 3 to 100 for LINEAR"},
		},
		"a canary share off the 0.1 grid": {
			props:   awsvpc(AlbFrontedServiceProps{DeploymentStrategy: awsecs.DeploymentStrategy_CANARY, TrafficShiftPercent: jsii.Number(0.15)}),
			wantErr: []string{"TrafficShiftPercent (0.15) must be a multiple of 0.1 from 0.1 to 100 for CANARY"},
		},
		"bake times of seconds and of two days": {
			props: awsvpc(AlbFrontedServiceProps{DeploymentStrategy: awsecs.DeploymentStrategy_CANARY,
				BakeTime: awscdk.Duration_Seconds(jsii.Number(90)), TrafficShiftBakeTime: awscdk.Duration_Days(jsii.Number(2))}),
			wantErr: []string{"BakeTime (1.5 min) must be a whole number of minutes from 0 to 1440", "TrafficShiftBakeTime (2880 min) must be a whole number of minutes from 0 to 1440"},
		},
		"a linear release over 33 hours": {
			props: awsvpc(AlbFrontedServiceProps{DeploymentStrategy: awsecs.DeploymentStrategy_LINEAR, TrafficShiftPercent: jsii.Number(3),
				TrafficShiftBakeTime: awscdk.Duration_Hours(jsii.Number(1)), BakeTime: awscdk.Duration_Hours(jsii.Number(1))}),
			wantErr: []string{"BakeTime (60 min) and 33 wait(s) of TrafficShiftBakeTime (60 min) make a release of 2040 min: CloudFormation rejects a LINEAR release over 33 hours"},
		},
		"a dual-stack load balancer in an IPv4 VPC": {
			props:   AlbFrontedServiceProps{Cluster: managedCluster(), IpAddressType: elb.IpAddressType_DUAL_STACK},
			wantErr: []string{"IpAddressType (DUAL_STACK) needs IPv6 blocks in the cluster's VPC: set the cluster's DualStack"},
		},
		"a load balancer without public IPv4": {
			props:   AlbFrontedServiceProps{IpAddressType: elb.IpAddressType_DUAL_STACK_WITHOUT_PUBLIC_IPV4},
			wantErr: []string{"IpAddressType (DUAL_STACK_WITHOUT_PUBLIC_IPV4) is not one this load balancer takes"},
		},
		"a strategy ECS does not have": {
			props:   AlbFrontedServiceProps{DeploymentStrategy: "SLOW"},
			wantErr: []string{`DeploymentStrategy ("SLOW") is not a strategy`},
		},
		"a test header with a space": {
			props:   awsvpc(AlbFrontedServiceProps{DeploymentStrategy: awsecs.DeploymentStrategy_BLUE_GREEN, TestTrafficHeader: jsii.String("X Canary")}),
			wantErr: []string{`TestTrafficHeader ("X Canary") is not an HTTP header name`},
		},
		"every problem at once": {
			props:   AlbFrontedServiceProps{MinTasks: jsii.Number(2), MaxTasks: jsii.Number(1), RequestsPerTarget: jsii.Number(0), ContainerPort: jsii.Number(-1)},
			wantErr: []string{"MinTasks (2) is above MaxTasks (1)", "RequestsPerTarget (0) must be positive", "ContainerPort (-1)"},
		},
	} {
		t.Run(name, func(t *testing.T) { wantErrors(t, withRefs(tc.props).Validate(), tc.wantErr...) })
	}
}

func TestServicePropsValidateAcceptsGoodInput(t *testing.T) {
	for name, props := range map[string]AlbFrontedServiceProps{
		"defaults":                                   {},
		"defaults on the default type":               {Cluster: clusterOf(DefaultInstanceType)},
		"Graviton":                                   {Cluster: clusterOf("t4g.micro")},
		"big task on a big instance":                 {Cluster: clusterOf("m7i.xlarge"), Cpu: jsii.Number(4096), MemoryLimitMiB: jsii.Number(12000), MemoryReservationMiB: jsii.Number(12000)},
		"a family newer than the table":              {Cluster: clusterOf("m9z.xlarge"), Cpu: jsii.Number(99999)},
		"reservation equals limit":                   {MemoryLimitMiB: jsii.Number(64), MemoryReservationMiB: jsii.Number(64)},
		"scale to zero tasks":                        {MinTasks: jsii.Number(0)},
		"awsvpc on an Auto Scaling group":            {NetworkMode: awsecs.NetworkMode_AWS_VPC, AllowAllOutbound: jsii.Bool(true)},
		"awsvpc by default on ECS Managed Instances": {Cluster: managedCluster()},
		"a canary at ECS's defaults":                 awsvpc(AlbFrontedServiceProps{DeploymentStrategy: awsecs.DeploymentStrategy_CANARY}),
		"a day's bake after linear steps":            awsvpc(AlbFrontedServiceProps{DeploymentStrategy: awsecs.DeploymentStrategy_LINEAR, BakeTime: awscdk.Duration_Days(jsii.Number(1)), TestTrafficHeader: jsii.String("X-Release-Test")}),
		"blue/green on managed instances":            {Cluster: managedCluster(), DeploymentStrategy: awsecs.DeploymentStrategy_BLUE_GREEN},
	} {
		t.Run(name, func(t *testing.T) {
			if err := withRefs(props).Validate(); err != nil {
				t.Errorf("want no error, got %v", err)
			}
		})
	}
}

func TestClusterPropsValidateInCountsTheStacksZones(t *testing.T) {
	agnostic := awscdk.NewStack(nil, jsii.String("Agnostic"), nil)
	wantErrors(t, PrivateEcsEc2ClusterProps{MaxAzs: jsii.Number(3)}.ValidateIn(agnostic),
		"MaxAzs (3) is more than the 2 availability zones the stack knows: an environment-agnostic stack knows two")
	// A stack with an environment looks its zones up (three placeholders
	// until the lookup has run).
	located := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("Located"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String("eu-west-1")},
	})
	if err := (PrivateEcsEc2ClusterProps{MaxAzs: jsii.Number(3)}).ValidateIn(located); err != nil {
		t.Errorf("want no error with three zones known, got %v", err)
	}
}

func TestServicePropsValidateChecksTheDomainAgainstItsZone(t *testing.T) {
	zone := awsroute53.HostedZone_FromHostedZoneAttributes(awscdk.NewStack(nil, nil, nil), jsii.String("Zone"), &awsroute53.HostedZoneAttributes{
		HostedZoneId: jsii.String("Z0123456789ABCDEFGHIJ"), ZoneName: jsii.String("example.com"),
	})
	wantErrors(t, withRefs(AlbFrontedServiceProps{DomainName: jsii.String("shop.example.org"), HostedZone: zone}).Validate(),
		"DomainName (shop.example.org) is not in HostedZone example.com")
	if err := withRefs(AlbFrontedServiceProps{DomainName: jsii.String("shop.example.com"), HostedZone: zone}).Validate(); err != nil {
		t.Errorf("want no error, got %v", err)
	}
}

func TestTimingsFollowTheDeployAndScalingSettings(t *testing.T) {
	defaults := AlbFrontedServiceProps{}.Timings(4, PrivateEcsEc2ClusterProps{})
	want := Timings{
		FirstHealthy: 20 * time.Second, Drain: 10 * time.Second, DrainMax: 40 * time.Second,
		// A round: 10 s to start, 20 s to health, 10 s to drain.
		Batches: 1, RollingDeploy: 40 * time.Second,
		// The rollback alarms watch 5 one-minute periods.
		Bake: 5 * time.Minute, Deploy: 5*time.Minute + 40*time.Second,
		// The error alarm's 3 datapoints and 1 to arrive, then a round of
		// the old tasks.
		Rollback: 4*time.Minute + 40*time.Second,
		// 3 datapoints, 1 period to arrive, 10 s to start, 20 s to health.
		ScaleOutTask: 4*time.Minute + 30*time.Second,
		// Then managed scaling's datapoint and its arrival, and a launch
		// within InstanceWarmup (180 s), or a warm start (60 s).
		ScaleOutInstance:     9*time.Minute + 30*time.Second,
		ScaleOutWarmInstance: 7*time.Minute + 30*time.Second,
		ScaleIn:              16 * time.Minute,
	}
	if defaults != want {
		t.Errorf("defaults:\n got %+v\nwant %+v", defaults, want)
	}
	// A CPU policy: three 20-second datapoints and one to arrive with
	// high-resolution metrics, three minutes and one without.
	cpu := AlbFrontedServiceProps{CpuTargetPercent: jsii.Number(60)}
	if got := cpu.Timings(1, PrivateEcsEc2ClusterProps{}).ScaleOutTaskOnUtilization; got != 80*time.Second+30*time.Second {
		t.Errorf("CPU at 20 s: want 1m50s, got %v", got)
	}
	cpu.HighResolutionMetrics = jsii.Bool(false)
	if got := cpu.Timings(1, PrivateEcsEc2ClusterProps{}).ScaleOutTaskOnUtilization; got != 4*time.Minute+30*time.Second {
		t.Errorf("CPU at 60 s: want 4m30s, got %v", got)
	}
	// Half the tasks at a time: two rounds; no alarms, no bake.
	halves := AlbFrontedServiceProps{MinHealthyPercent: jsii.Number(50), MaxHealthyPercent: jsii.Number(100), RollbackOnAlarm: jsii.Bool(false)}.Timings(4, PrivateEcsEc2ClusterProps{})
	if halves.Batches != 2 || halves.RollingDeploy != 80*time.Second || halves.Bake != 0 || halves.Deploy != 80*time.Second {
		t.Errorf("50/100 %%: want 2 rounds in 80s and no bake, got %+v", halves)
	}
	// A single task with no room above 100 %: one task at a time.
	slow := AlbFrontedServiceProps{
		MinHealthyPercent: jsii.Number(100), MaxHealthyPercent: jsii.Number(125),
		HealthyThreshold: jsii.Number(5), HealthCheckInterval: awscdk.Duration_Seconds(jsii.Number(30)),
	}.Timings(4, PrivateEcsEc2ClusterProps{InstanceWarmup: awscdk.Duration_Seconds(jsii.Number(300))})
	if slow.Batches != 4 || slow.FirstHealthy != 150*time.Second || slow.RollingDeploy != 4*170*time.Second ||
		slow.ScaleOutInstance != 6*time.Minute+300*time.Second+160*time.Second {
		t.Errorf("100/125 %%, 5 checks 30 s apart, 300 s warm-up: got %+v", slow)
	}
	// An awsvpc task waits for its network interface, an estimated 15 s,
	// at every start.
	awsvpc := AlbFrontedServiceProps{NetworkMode: awsecs.NetworkMode_AWS_VPC}.Timings(4, PrivateEcsEc2ClusterProps{})
	if awsvpc.RollingDeploy != 55*time.Second || awsvpc.ScaleOutTask != 4*time.Minute+45*time.Second ||
		awsvpc.ScaleOutInstance != 9*time.Minute+45*time.Second {
		t.Errorf("awsvpc: want a 55s round, 4m45s to a task, 9m45s to an instance's, got %+v", awsvpc)
	}
	// Traffic shifting: the new revision at full size (an awsvpc task's
	// start, 25 s, and two checks), the shifts, the bake time, the old
	// revision's drain; a rollback is the alarm's 4 minutes and a rule
	// change.
	for strategy, want := range map[awsecs.DeploymentStrategy][2]time.Duration{
		awsecs.DeploymentStrategy_BLUE_GREEN: {0, 45*time.Second + 10*time.Minute + 10*time.Second},
		awsecs.DeploymentStrategy_CANARY:     {10 * time.Minute, 45*time.Second + 20*time.Minute + 10*time.Second},
		awsecs.DeploymentStrategy_LINEAR:     {9 * 6 * time.Minute, 45*time.Second + 64*time.Minute + 10*time.Second},
	} {
		got := AlbFrontedServiceProps{NetworkMode: awsecs.NetworkMode_AWS_VPC, DeploymentStrategy: strategy}.Timings(4, PrivateEcsEc2ClusterProps{})
		if got.Shift != want[0] || got.Deploy != want[1] || got.ScaleUp != 45*time.Second || got.Bake != 10*time.Minute ||
			got.Rollback != 4*time.Minute || got.Batches != 0 || got.RollingDeploy != 0 {
			t.Errorf("%s: want a %v shift and a %v release, got %+v", strategy, want[0], want[1], got)
		}
	}
	// ECS Managed Instances run awsvpc tasks and launch an instance for a
	// pending task at once, in an estimated 40 s to its app running; they
	// have no warm pool.
	managed := AlbFrontedServiceProps{}.Timings(4, PrivateEcsEc2ClusterProps{Capacity: ManagedInstancesCapacity})
	if managed.ScaleOutTask != awsvpc.ScaleOutTask || managed.ScaleOutInstance != 4*time.Minute+60*time.Second ||
		managed.ScaleOutWarmInstance != 0 {
		t.Errorf("managed: want %v to a task, 5m0s to an instance's, no warm start, got %+v", awsvpc.ScaleOutTask, managed)
	}
}

// LINEAR's waits, as CloudFormation counts them for its 33-hour check.
func TestLinearStepsFollowCloudFormationsCount(t *testing.T) {
	for percent, want := range map[float64]int{10: 9, 11: 9, 3: 33, 100: 0, 33.3: 3, 25: 3, 50: 1} {
		if got := linearSteps(percent); got != want {
			t.Errorf("%v %%: want %d steps, got %d", percent, want, got)
		}
	}
}

func TestInstanceCapacityCoversTheCommonFamilies(t *testing.T) {
	for name, want := range map[string][2]float64{
		"t3.micro":       {2048, 793},
		"t2.micro":       {1024, 793},
		"t4g.small":      {2048, 1715},
		"m7i.large":      {2048, 7244},
		"c7g.xlarge":     {4096, 7244},
		"r6i.2xlarge":    {8192, 58854},
		"m6g.medium":     {1024, 3558},
		"m7i-flex.large": {2048, 7244},
	} {
		cpu, memory, ok := instanceCapacity(name)
		if !ok || cpu != want[0] || memory != want[1] {
			t.Errorf("%s: want %v CPU units and %v MiB, got %v, %v (known: %v)", name, want[0], want[1], cpu, memory, ok)
		}
	}
	for _, name := range []string{"m9z.xlarge", "t3.huge", "m7i.metal", "m7i", "c5.1xlarge"} {
		if _, _, ok := instanceCapacity(name); ok {
			t.Errorf("%s: want unknown", name)
		}
	}
}
