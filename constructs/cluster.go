package ecsec2

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsautoscaling"
	cw "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// AmiFamily selects the ECS-optimized Amazon Linux image of the instances.
type AmiFamily string

const (
	// AmazonLinux2023 is the ECS-optimized Amazon Linux 2023 AMI, the default.
	AmazonLinux2023 AmiFamily = "al2023"
	// AmazonLinux2 is the ECS-optimized Amazon Linux 2 AMI, which reached the
	// end of its support on 2026-06-30: only for workloads that still need it.
	AmazonLinux2 AmiFamily = "al2"
)

// Defaults of PrivateEcsEc2ClusterProps.
const (
	DefaultMaxAzs       = 2
	DefaultVpcCidr      = "10.0.0.0/16"
	DefaultInstanceType = "t3.micro"
	DefaultMinInstances = 1
	DefaultMaxInstances = 5
	// DefaultRootVolumeGiB is the size of the ECS-optimized AMIs' root snapshot,
	// the smallest root volume they boot with.
	DefaultRootVolumeGiB         = 30
	DefaultInstanceWarmupSeconds = 180
	// DefaultMaxInstanceLifetimeDays recycles every instance within a week,
	// so that each runs an ECS-optimized AMI at most a week older than the
	// newest: AWS publishes them about every two weeks.
	DefaultMaxInstanceLifetimeDays = 7
	// DefaultCpuCredits lets a burstable instance use the whole of its vCPUs
	// when it boots: T3, T3a and T4g instances "do not receive launch
	// credits" (EC2 User Guide), so in standard mode every instance that
	// scale-out, the warm pool or the weekly replacement launches would boot,
	// start the ECS agent and pull images at its baseline (10 % of each of a
	// t3.micro's two vCPUs), just when capacity is needed. Unlimited mode
	// bills nothing more while an instance's CPU averages at or below the
	// baseline over 24 hours (a boot's burst is paid back by the credits the
	// instance earns: 12 an hour on a t3.micro); beyond that, 0.05 USD per
	// vCPU-hour, which the cluster's CpuSurplusAlarm reports the hour it
	// starts.
	DefaultCpuCredits = awsec2.CpuCredits_UNLIMITED
	// DefaultLogRetention keeps logs a year, the retention the AWS Control
	// Tower controls ask for.
	DefaultLogRetention = awslogs.RetentionDays_ONE_YEAR
)

// PrivateEcsEc2ClusterProps configures a PrivateEcsEc2Cluster.
type PrivateEcsEc2ClusterProps struct {
	// An existing VPC to run in; it needs private subnets with egress (NAT)
	// in at least two zones for the instances, and public subnets for the
	// load balancer. Setting it together with MaxAzs, NatGateways, VpcCidr,
	// FlowLogs or DualStack is an error: those shape a new VPC.
	// Default: a new VPC with public and private subnets in MaxAzs zones.
	Vpc awsec2.IVpc
	// Availability zones of the new VPC. An environment-agnostic stack sees
	// two zones, and the load balancer needs two.
	// Default: 2.
	MaxAzs *float64
	// NAT gateways of the new VPC. One per zone keeps each zone's egress
	// independent of the others; 1 saves about 36 USD a month per gateway
	// (its hourly price and its public IPv4 address).
	// Default: one per availability zone.
	NatGateways *float64
	// IPv4 range of the new VPC.
	// Default: 10.0.0.0/16.
	VpcCidr *string
	// What runs the tasks: an Auto Scaling group of the cluster's own
	// (AutoScalingGroupCapacity), or ECS Managed Instances
	// (ManagedInstancesCapacity), for which AWS picks, patches and
	// replaces the instances, for a management fee, and which run AWS_VPC
	// tasks only. With ManagedInstancesCapacity, InstanceType is the
	// smallest type ECS may choose, and the props of the Auto Scaling group
	// (MinInstances, MaxInstances, MaxInstanceLifetime, WarmPool, ...) are
	// errors.
	// Default: AutoScalingGroupCapacity.
	Capacity CapacityKind
	// The instance types ECS Managed Instances may launch for the
	// on-demand provider (SpotInstanceTypes for the Spot one): of
	// InstanceType's architecture and at least its size.
	// Default: any current type of InstanceType's architecture with at
	// least its vCPUs and memory, burstable ones only when it is one.
	ManagedInstanceTypes *[]awsec2.InstanceType
	// Instance type of the container instances. t3.micro costs less than the
	// t2.micro of the blog post this library automates ("Container
	// Orchestration com AWS ECS em cluster EC2 com Load Balancer", 2023)
	// and has 2 vCPUs; a Graviton type (t4g, m7g, ...)
	// selects the arm64 AMI.
	// Default: t3.micro.
	InstanceType awsec2.InstanceType
	// ECS-optimized AMI family. New instances boot its newest release: the
	// launch template names its public SSM parameter, which EC2 resolves at
	// each launch.
	// Default: AmazonLinux2023.
	Ami AmiFamily
	// Fewest instances the Auto Scaling group keeps.
	// Default: 1.
	MinInstances *float64
	// Most instances managed scaling may launch.
	// Default: 5.
	MaxInstances *float64
	// Age at which the Auto Scaling group replaces an instance (1 to 365
	// days), so that every instance is recycled onto the newest AMI;
	// managed draining moves its tasks first.
	// Default: 7 days.
	MaxInstanceLifetime awscdk.Duration
	// CPU credit mode of burstable instance types (t2, t3, t3a, t4g); other
	// types have none and ignore it. STANDARD never bills beyond the hourly
	// price, but holds an instance at its baseline once its credits are
	// spent, and a T3, T3a or T4g instance starts with none.
	// Default: UNLIMITED, AWS's own default for T3, T3a and T4g: full speed
	// at boot, billed beyond the hourly price only when the CPU averages
	// above the baseline over 24 hours (CpuSurplusAlarm).
	CpuCredits awsec2.CpuCredits
	// Root volume size in GiB (encrypted gp3).
	// Default: 30, the size of the AMI's snapshot.
	RootVolumeGiB *float64
	// Name of an existing EC2 key pair for SSH, the blog post's route in. Session
	// Manager works without one and opens no port.
	// Default: no key pair.
	KeyPairName *string
	// Name of the ECS cluster.
	// Default: generated by CloudFormation.
	ClusterName *string
	// VPC flow logs of the new VPC, to a CloudWatch log group kept a year.
	// Default: true.
	FlowLogs *bool
	// An IPv6 block (Amazon's) beside the IPv4 one, in every subnet of the
	// new VPC, for a dual-stack load balancer (InternetFacingAlbProps'
	// IpAddressType); nothing in the VPC gets an IPv6 address on its own,
	// and the private subnets reach out over IPv6 through an egress-only
	// internet gateway. The tasks and instances keep IPv4.
	// Default: false.
	DualStack *bool
	// Customer-managed KMS key for the flow logs and the log group of the
	// stack's custom resource functions; a key of this app gets the key
	// policy statement CloudWatch Logs needs, an imported key's policy must
	// have it.
	// Default: with Hardened, a new key (1 USD a month, kept after the
	// stack, as the flow logs it encrypts are); else CloudWatch Logs' own
	// encryption.
	EncryptionKey awskms.IKey
	// The hardened profile: a customer-managed key for the cluster's logs
	// (EncryptionKey). The load balancers and services have their own.
	// Default: false.
	Hardened *bool
	// CloudWatch Container Insights: per-task CPU, memory and network
	// metrics. The services' task counts (dashboard, and the alarm on tasks
	// below desired) and the cluster's instance count read its metrics.
	// Default: true.
	ContainerInsights *bool
	// A CloudWatch dashboard of the cluster's capacity, to which every
	// service on the cluster adds its rows (3 USD a month beyond an
	// account's first three dashboards).
	// Default: true.
	Dashboard *bool
	// Share (%) of the instances' capacity that managed scaling keeps
	// reserved by tasks: 100 fills instances before adding one; less keeps
	// spare room, so new tasks start without waiting for an instance.
	// Default: 100.
	TargetCapacityPercent *float64
	// Time after launch before an instance counts in managed scaling.
	// Default: 180 seconds; an ECS-optimized AL2023 instance boots and joins
	// the cluster in one to two minutes (ECS's default is 300).
	InstanceWarmup awscdk.Duration
	// Fewest instances managed scaling adds at once.
	// Default: 1.
	MinScalingStepSize *float64
	// Most instances managed scaling adds at once.
	// Default: 10000, ECS's own, bounded by MaxInstances.
	MaxScalingStepSize *float64
	// A warm pool of stopped, pre-initialized instances (up to MaxInstances
	// less those running), which start and join the cluster faster than a
	// new launch. A stopped instance bills its root volume only.
	// Default: false.
	WarmPool *bool
	// Let the services placed on the cluster reserve, at their MaxTasks
	// during a rolling deploy, more than MaxInstances instances hold: tasks
	// beyond the room then wait unplaced. Check reports it otherwise.
	// Default: false.
	AllowOvercommit *bool
	// Instance types of a second, Spot, Auto Scaling group and capacity
	// provider: same architecture as InstanceType and, so that the fit check
	// holds, at least its size. Several types of one size help Spot find
	// capacity (t3.small, t3a.small). To remove Spot capacity from a
	// deployed cluster, set RetireSpot first and deploy, then drop these.
	// With ManagedInstancesCapacity, the types of a Spot managed instances
	// capacity provider.
	// Default: no Spot capacity.
	SpotInstanceTypes *[]awsec2.InstanceType
	// Most Spot instances.
	// Default: MaxInstances.
	SpotMaxInstances *float64
	// Weight of the Spot provider in CapacityProviderStrategies, against 1
	// for on-demand: 3 puts three tasks of four above the base on Spot.
	// Default: 1.
	SpotWeight *float64
	// Tasks placed on on-demand capacity before the weights apply, so that
	// a Spot interruption never takes every task.
	// Default: 1.
	OnDemandBaseTasks *float64
	// Step one of removing Spot capacity: the Spot provider stays
	// associated with the cluster but leaves CapacityProviderStrategies, so
	// a deploy moves the tasks to on-demand. Then remove SpotInstanceTypes
	// and deploy again. (In one step the deploy fails: CloudFormation
	// updates the cluster's capacity providers before the services, and ECS
	// refuses to remove a provider a service still names.)
	// Default: false.
	RetireSpot *bool
	// Topic the cluster's alarm (CpuSurplusAlarm) notifies; NotifyAlarms adds
	// one later, such as the topic of a load balancer made after the
	// cluster.
	// Default: none; the alarm shows on the dashboard.
	AlarmTopic awssns.ITopic
	// Let the instances, and the bridge-mode containers that share their
	// security group, connect anywhere on any port. Otherwise they reach
	// HTTPS only, which the ECS and SSM agents, image pulls and AWS's APIs
	// use; open more with cluster.Connections().AllowTo(peer, port).
	// Default: false.
	AllowAllOutbound *bool
	// ENI trunking for AWS_VPC tasks: the instance role opts in to the
	// awsvpcTrunking account setting (for itself, not the account) before
	// an instance registers, and an instance then has as many network
	// interfaces for AWS_VPC tasks as its type's trunk allows (an
	// m6i.large 10 instead of 2). Burstable types are not supported. ECS
	// Managed Instances trunk without it.
	// Default: false.
	AwsvpcTrunking *bool
	// One-minute EC2 metrics for the instances, about 2 USD a month each.
	// Scaling does not need them: it follows ECS's capacity metric and the
	// load balancer's request count.
	// Default: false.
	DetailedMonitoring *bool
}

// PrivateEcsEc2Cluster is an ECS cluster whose EC2 capacity lives in private
// subnets and follows the tasks through a capacity provider with managed
// scaling and managed draining. It implements ServiceCluster.
type PrivateEcsEc2Cluster struct {
	constructs.Construct
	// Vpc is the VPC the cluster runs in, created or passed in.
	Vpc awsec2.IVpc
	// S3Endpoint is the new VPC's S3 gateway endpoint, or nil with an
	// existing VPC. Its policy allows this account's buckets and the AWS
	// buckets the instances read; AddToPolicy allows more.
	S3Endpoint awsec2.GatewayVpcEndpoint
	// EncryptionKey encrypts the flow logs and the custom resources' logs,
	// or is nil.
	EncryptionKey awskms.IKey
	// Cluster is the ECS cluster.
	Cluster awsecs.Cluster
	// SecurityGroup is the instances' security group. The cluster's
	// Connections() include it, so a bridge-mode service behind a load
	// balancer opens the dynamic host ports to that balancer only.
	SecurityGroup awsec2.SecurityGroup
	// Role is the instances' IAM role.
	Role awsiam.Role
	// InfrastructureRole is the role ECS Managed Instances assume to
	// launch and manage the instances, or nil.
	InfrastructureRole awsiam.Role
	// ManagedCapacityProvider is the ECS Managed Instances capacity
	// provider, or nil with an Auto Scaling group.
	ManagedCapacityProvider awsecs.ManagedInstancesCapacityProvider
	// ManagedSpotCapacityProvider is the ECS Managed Instances Spot
	// capacity provider, or nil.
	ManagedSpotCapacityProvider awsecs.ManagedInstancesCapacityProvider
	// LaunchTemplate configures the on-demand instances.
	LaunchTemplate awsec2.LaunchTemplate
	// AutoScalingGroup holds the instances.
	AutoScalingGroup awsautoscaling.AutoScalingGroup
	// CapacityProvider scales the Auto Scaling group for the tasks.
	CapacityProvider awsecs.AsgCapacityProvider
	// SpotLaunchTemplate configures the Spot instances, or is nil.
	SpotLaunchTemplate awsec2.LaunchTemplate
	// SpotAutoScalingGroup holds the Spot instances, or is nil.
	SpotAutoScalingGroup awsautoscaling.AutoScalingGroup
	// SpotCapacityProvider scales SpotAutoScalingGroup, or is nil.
	SpotCapacityProvider awsecs.AsgCapacityProvider
	// Dashboard shows the cluster's capacity and its services, or is nil.
	Dashboard cw.Dashboard
	// CpuSurplusAlarm goes off when burstable instances in unlimited mode
	// are billed for CPU above their baseline, or is nil (other types, or
	// STANDARD credits). It notifies AlarmTopic, or the topics passed to
	// NotifyAlarms.
	CpuSurplusAlarm cw.Alarm

	settings     PrivateEcsEc2ClusterProps // the props with their defaults
	keyPair      awsec2.IKeyPair
	strategies   []*awsecs.CapacityProviderStrategy
	reservations []serviceReservation
	// capacityUnknown: a prop the capacity check reads had a problem.
	capacityUnknown bool
}

// Connections returns the instances' connections.
func (c *PrivateEcsEc2Cluster) Connections() awsec2.Connections {
	return c.SecurityGroup.Connections()
}

// EcsCluster is the ECS cluster.
func (c *PrivateEcsEc2Cluster) EcsCluster() awsecs.ICluster { return c.Cluster }

// InstanceType is the on-demand instances' type.
func (c *PrivateEcsEc2Cluster) InstanceType() awsec2.InstanceType { return c.settings.InstanceType }

// CapacityProviderStrategies places tasks on CapacityProvider (and, unless
// retired, SpotCapacityProvider). It is also the cluster's default strategy.
func (c *PrivateEcsEc2Cluster) CapacityProviderStrategies() []*awsecs.CapacityProviderStrategy {
	return c.strategies
}

// capacityKind is what runs the cluster's tasks.
func (c *PrivateEcsEc2Cluster) capacityKind() CapacityKind { return c.settings.Capacity }

// ServiceDashboard is the dashboard the services add their rows to.
func (c *PrivateEcsEc2Cluster) ServiceDashboard() cw.Dashboard { return c.Dashboard }

// NewPrivateEcsEc2Cluster builds the cluster. Problems of the props are
// reported by Check, and by `cdk synth`, as errors; the cluster is built
// with the invalid props at their defaults.
func NewPrivateEcsEc2Cluster(scope constructs.Construct, id *string, props *PrivateEcsEc2ClusterProps) *PrivateEcsEc2Cluster {
	p := PrivateEcsEc2ClusterProps{}
	if props != nil {
		p = *props
	}
	c := &PrivateEcsEc2Cluster{}
	constructs.NewConstruct_Override(c, scope, id)
	if errs := p.problemsIn(scope); len(errs) > 0 {
		report(c, "PrivateEcsEc2ClusterProps", errs)
		c.capacityUnknown = slices.ContainsFunc(errs, func(p Problem) bool {
			return slices.ContainsFunc(p.Fields, func(f string) bool { return slices.Contains(capacityFields, f) })
		})
		// Built with their defaults, every one of which is valid, so that
		// the services on it are checked too.
		if p = withoutFields(p, errs); len(p.problemsIn(scope)) > 0 {
			p = PrivateEcsEc2ClusterProps{}
		}
	}
	p = p.withDefaults()
	if p.EncryptionKey == nil && *p.Hardened {
		p.EncryptionKey = newEncryptionKey(c)
	}
	letUseKey(p.EncryptionKey)
	c.EncryptionKey = p.EncryptionKey
	c.Vpc, c.settings = p.Vpc, p
	if c.Vpc == nil {
		c.Vpc, c.S3Endpoint = newVpc(c, &p)
	}

	insights := awsecs.ContainerInsights_ENABLED
	if !*p.ContainerInsights {
		insights = awsecs.ContainerInsights_DISABLED
	}
	c.Cluster = awsecs.NewCluster(c, jsii.String("Cluster"), &awsecs.ClusterProps{
		Vpc:                 c.Vpc,
		ClusterName:         p.ClusterName,
		ContainerInsightsV2: insights,
	})

	c.SecurityGroup = awsec2.NewSecurityGroup(c, jsii.String("InstanceSecurityGroup"), &awsec2.SecurityGroupProps{
		Vpc:              c.Vpc,
		Description:      jsii.String("ECS container instances: ingress only from the load balancers of their services"),
		AllowAllOutbound: p.AllowAllOutbound,
	})
	if !*p.AllowAllOutbound {
		// What the instances reach, all over HTTPS: the ECS, ECR, CloudWatch
		// Logs and Systems Manager endpoints through the NAT gateways, image
		// layers in S3 through the gateway endpoint, a public registry.
		// Security groups do not filter DNS, NTP (Amazon Time Sync) or the
		// instance metadata (VPC User Guide, "Internetwork traffic privacy").
		// Bridge-mode containers share this group: an app that needs more
		// adds it with cluster.Connections().AllowTo, or sets
		// AllowAllOutbound.
		c.SecurityGroup.AddEgressRule(awsec2.Peer_AnyIpv4(), awsec2.Port_Tcp(jsii.Number(443)), jsii.String("HTTPS to AWS APIs and image registries"), jsii.Bool(false))
	}
	// The CDK trap of the blog post's step 3 (the cluster's security
	// group): AddAsgCapacityProvider does not add the instances' group to
	// the cluster's connections, and a bridge-mode service copies the
	// cluster's groups to open the dynamic ports to its load balancer.
	// Without this line no ALB-to-instance rule is made.
	c.Cluster.Connections().AddSecurityGroup(c.SecurityGroup)

	if p.Capacity == ManagedInstancesCapacity {
		c.addManagedInstances(&p)
	} else {
		c.addAutoScalingGroups(&p)
	}
	if p.AlarmTopic != nil {
		c.NotifyAlarms(p.AlarmTopic)
	}
	if *p.Dashboard {
		c.Dashboard = newDashboard(c, c.dashboardRows())
	}
	c.checkCapacity()
	return c
}

// NotifyAlarms makes the cluster's alarms notify topic too, for a topic made
// after the cluster, such as a load balancer's.
func (c *PrivateEcsEc2Cluster) NotifyAlarms(topic awssns.ITopic) {
	if c.CpuSurplusAlarm == nil {
		return
	}
	letAlarmsPublish(topic)
	notify := awscloudwatchactions.NewSnsAction(topic)
	c.CpuSurplusAlarm.AddAlarmAction(notify)
	c.CpuSurplusAlarm.AddOkAction(notify)
}

// reservedPrefixes start the capacity provider names that ECS refuses, in
// any case ("The capacity provider name cannot start with aws, ecs or
// fargate"; aws-cdk#29151).
var reservedPrefixes = []string{"aws", "ecs", "fargate"}

// nameIfStackNameReserved names a capacity provider explicitly when the name
// CloudFormation would generate, which starts with the stack's name, starts
// with a reserved word: a stack named EcsShop would fail to deploy. CDK
// checks the stack's name too, but case-sensitively (aws-cdk PR #36584 is
// still open). Other providers keep their generated names, so that their
// templates, and deployed clusters, do not change.
func nameIfStackNameReserved(scope constructs.IConstruct, provider awsecs.CfnCapacityProvider) {
	// A nested stack's resources are named after the top stack's name.
	stack := awscdk.Stack_Of(scope)
	for stack.NestedStackParent() != nil {
		stack = stack.NestedStackParent()
	}
	name := strings.ToLower(*stack.StackName())
	reserved := false
	for _, prefix := range reservedPrefixes {
		reserved = reserved || strings.HasPrefix(name, prefix)
	}
	if reserved && provider.Name() == nil {
		// As CDK names a managed instances provider: unique in the account
		// and region, as the construct's path is, within ECS's 255 characters.
		provider.SetName(jsii.Sprintf("cp-%s", *awscdk.Names_UniqueResourceName(scope, &awscdk.UniqueResourceNameOptions{
			MaxLength: jsii.Number(252), AllowedSpecialCharacters: jsii.String("-_"),
		})))
	}
}

// newVpc creates a VPC with a public and a private subnet per zone, a NAT
// gateway per zone (unless fewer are asked for), an S3 gateway endpoint and
// flow logs.
func newVpc(scope constructs.Construct, p *PrivateEcsEc2ClusterProps) (awsec2.IVpc, awsec2.GatewayVpcEndpoint) {
	// Only the load balancer and the NAT gateways live in the public
	// subnets, and they bring their own addresses: nothing gets a public IP
	// by accident, nor, in a dual-stack VPC, an IPv6 address (CDK's default
	// there is to assign one).
	public := &awsec2.SubnetConfiguration{Name: jsii.String("Public"), SubnetType: awsec2.SubnetType_PUBLIC, CidrMask: jsii.Number(24), MapPublicIpOnLaunch: jsii.Bool(false)}
	private := &awsec2.SubnetConfiguration{Name: jsii.String("Private"), SubnetType: awsec2.SubnetType_PRIVATE_WITH_EGRESS, CidrMask: jsii.Number(22)}
	props := &awsec2.VpcProps{
		IpAddresses:         awsec2.IpAddresses_Cidr(p.VpcCidr),
		MaxAzs:              p.MaxAzs,
		NatGateways:         p.NatGateways,
		SubnetConfiguration: &[]*awsec2.SubnetConfiguration{public, private},
		// Image layers come from S3: the gateway endpoint keeps them off the
		// NAT gateways, whose data processing is billed per GB.
		GatewayEndpoints: &map[string]*awsec2.GatewayVpcEndpointOptions{
			"S3": {Service: awsec2.GatewayVpcEndpointAwsService_S3()},
		},
		// Set here, not left to the feature flag of the same name: the
		// default security group allows all traffic between its members, and
		// nothing here uses it.
		RestrictDefaultSecurityGroup: jsii.Bool(true),
	}
	if *p.DualStack {
		props.IpProtocol = awsec2.IpProtocol_DUAL_STACK
		public.Ipv6AssignAddressOnCreation, private.Ipv6AssignAddressOnCreation = jsii.Bool(false), jsii.Bool(false)
	}
	vpc := awsec2.NewVpc(scope, jsii.String("Vpc"), props)
	if *p.FlowLogs {
		logGroup := awslogs.NewLogGroup(scope, jsii.String("FlowLogGroup"), &awslogs.LogGroupProps{
			Retention:     DefaultLogRetention,
			EncryptionKey: p.EncryptionKey,
			// Flow logs are security evidence: they outlive the stack.
			RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
		})
		flowLog := vpc.AddFlowLog(jsii.String("FlowLog"), &awsec2.FlowLogOptions{
			Destination: awsec2.FlowLogDestination_ToCloudWatchLogs(logGroup, nil),
			TrafficType: awsec2.FlowLogTrafficType_ALL,
		})
		confineTrust(child[awsiam.IRole](flowLog, "IAMRole"), *awscdk.Stack_Of(scope).FormatArn(&awscdk.ArnComponents{
			Service: jsii.String("ec2"), Resource: jsii.String("vpc-flow-log"), ResourceName: jsii.String("*"), ArnFormat: awscdk.ArnFormat_SLASH_RESOURCE_NAME,
		}))
		suppressInlinePolicy(child[constructs.IConstruct](child[constructs.IConstruct](flowLog, "IAMRole"), "DefaultPolicy"))
	}
	for _, subnet := range *vpc.PublicSubnets() {
		for _, id := range []string{"DefaultRoute", "DefaultRoute6"} {
			if route := subnet.Node().TryFindChild(&id); route != nil {
				suppressCompliance(route, "VPCNoUnrestrictedRouteToIGW", "a public subnet routes to the internet gateway by definition: it holds the internet-facing "+
					"load balancer and the NAT gateways; the instances and tasks are in the private subnets, which route through the NAT gateways")
			}
		}
	}
	endpoint := child[awsec2.GatewayVpcEndpoint](vpc, "S3")
	limitS3Endpoint(endpoint)
	return vpc, endpoint
}

// limitS3Endpoint replaces the gateway endpoint's full-access policy, under
// which anything in the VPC could copy data to any bucket of any account,
// with this account's buckets and the AWS buckets the instances read: ECR's
// image layers ("arn:aws:s3:::prod-region-starport-layer-bucket/*", ECR
// User Guide, "Create the Amazon S3 gateway endpoint"), SSM Agent's
// buckets (Systems Manager User Guide, "SSM Agent communications with AWS
// managed S3 buckets") and the Amazon Linux 2023 package repositories. Every
// S3 request from the private subnets goes through the endpoint, so an app
// that reads another account's bucket needs its statement added.
func limitS3Endpoint(endpoint awsec2.GatewayVpcEndpoint) {
	anyone := &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()}
	endpoint.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("ThisAccountsBuckets"),
		Principals: anyone,
		Actions:    jsii.Strings("s3:*"),
		Resources:  jsii.Strings("*"),
		Conditions: &map[string]any{"StringEquals": map[string]any{"aws:ResourceAccount": awscdk.Aws_ACCOUNT_ID()}},
	}))
	var buckets []*string
	// In the order CDK's minimizePolicies flag would sort them.
	for _, bucket := range []string{"al2023-repos-%s-*", "amazon-ssm-%s", "aws-ssm-%s", "prod-%s-starport-layer-bucket"} {
		buckets = append(buckets, jsii.Sprintf("arn:%s:s3:::%s/*", *awscdk.Aws_PARTITION(), fmt.Sprintf(bucket, *awscdk.Aws_REGION())))
	}
	endpoint.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("AwsBucketsTheInstancesRead"),
		Principals: anyone,
		Actions:    jsii.Strings("s3:GetObject"),
		Resources:  &buckets,
	}))
}

// dashboardRows show the cluster's capacity: what the tasks reserve, what
// managed scaling aims at, and the instances.
func (c *PrivateEcsEc2Cluster) dashboardRows() [][]cw.IWidget {
	cluster := c.Cluster.ClusterName()
	metric := func(namespace, name string, dims map[string]*string) cw.IMetric {
		return cw.NewMetric(&cw.MetricProps{
			Namespace: &namespace, MetricName: &name, DimensionsMap: &dims, Statistic: jsii.String("Average"), Period: minute(),
		})
	}
	byCluster := map[string]*string{"ClusterName": cluster}
	providers := []cw.IMetric{}
	for _, provider := range []awsecs.AsgCapacityProvider{c.CapacityProvider, c.SpotCapacityProvider} {
		if provider != nil {
			providers = append(providers, metric("AWS/ECS/ManagedScaling", "CapacityProviderReservation",
				map[string]*string{"ClusterName": cluster, "CapacityProviderName": provider.CapacityProviderName()}))
		}
	}
	// Managed instances have no managed scaling metric: their cluster's
	// utilization shows what ECS packs on them.
	middle := graph("Capacity provider reservation (%, managed scaling's metric)", providers)
	if len(providers) == 0 {
		middle = graph("Cluster CPU and memory utilization (%)", []cw.IMetric{
			metric("AWS/ECS", "CPUUtilization", byCluster), metric("AWS/ECS", "MemoryUtilization", byCluster),
		})
	}
	rows := [][]cw.IWidget{
		{heading(fmt.Sprintf("### Cluster %s: capacity", *c.Node().Path()))},
		{
			graph("Cluster CPU and memory reservation (%)", []cw.IMetric{
				metric("AWS/ECS", "CPUReservation", byCluster), metric("AWS/ECS", "MemoryReservation", byCluster),
			}),
			middle,
			graph("Container instances", []cw.IMetric{metric("ECS/ContainerInsights", "ContainerInstanceCount", byCluster)}),
		},
	}
	if c.CpuSurplusAlarm != nil {
		rows = append(rows, []cw.IWidget{alarmStatus("Cluster alarms", c.CpuSurplusAlarm)})
	}
	return rows
}

// withDefaults fills the unset props; p is a copy.
func (p PrivateEcsEc2ClusterProps) withDefaults() PrivateEcsEc2ClusterProps {
	if p.Vpc == nil {
		p.MaxAzs = orNumber(p.MaxAzs, DefaultMaxAzs)
		p.NatGateways = orNumber(p.NatGateways, *p.MaxAzs)
		if p.VpcCidr == nil {
			p.VpcCidr = jsii.String(DefaultVpcCidr)
		}
		p.FlowLogs = orBool(p.FlowLogs, true)
	}
	if p.Capacity == "" {
		p.Capacity = AutoScalingGroupCapacity
	}
	p.Hardened = orBool(p.Hardened, false)
	p.DualStack = orBool(p.DualStack, false)
	if p.InstanceType == nil {
		p.InstanceType = awsec2.NewInstanceType(jsii.String(DefaultInstanceType))
	}
	if p.Ami == "" {
		p.Ami = AmazonLinux2023
	}
	if p.CpuCredits == "" {
		p.CpuCredits = DefaultCpuCredits
	}
	p.MinInstances = orNumber(p.MinInstances, DefaultMinInstances)
	p.MaxInstances = orNumber(p.MaxInstances, DefaultMaxInstances)
	p.MaxInstanceLifetime = orSeconds(p.MaxInstanceLifetime, DefaultMaxInstanceLifetimeDays*24*3600)
	p.RootVolumeGiB = orNumber(p.RootVolumeGiB, DefaultRootVolumeGiB)
	p.TargetCapacityPercent = orNumber(p.TargetCapacityPercent, 100)
	p.InstanceWarmup = orSeconds(p.InstanceWarmup, DefaultInstanceWarmupSeconds)
	if len(deref(p.SpotInstanceTypes)) > 0 {
		if p.SpotMaxInstances == nil {
			p.SpotMaxInstances = p.MaxInstances
		}
		p.SpotWeight = orNumber(p.SpotWeight, 1)
		p.OnDemandBaseTasks = orNumber(p.OnDemandBaseTasks, 1)
		p.RetireSpot = orBool(p.RetireSpot, false)
	}
	p.ContainerInsights = orBool(p.ContainerInsights, true)
	p.Dashboard = orBool(p.Dashboard, true)
	p.WarmPool = orBool(p.WarmPool, false)
	p.AllowOvercommit = orBool(p.AllowOvercommit, false)
	p.DetailedMonitoring = orBool(p.DetailedMonitoring, false)
	p.AllowAllOutbound = orBool(p.AllowAllOutbound, false)
	p.AwsvpcTrunking = orBool(p.AwsvpcTrunking, false)
	return p
}
