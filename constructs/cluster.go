package ecsec2

import (
	"fmt"
	"maps"
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
	// FlowLogs or LogEncryptionKey is an error: those shape a new VPC.
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
	// KMS key that encrypts the flow logs; its key policy must let the
	// CloudWatch Logs service principal of the region use it.
	// Default: CloudWatch Logs' own encryption at rest.
	LogEncryptionKey awskms.IKey
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
	// Cluster is the ECS cluster.
	Cluster awsecs.Cluster
	// SecurityGroup is the instances' security group. The cluster's
	// Connections() include it, so a bridge-mode service behind a load
	// balancer opens the dynamic host ports to that balancer only.
	SecurityGroup awsec2.SecurityGroup
	// Role is the instances' IAM role.
	Role awsiam.Role
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
		// Built with their defaults, every one of which is valid, so that
		// the services on it are checked too.
		if p = withoutFields(p, errs); len(p.problemsIn(scope)) > 0 {
			p = PrivateEcsEc2ClusterProps{}
		}
	}
	p = p.withDefaults()
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
	// The CDK trap of the blog post's step 3 (the cluster's security group): AddAsgCapacityProvider does not add
	// the instances' group to the cluster's connections, and a bridge-mode
	// service copies the cluster's groups to open the dynamic ports to its
	// load balancer. Without this line no ALB-to-instance rule is made.
	c.Cluster.Connections().AddSecurityGroup(c.SecurityGroup)

	c.Role = c.newInstanceRole()

	c.LaunchTemplate = c.newLaunchTemplate("LaunchTemplate", &p, false)
	c.AutoScalingGroup = c.newAutoScalingGroup("AutoScalingGroup", &p, &awsautoscaling.AutoScalingGroupProps{
		LaunchTemplate: c.LaunchTemplate,
		MinCapacity:    p.MinInstances,
		MaxCapacity:    p.MaxInstances,
	})
	if *p.WarmPool {
		// ECS does not support reusing instances on scale-in: a warm pool
		// instance is one that never ran tasks.
		c.AutoScalingGroup.AddWarmPool(&awsautoscaling.WarmPoolOptions{PoolState: awsautoscaling.PoolState_STOPPED, MinSize: jsii.Number(0)})
	}
	c.CapacityProvider = c.addCapacity("CapacityProvider", c.AutoScalingGroup, &p)
	onDemand := &awsecs.CapacityProviderStrategy{CapacityProvider: c.CapacityProvider.CapacityProviderName(), Weight: jsii.Number(1)}
	c.strategies = []*awsecs.CapacityProviderStrategy{onDemand}
	if len(deref(p.SpotInstanceTypes)) > 0 {
		c.addSpotCapacity(&p)
		if !*p.RetireSpot {
			onDemand.Base = p.OnDemandBaseTasks
			c.strategies = append(c.strategies, &awsecs.CapacityProviderStrategy{
				CapacityProvider: c.SpotCapacityProvider.CapacityProviderName(),
				Weight:           p.SpotWeight,
			})
		}
	}
	c.Cluster.AddDefaultCapacityProviderStrategy(&c.strategies)
	c.CpuSurplusAlarm = c.newCpuSurplusAlarm(&p)
	if p.AlarmTopic != nil {
		c.NotifyAlarms(p.AlarmTopic)
	}
	if *p.Dashboard {
		c.Dashboard = newDashboard(c, c.dashboardRows())
	}
	c.checkCapacity()
	return c
}

// newCpuSurplusAlarm watches the surplus CPU credits billed to the
// burstable instances of the groups in unlimited mode, or returns nil when
// none can be billed. EC2 publishes CPUSurplusCreditsCharged every five
// minutes, per Auto Scaling group with basic monitoring too.
func (c *PrivateEcsEc2Cluster) newCpuSurplusAlarm(p *PrivateEcsEc2ClusterProps) cw.Alarm {
	if p.CpuCredits != awsec2.CpuCredits_UNLIMITED {
		return nil
	}
	charged := map[string]cw.IMetric{}
	for i, group := range []struct {
		group awsautoscaling.AutoScalingGroup
		types []awsec2.InstanceType
	}{{c.AutoScalingGroup, []awsec2.InstanceType{p.InstanceType}}, {c.SpotAutoScalingGroup, deref(p.SpotInstanceTypes)}} {
		if group.group != nil && burstableFamily(*group.types[0].ToString()) {
			charged[fmt.Sprintf("group%d", i)] = cw.NewMetric(&cw.MetricProps{
				Namespace: jsii.String("AWS/EC2"), MetricName: jsii.String("CPUSurplusCreditsCharged"),
				DimensionsMap: &map[string]*string{"AutoScalingGroupName": group.group.AutoScalingGroupName()},
				Statistic:     jsii.String("Sum"), Period: fiveMinutes(),
			})
		}
	}
	if len(charged) == 0 {
		return nil
	}
	ids := slices.Sorted(maps.Keys(charged))
	return newAlarm(c, "CpuSurplusAlarm", nil, alarmSpec{
		description: "Burstable instances in unlimited mode are billed for CPU above their baseline (0.05 USD per vCPU-hour): " +
			"their CPU averaged above it over 24 hours; choose a larger or fixed-performance instance type, or more instances",
		metric: cw.NewMathExpression(&cw.MathExpressionProps{
			Label:        jsii.String("surplus CPU credits charged"),
			Expression:   jsii.String(strings.Join(ids, " + ")),
			UsingMetrics: &charged,
			Period:       fiveMinutes(),
		}),
		threshold: 0, periods: 1, datapoints: 1,
	})
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

// newLaunchTemplate configures instances: the ECS-optimized AMI, IMDSv2 out
// of the containers' reach, an encrypted root volume, the ECS agent's
// settings. On-demand instances boot the newest AMI at each launch. Spot
// ones, whose group has a mixed instances policy, boot the AMI current at
// the last deploy: Auto Scaling documents that such a group cannot use a
// launch template whose image is an SSM parameter.
func (c *PrivateEcsEc2Cluster) newLaunchTemplate(id string, p *PrivateEcsEc2ClusterProps, spot bool) awsec2.LaunchTemplate {
	if p.KeyPairName != nil && c.keyPair == nil {
		c.keyPair = awsec2.KeyPair_FromKeyPairName(c, jsii.String("KeyPair"), p.KeyPairName)
	}
	instanceType, image := p.InstanceType, ecsImage(p.Ami, p.InstanceType, !spot)
	types := []awsec2.InstanceType{p.InstanceType}
	if spot {
		// The group's overrides name the Spot types.
		instanceType, types = nil, *p.SpotInstanceTypes
	}
	var credits awsec2.CpuCredits
	if burstableFamily(*types[0].ToString()) {
		credits = p.CpuCredits
	}
	template := awsec2.NewLaunchTemplate(c, &id, &awsec2.LaunchTemplateProps{
		InstanceType: instanceType,
		MachineImage: image,
		UserData:     userData(*p.WarmPool && !spot),
		// CDK's AddAsgCapacityProvider adds statements to the group's role
		// that the instances do not need; the role's own are in
		// newInstanceRole.
		Role:          c.Role.WithoutPolicyUpdates(nil),
		SecurityGroup: c.SecurityGroup,
		KeyPair:       c.keyPair,
		CpuCredits:    credits,
		// IMDSv2 only, and a hop limit of 1: a bridge-mode container is one
		// hop further away, so it cannot read the instance role's credentials.
		RequireImdsv2:           jsii.Bool(true),
		HttpPutResponseHopLimit: jsii.Number(1),
		DetailedMonitoring:      p.DetailedMonitoring,
		BlockDevices: &[]*awsec2.BlockDevice{{
			DeviceName: jsii.String("/dev/xvda"),
			Volume: awsec2.BlockDeviceVolume_Ebs(p.RootVolumeGiB, &awsec2.EbsDeviceOptions{
				Encrypted:  jsii.Bool(true),
				VolumeType: awsec2.EbsDeviceVolumeType_GP3,
			}),
		}},
	})
	settings := []string{
		fmt.Sprintf("ECS_RESERVED_MEMORY=%d", ReservedMemoryMiB),
		// No privileged container may run here: the agent stops
		// advertising the capability, so ECS places no such task.
		"ECS_DISABLE_PRIVILEGED=true",
		// The ECS guide says an instance must register as SELinux or
		// AppArmor capable before containers placed on it "can use these
		// security options", the list no-new-privileges is in. The
		// instances' Docker does not enforce SELinux labels, so this only
		// lets the services' no-new-privileges option be placed.
		"ECS_SELINUX_CAPABLE=true",
	}
	if spot {
		// The ECS agent sets its instance to DRAINING as soon as the
		// two-minute Spot interruption notice arrives, and ECS moves the
		// tasks off it.
		settings = append(settings, "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true")
	}
	if *p.WarmPool && !spot {
		// An instance initialized for the warm pool must not register with
		// the cluster before it leaves the pool.
		settings = append(settings, "ECS_WARM_POOLS_CHECK=true")
	}
	for _, setting := range settings {
		template.UserData().AddCommands(jsii.Sprintf("echo %s >> /etc/ecs/ecs.config", setting))
	}
	return template
}

// userData is the instances' user data, the ECS agent's settings. For a
// warm pool it runs at every boot, as a cloud-init boothook: Auto Scaling
// stops an instance launched into the pool without waiting for its user
// data, and cloud-init runs plain user data at the first boot only, so an
// instance could leave the pool without its cluster's name.
func userData(everyBoot bool) awsec2.UserData {
	script := awsec2.UserData_ForLinux(nil)
	if !everyBoot {
		return script
	}
	multipart := awsec2.NewMultipartUserData(nil)
	multipart.AddUserDataPart(script, jsii.String(`text/cloud-boothook; charset="utf-8"`), jsii.Bool(true))
	return multipart
}

// newAutoScalingGroup creates a group of container instances in the private
// subnets of every zone, replaced at MaxInstanceLifetime. It has no desired
// capacity: managed scaling owns it, and a fixed value would reset the group
// on every deploy.
func (c *PrivateEcsEc2Cluster) newAutoScalingGroup(id string, p *PrivateEcsEc2ClusterProps, props *awsautoscaling.AutoScalingGroupProps) awsautoscaling.AutoScalingGroup {
	subnets := &awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PRIVATE_WITH_EGRESS}
	props.Vpc, props.VpcSubnets = c.Vpc, subnets
	props.MaxInstanceLifetime = p.MaxInstanceLifetime
	// Replacing an instance (its lifetime, a failed health check) launches
	// the new one before the old one terminates, within MaxInstances.
	props.MinHealthyPercentage, props.MaxHealthyPercentage = jsii.Number(100), jsii.Number(110)
	group := awsautoscaling.NewAutoScalingGroup(c, &id, props)
	// CloudFormation takes the zones from the subnets; listing them too
	// states that the group spans several zones (AWS Control Tower
	// CT.AUTOSCALING.PR.1 reads this property). An imported VPC names its
	// zones literally, which would tie the template to one region (cfn-lint
	// W3010): its group keeps the subnets only.
	var zones []*string
	for _, subnet := range *c.Vpc.SelectSubnets(subnets).Subnets {
		zones = append(zones, subnet.AvailabilityZone())
	}
	if len(zones) > 0 && isTokenString(*zones[0]) {
		group.Node().DefaultChild().(awsautoscaling.CfnAutoScalingGroup).SetAvailabilityZones(&zones)
	}
	suppress(group, "AwsSolutions-AS3", "ECS managed scaling drives this group; its activity is in the ECS events, "+
		"the Auto Scaling activity history and the service dashboard, and the service alarms notify on what users see")

	// On delete, the instances go before the cluster and before their NAT
	// routes, so that their ECS agents can still deregister them and the
	// cluster deletes without "container instances are active".
	group.Node().AddDependency(c.Cluster.Node().DefaultChild())
	for _, subnet := range *c.Vpc.PrivateSubnets() {
		group.Node().AddDependency(subnet.InternetConnectivityEstablished())
	}
	return group
}

// addSpotCapacity adds the Spot group and its capacity provider.
func (c *PrivateEcsEc2Cluster) addSpotCapacity(p *PrivateEcsEc2ClusterProps) {
	c.allowSpotDraining()
	c.SpotLaunchTemplate = c.newLaunchTemplate("SpotLaunchTemplate", p, true)
	overrides := make([]*awsautoscaling.LaunchTemplateOverrides, len(*p.SpotInstanceTypes))
	for i, instanceType := range *p.SpotInstanceTypes {
		overrides[i] = &awsautoscaling.LaunchTemplateOverrides{InstanceType: instanceType}
	}
	c.SpotAutoScalingGroup = c.newAutoScalingGroup("SpotAutoScalingGroup", p, &awsautoscaling.AutoScalingGroupProps{
		MixedInstancesPolicy: &awsautoscaling.MixedInstancesPolicy{
			LaunchTemplate:          c.SpotLaunchTemplate,
			LaunchTemplateOverrides: &overrides,
			InstancesDistribution: &awsautoscaling.InstancesDistribution{
				OnDemandBaseCapacity:                jsii.Number(0),
				OnDemandPercentageAboveBaseCapacity: jsii.Number(0),
				SpotAllocationStrategy:              awsautoscaling.SpotAllocationStrategy_PRICE_CAPACITY_OPTIMIZED,
			},
		},
		// Replaces an instance at risk of interruption ahead of time.
		CapacityRebalance: jsii.Bool(true),
		MinCapacity:       jsii.Number(0),
		MaxCapacity:       p.SpotMaxInstances,
	})
	suppress(c.SpotAutoScalingGroup, "CdkNagValidationFailure", "AwsSolutions-EC26 cannot read a launch template that a mixed instances policy references by ID; "+
		"the Spot launch template encrypts its root volume as the on-demand one does, which that rule checks")
	c.SpotCapacityProvider = c.addCapacity("SpotCapacityProvider", c.SpotAutoScalingGroup, p)
}

// addCapacity lets ECS scale group for the tasks through a capacity provider
// of the cluster, with managed scaling and managed draining, and makes the
// stack's deletion unable to wait on the draining hook.
func (c *PrivateEcsEc2Cluster) addCapacity(id string, group awsautoscaling.AutoScalingGroup, p *PrivateEcsEc2ClusterProps) awsecs.AsgCapacityProvider {
	provider := awsecs.NewAsgCapacityProvider(c, &id, &awsecs.AsgCapacityProviderProps{
		AutoScalingGroup:       group,
		EnableManagedScaling:   jsii.Bool(true),
		TargetCapacityPercent:  p.TargetCapacityPercent,
		InstanceWarmupPeriod:   jsii.Number(wholeSeconds(p.InstanceWarmup)),
		MinimumScalingStepSize: p.MinScalingStepSize,
		MaximumScalingStepSize: p.MaxScalingStepSize,
		// Managed draining moves tasks off an instance before it terminates,
		// which makes scale-in and instance replacement safe without managed
		// termination protection; that protection keeps instances alive and
		// hangs `cdk destroy`.
		EnableManagedDraining:              jsii.Bool(true),
		EnableManagedTerminationProtection: jsii.Bool(false),
	})
	nameIfStackNameReserved(provider, child[awsecs.CfnCapacityProvider](provider, id))
	c.Cluster.AddAsgCapacityProvider(provider, nil)
	c.releaseDrainingHookOnDelete(id, group, provider)
	return provider
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
	vpc := awsec2.NewVpc(scope, jsii.String("Vpc"), &awsec2.VpcProps{
		IpAddresses: awsec2.IpAddresses_Cidr(p.VpcCidr),
		MaxAzs:      p.MaxAzs,
		NatGateways: p.NatGateways,
		SubnetConfiguration: &[]*awsec2.SubnetConfiguration{
			// Only the load balancer and the NAT gateways live here, and they
			// bring their own addresses: nothing gets a public IP by accident.
			{Name: jsii.String("Public"), SubnetType: awsec2.SubnetType_PUBLIC, CidrMask: jsii.Number(24), MapPublicIpOnLaunch: jsii.Bool(false)},
			{Name: jsii.String("Private"), SubnetType: awsec2.SubnetType_PRIVATE_WITH_EGRESS, CidrMask: jsii.Number(22)},
		},
		// Image layers come from S3: the gateway endpoint keeps them off the
		// NAT gateways, whose data processing is billed per GB.
		GatewayEndpoints: &map[string]*awsec2.GatewayVpcEndpointOptions{
			"S3": {Service: awsec2.GatewayVpcEndpointAwsService_S3()},
		},
		// Set here, not left to the feature flag of the same name: the
		// default security group allows all traffic between its members, and
		// nothing here uses it.
		RestrictDefaultSecurityGroup: jsii.Bool(true),
	})
	if *p.FlowLogs {
		logGroup := awslogs.NewLogGroup(scope, jsii.String("FlowLogGroup"), &awslogs.LogGroupProps{
			Retention:     DefaultLogRetention,
			EncryptionKey: p.LogEncryptionKey,
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

// ecsImage is the newest ECS-optimized AMI of the family for the instance
// type's architecture, read from AWS's public SSM parameter: atLaunch by EC2
// at each launch (a launch template's "resolve:ssm:" image id), so that an
// instance replaced at its lifetime boots the AMI released since, with no
// deploy; else by CloudFormation at each deploy.
func ecsImage(family AmiFamily, instanceType awsec2.InstanceType, atLaunch bool) awsec2.IMachineImage {
	os := "amazon-linux-2023"
	if family == AmazonLinux2 {
		os = "amazon-linux-2"
	}
	arch := ""
	if instanceType.Architecture() == awsec2.InstanceArchitecture_ARM_64 {
		arch = "arm64/"
	}
	parameter := fmt.Sprintf("/aws/service/ecs/optimized-ami/%s/%srecommended/image_id", os, arch)
	if !atLaunch {
		return awsec2.MachineImage_FromSsmParameter(&parameter, &awsec2.SsmParameterImageOptions{Os: awsec2.OperatingSystemType_LINUX})
	}
	return awsec2.MachineImage_ResolveSsmParameterAtLaunch(&parameter, &awsec2.SsmParameterImageOptions{Os: awsec2.OperatingSystemType_LINUX})
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
	rows := [][]cw.IWidget{
		{heading(fmt.Sprintf("### Cluster %s: capacity", *c.Node().Path()))},
		{
			graph("Cluster CPU and memory reservation (%)", []cw.IMetric{
				metric("AWS/ECS", "CPUReservation", byCluster), metric("AWS/ECS", "MemoryReservation", byCluster),
			}),
			graph("Capacity provider reservation (%, managed scaling's metric)", providers),
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
	return p
}
