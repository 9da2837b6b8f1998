package ecsec2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	elb "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/jsii-runtime-go"
)

// targetType is how the target group registers the tasks: as their
// instance on a dynamic host port in BRIDGE mode, as their own address in
// AWS_VPC mode ("you must choose ip as the target type", ECS guide,
// "Task networking with the awsvpc network mode").
func targetType(p *AlbFrontedServiceProps) elb.TargetType {
	if p.NetworkMode == awsecs.NetworkMode_AWS_VPC {
		return elb.TargetType_IP
	}
	return elb.TargetType_INSTANCE
}

// targetPort is the target group's port: the container's in AWS_VPC mode;
// in BRIDGE mode ECS registers each task on its host port, and the group's
// own port is only a default.
func targetPort(p *AlbFrontedServiceProps) *float64 {
	if p.NetworkMode == awsecs.NetworkMode_AWS_VPC {
		return p.ContainerPort
	}
	return jsii.Number(80)
}

// newEcsService builds the ECS service: an Ec2Service on an Auto Scaling
// group's capacity, spread over zones and packed on instances; a
// FargateService on ECS Managed Instances, as CDK 2.276 requires for them
// (its Ec2Service asks for EC2 capacity, which a managed instances provider
// does not count as: aws-cdk#36098), which place tasks themselves. AWS_VPC
// tasks get the cluster's private subnets and a security group of their
// own, and no public address: ECS gives none to a task on EC2.
func (s *AlbFrontedService) newEcsService(p *AlbFrontedServiceProps, strategies []*awsecs.CapacityProviderStrategy, alarms *awsecs.DeploymentAlarmConfig) awsecs.BaseService {
	cluster := p.Cluster.EcsCluster()
	var subnets *awsec2.SubnetSelection
	var groups *[]awsec2.ISecurityGroup
	if p.NetworkMode == awsecs.NetworkMode_AWS_VPC {
		s.TaskSecurityGroup = newTaskSecurityGroup(s, cluster.Vpc(), *p.AllowAllOutbound)
		subnets = &awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PRIVATE_WITH_EGRESS}
		groups = &[]awsec2.ISecurityGroup{s.TaskSecurityGroup}
	}
	// Zero-downtime rolling deploys: new tasks start before old ones stop;
	// a deploy whose tasks never turn healthy (circuit breaker) or whose
	// tasks answer with errors or slowly (alarms) is rolled back.
	breaker := &awsecs.DeploymentCircuitBreaker{Enable: jsii.Bool(true), Rollback: jsii.Bool(true)}
	d := p.delivery()
	// Left out unless on, so that the template of a service without it
	// does not name it.
	var execute *bool
	if *p.EnableExecuteCommand {
		execute = p.EnableExecuteCommand
	}
	if p.Cluster.capacityKind() == ManagedInstancesCapacity {
		return awsecs.NewFargateService(s, jsii.String("Service"), &awsecs.FargateServiceProps{
			Cluster:                    cluster,
			TaskDefinition:             s.TaskDefinition,
			CapacityProviderStrategies: &strategies,
			VpcSubnets:                 subnets,
			SecurityGroups:             groups,
			AssignPublicIp:             jsii.Bool(false),
			MinHealthyPercent:          p.MinHealthyPercent,
			MaxHealthyPercent:          p.MaxHealthyPercent,
			CircuitBreaker:             breaker,
			DeploymentAlarms:           alarms,
			HealthCheckGracePeriod:     p.HealthCheckGracePeriod,
			EnableExecuteCommand:       execute,
			DeploymentStrategy:         d.strategy,
			BakeTime:                   d.bakeTime,
			CanaryConfiguration:        d.canary,
			LinearConfiguration:        d.linear,
			LifecycleHooks:             d.hooks,
		})
	}
	return awsecs.NewEc2Service(s, jsii.String("Service"), &awsecs.Ec2ServiceProps{
		Cluster:                    cluster,
		TaskDefinition:             s.TaskDefinition,
		CapacityProviderStrategies: &strategies,
		VpcSubnets:                 subnets,
		SecurityGroups:             groups,
		// Spread over zones first, then fill instances, so that managed
		// scaling can empty and remove instances on scale-in.
		PlacementStrategies: &[]awsecs.PlacementStrategy{
			awsecs.PlacementStrategy_SpreadAcross(awsecs.BuiltInAttributes_AVAILABILITY_ZONE()),
			awsecs.PlacementStrategy_PackedByMemory(),
		},
		MinHealthyPercent:      p.MinHealthyPercent,
		MaxHealthyPercent:      p.MaxHealthyPercent,
		CircuitBreaker:         breaker,
		DeploymentAlarms:       alarms,
		HealthCheckGracePeriod: p.HealthCheckGracePeriod,
		EnableExecuteCommand:   execute,
		DeploymentStrategy:     d.strategy,
		BakeTime:               d.bakeTime,
		CanaryConfiguration:    d.canary,
		LinearConfiguration:    d.linear,
		LifecycleHooks:         d.hooks,
	})
}

// newTaskSecurityGroup is the security group of a service's AWS_VPC tasks.
// Its ingress is added when the service joins its target group: the load
// balancer's group, on the container port, only. Its egress is HTTPS, as
// the instances', unless allowAll.
func newTaskSecurityGroup(s *AlbFrontedService, vpc awsec2.IVpc, allowAll bool) awsec2.SecurityGroup {
	group := awsec2.NewSecurityGroup(s, jsii.String("TaskSecurityGroup"), &awsec2.SecurityGroupProps{
		Vpc:              vpc,
		Description:      jsii.String("ECS tasks of one service: ingress only from its load balancer, on the container port"),
		AllowAllOutbound: jsii.Bool(allowAll),
	})
	if !allowAll {
		group.AddEgressRule(awsec2.Peer_AnyIpv4(), awsec2.Port_Tcp(jsii.Number(443)), jsii.String("HTTPS to AWS APIs and the internet"), jsii.Bool(false))
	}
	return group
}
