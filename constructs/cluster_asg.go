package ecsec2

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsautoscaling"
	cw "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/jsii-runtime-go"
)

// addAutoScalingGroups gives the cluster its own EC2 capacity: the
// instances' role and launch template, the Auto Scaling group and its
// capacity provider, the same again for Spot, and the default strategy.
func (c *PrivateEcsEc2Cluster) addAutoScalingGroups(p *PrivateEcsEc2ClusterProps) {
	c.Role = c.newInstanceRole()

	c.LaunchTemplate = c.newLaunchTemplate("LaunchTemplate", p, false)
	c.AutoScalingGroup = c.newAutoScalingGroup("AutoScalingGroup", p, &awsautoscaling.AutoScalingGroupProps{
		LaunchTemplate: c.LaunchTemplate,
		MinCapacity:    p.MinInstances,
		MaxCapacity:    p.MaxInstances,
	})
	if *p.WarmPool {
		// ECS does not support reusing instances on scale-in: a warm pool
		// instance is one that never ran tasks.
		c.AutoScalingGroup.AddWarmPool(&awsautoscaling.WarmPoolOptions{PoolState: awsautoscaling.PoolState_STOPPED, MinSize: jsii.Number(0)})
	}
	c.CapacityProvider = c.addCapacity("CapacityProvider", c.AutoScalingGroup, p)
	onDemand := &awsecs.CapacityProviderStrategy{CapacityProvider: c.CapacityProvider.CapacityProviderName(), Weight: jsii.Number(1)}
	c.strategies = []*awsecs.CapacityProviderStrategy{onDemand}
	if len(deref(p.SpotInstanceTypes)) > 0 {
		c.addSpotCapacity(p)
		if !*p.RetireSpot {
			onDemand.Base = p.OnDemandBaseTasks
			c.strategies = append(c.strategies, &awsecs.CapacityProviderStrategy{
				CapacityProvider: c.SpotCapacityProvider.CapacityProviderName(),
				Weight:           p.SpotWeight,
			})
		}
	}
	if *p.AwsvpcTrunking {
		groups := []awsautoscaling.AutoScalingGroup{c.AutoScalingGroup}
		if c.SpotAutoScalingGroup != nil {
			groups = append(groups, c.SpotAutoScalingGroup)
		}
		c.optInToTrunking(groups...)
	}
	c.Cluster.AddDefaultCapacityProviderStrategy(&c.strategies)
	c.CpuSurplusAlarm = c.newCpuSurplusAlarm(p)
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

// blockMetadataFromAwsvpcTasks keeps the AWS_VPC tasks of the cluster's
// instances from the instance metadata service, and so from the instance
// role's credentials: the hop limit of 1 keeps bridge-mode containers
// away, but an AWS_VPC task has an interface of its own, and the agent
// blocks it instead ("Amazon ECS container instance IAM role", ECS
// developer guide). Added when the first AWS_VPC service joins, so that a
// cluster of bridge-mode services keeps its launch template.
func (c *PrivateEcsEc2Cluster) blockMetadataFromAwsvpcTasks() {
	for _, template := range []awsec2.LaunchTemplate{c.LaunchTemplate, c.SpotLaunchTemplate} {
		if template != nil {
			template.UserData().AddCommands(jsii.String("echo ECS_AWSVPC_BLOCK_IMDS=true >> /etc/ecs/ecs.config"))
		}
	}
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
