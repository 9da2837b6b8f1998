package ecsec2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// CapacityKind selects what runs a cluster's tasks.
type CapacityKind string

const (
	// AutoScalingGroupCapacity is an Auto Scaling group of the cluster's
	// own, with a launch template and a capacity provider with managed
	// scaling and managed draining: the default.
	AutoScalingGroupCapacity CapacityKind = "asg"
	// ManagedInstancesCapacity is ECS Managed Instances: ECS picks the
	// instance types, launches instances when tasks need them, patches
	// them and replaces each within 14 to 21 days. It runs AWS_VPC tasks,
	// not BRIDGE ones.
	ManagedInstancesCapacity CapacityKind = "managed"
)

// addManagedInstances gives the cluster ECS Managed Instances: a capacity
// provider in the private subnets, with the instances' security group, an
// infrastructure role and an instance profile of the cluster's, and a
// second, Spot, provider with SpotInstanceTypes. Its strategy places the
// services' tasks like the Auto Scaling groups'.
func (c *PrivateEcsEc2Cluster) addManagedInstances(p *PrivateEcsEc2ClusterProps) {
	c.InfrastructureRole = awsiam.NewRole(c, jsii.String("ManagedInstancesInfrastructureRole"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("ecs.amazonaws.com"), nil),
		Description: jsii.String("ECS Managed Instances: launches and manages this cluster's instances"),
		// AWS maintains it as ECS Managed Instances change: launch
		// templates, fleets and instances tagged as ECS's own, and passing
		// roles named ecsInstanceRole* to EC2.
		ManagedPolicies: &[]awsiam.IManagedPolicy{
			awsiam.ManagedPolicy_FromAwsManagedPolicyName(jsii.String("AmazonECSInfrastructureRolePolicyForManagedInstances")),
		},
	})
	suppress(c.InfrastructureRole, "AwsSolutions-IAM4", "AmazonECSInfrastructureRolePolicyForManagedInstances is the policy AWS maintains for ECS Managed Instances "+
		"and requires for them; its actions act on resources ECS tags as its own",
		"Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonECSInfrastructureRolePolicyForManagedInstances")
	c.Role = c.newManagedInstanceRole()
	// The managed policy may pass roles named ecsInstanceRole* only.
	profile := awsiam.NewInstanceProfile(c, jsii.String("ManagedInstanceProfile"), &awsiam.InstanceProfileProps{
		Role: c.Role, InstanceProfileName: c.Role.RoleName(),
	})
	subnets := c.Vpc.SelectSubnets(&awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PRIVATE_WITH_EGRESS}).Subnets
	monitoring := awsecs.InstanceMonitoring_BASIC
	if *p.DetailedMonitoring {
		monitoring = awsecs.InstanceMonitoring_DETAILED
	}
	newProvider := func(id string, option awsecs.CapacityOptionType, types []awsec2.InstanceType) awsecs.ManagedInstancesCapacityProvider {
		provider := awsecs.NewManagedInstancesCapacityProvider(c, &id, &awsecs.ManagedInstancesCapacityProviderProps{
			Subnets:              subnets,
			SecurityGroups:       &[]awsec2.ISecurityGroup{c.SecurityGroup},
			InfrastructureRole:   c.InfrastructureRole,
			Ec2InstanceProfile:   profile,
			CapacityOptionType:   option,
			InstanceRequirements: managedInstanceRequirements(p.InstanceType, types),
			Monitoring:           monitoring,
		})
		nameIfStackNameReserved(provider, provider.Node().DefaultChild().(awsecs.CfnCapacityProvider))
		c.Cluster.AddManagedInstancesCapacityProvider(provider)
		return provider
	}
	c.ManagedCapacityProvider = newProvider("ManagedInstancesCapacityProvider", awsecs.CapacityOptionType_ON_DEMAND, deref(p.ManagedInstanceTypes))
	onDemand := &awsecs.CapacityProviderStrategy{CapacityProvider: c.ManagedCapacityProvider.CapacityProviderName(), Weight: jsii.Number(1)}
	c.strategies = []*awsecs.CapacityProviderStrategy{onDemand}
	providers := []awsecs.ManagedInstancesCapacityProvider{c.ManagedCapacityProvider}
	if len(deref(p.SpotInstanceTypes)) > 0 {
		c.ManagedSpotCapacityProvider = newProvider("ManagedInstancesSpotCapacityProvider", awsecs.CapacityOptionType_SPOT, *p.SpotInstanceTypes)
		providers = append(providers, c.ManagedSpotCapacityProvider)
		if !*p.RetireSpot {
			onDemand.Base = p.OnDemandBaseTasks
			c.strategies = append(c.strategies, &awsecs.CapacityProviderStrategy{
				CapacityProvider: c.ManagedSpotCapacityProvider.CapacityProviderName(),
				Weight:           p.SpotWeight,
			})
		}
	}
	c.waitForManagedInstancesOnDelete(providers, profile)
}

// newManagedInstanceRole is the role of the managed instances: the ECS
// agent's actions for this cluster only, as CDK's own default scopes
// AmazonECSInstanceRolePolicyForManagedInstances. Its name starts with
// ecsInstanceRole, the only roles the infrastructure role's managed policy
// may pass to EC2 ("iam:PassRole" on "role/ecsInstanceRole*").
func (c *PrivateEcsEc2Cluster) newManagedInstanceRole() awsiam.Role {
	const prefix = "ecsInstanceRole"
	role := awsiam.NewRole(c, jsii.String("ManagedInstanceRole"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("ec2.amazonaws.com"), nil),
		RoleName: jsii.Sprintf("%s%s", prefix, *awscdk.Names_UniqueResourceName(c, &awscdk.UniqueResourceNameOptions{
			MaxLength: jsii.Number(64 - len(prefix)),
		})),
		Description: jsii.String("ECS Managed Instances of this cluster: the ECS agent, nothing else"),
	})
	stack := awscdk.Stack_Of(c)
	instances := stack.FormatArn(&awscdk.ArnComponents{
		Service: jsii.String("ecs"), Resource: jsii.String("container-instance"),
		ResourceName: jsii.Sprintf("%s/*", *c.Cluster.ClusterName()), ArnFormat: awscdk.ArnFormat_SLASH_RESOURCE_NAME,
	})
	cluster := c.Cluster.ClusterArn()
	for _, statement := range []*awsiam.PolicyStatementProps{
		{Actions: jsii.Strings("ecs:DiscoverPollEndpoint"), Resources: jsii.Strings("*")},
		{Actions: jsii.Strings("ecs:RegisterContainerInstance", "ecs:SubmitAttachmentStateChanges", "ecs:SubmitTaskStateChange"), Resources: &[]*string{cluster}},
		{Actions: jsii.Strings("ecs:Poll", "ecs:PutSystemLogEvents", "ecs:StartTelemetrySession"), Resources: &[]*string{instances}},
	} {
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(statement))
	}
	suppressInlinePolicy(child[constructs.IConstruct](role, "DefaultPolicy"))
	suppress(child[constructs.IConstruct](role, "DefaultPolicy"), "AwsSolutions-IAM5",
		"the ECS agent's minimum for ECS Managed Instances: ecs:DiscoverPollEndpoint has no resource to scope to, and the instances' IDs are known only once they exist",
		"Resource::*", map[string]string{"regex": `/^Resource::arn:(<AWS::Partition>|[^:]+):ecs:(<AWS::Region>|[^:]+):(<AWS::AccountId>|[^:]+):container-instance\/<.+>\/\*$/`})
	return role
}

// managedInstanceRequirements are the instance types ECS may choose:
// those listed, or any of at least instanceType's vCPUs and memory (so that
// the fit check holds) and of its architecture; burstable types only when
// instanceType is one.
func managedInstanceRequirements(instanceType awsec2.InstanceType, types []awsec2.InstanceType) *awsec2.InstanceRequirementsConfig {
	name := *instanceType.ToString()
	vcpus, memoryGiB := 1.0, 0.5
	if spec, known := instanceSpecs[name]; known {
		vcpus, memoryGiB = spec.vcpus, spec.memoryGiB
	}
	requirements := &awsec2.InstanceRequirementsConfig{
		VCpuCountMin:         jsii.Number(vcpus),
		MemoryMin:            awscdk.Size_Mebibytes(jsii.Number(memoryGiB * 1024)),
		CpuManufacturers:     &[]awsec2.CpuManufacturer{awsec2.CpuManufacturer_INTEL, awsec2.CpuManufacturer_AMD},
		BurstablePerformance: awsec2.BurstablePerformance_EXCLUDED,
	}
	if instanceType.Architecture() == awsec2.InstanceArchitecture_ARM_64 {
		requirements.CpuManufacturers = &[]awsec2.CpuManufacturer{awsec2.CpuManufacturer_AWS}
	}
	burstable := burstableFamily(name)
	if len(types) > 0 {
		allowed := make([]*string, len(types))
		for i, t := range types {
			allowed[i] = t.ToString()
			burstable = burstable || burstableFamily(*allowed[i])
		}
		requirements.AllowedInstanceTypes = &allowed
	}
	if burstable {
		requirements.BurstablePerformance = awsec2.BurstablePerformance_INCLUDED
	}
	return requirements
}
