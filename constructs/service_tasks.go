package ecsec2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// newTaskDefinition builds the task definition, its container and log
// group: an EC2 task definition on an Auto Scaling group's capacity, one
// validated for ECS Managed Instances on theirs (CDK's Ec2TaskDefinition
// renders EC2 compatibility only).
func (s *AlbFrontedService) newTaskDefinition(p *AlbFrontedServiceProps) {
	managed := p.Cluster.capacityKind() == ManagedInstancesCapacity
	if managed {
		s.TaskDefinition = awsecs.NewTaskDefinition(s, jsii.String("TaskDefinition"), &awsecs.TaskDefinitionProps{
			Compatibility: awsecs.Compatibility_MANAGED_INSTANCES,
			NetworkMode:   p.NetworkMode,
		})
	} else {
		s.TaskDefinition = awsecs.NewEc2TaskDefinition(s, jsii.String("TaskDefinition"), &awsecs.Ec2TaskDefinitionProps{
			NetworkMode: p.NetworkMode,
		})
	}
	// Places the tasks on instances of the image's architecture.
	s.TaskDefinition.Node().DefaultChild().(awsecs.CfnTaskDefinition).AddPropertyOverride(jsii.String("RuntimePlatform"), map[string]string{
		"CpuArchitecture":       taskArchitecture(p.CpuArchitecture),
		"OperatingSystemFamily": "LINUX",
	})
	s.LogGroup = awslogs.NewLogGroup(s, jsii.String("LogGroup"), &awslogs.LogGroupProps{
		Retention:     p.LogRetention,
		EncryptionKey: p.EncryptionKey,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	var initProcess *bool
	if *p.EnableExecuteCommand {
		initProcess = jsii.Bool(true)
	}
	linux := awsecs.NewLinuxParameters(s, jsii.String("LinuxParameters"), &awsecs.LinuxParametersProps{InitProcessEnabled: initProcess})
	linux.DropCapabilities(awsecs.Capability_ALL)
	if len(deref(p.Capabilities)) > 0 {
		linux.AddCapabilities(*p.Capabilities...)
	}
	// No process of the container gains privileges (a setuid binary), on
	// EC2; ECS Managed Instances refuse dockerSecurityOptions in a task
	// definition ("Task definition parameters for Amazon ECS Managed
	// Instances") and run their containers under SELinux instead.
	var securityOptions *[]*string
	if !managed {
		securityOptions = jsii.Strings("no-new-privileges")
	}
	// A bridge-mode task maps its port to a dynamic port of the instance;
	// an AWS_VPC task listens on its own address.
	var hostPort *float64
	if p.NetworkMode == awsecs.NetworkMode_BRIDGE {
		hostPort = jsii.Number(0)
	}
	s.Container = s.TaskDefinition.AddContainer(p.ContainerName, &awsecs.ContainerDefinitionOptions{
		Image:                  p.Image,
		Cpu:                    p.Cpu,
		MemoryLimitMiB:         p.MemoryLimitMiB,
		MemoryReservationMiB:   p.MemoryReservationMiB,
		Environment:            p.Environment,
		Secrets:                p.Secrets,
		User:                   p.User,
		ReadonlyRootFilesystem: p.ReadonlyRootFilesystem,
		Privileged:             jsii.Bool(false),
		LinuxParameters:        linux,
		DockerSecurityOptions:  securityOptions,
		HealthCheck:            p.ContainerHealthCheck,
		StopTimeout:            p.StopTimeout,
		Logging: awsecs.LogDrivers_AwsLogs(&awsecs.AwsLogDriverProps{
			StreamPrefix: p.ContainerName,
			LogGroup:     s.LogGroup,
		}),
		PortMappings: &[]*awsecs.PortMapping{{
			Name:          jsii.String("http"),
			ContainerPort: p.ContainerPort,
			HostPort:      hostPort,
			Protocol:      awsecs.Protocol_TCP,
			AppProtocol:   awsecs.AppProtocol_Http(),
		}},
	})
	if *p.EnableExecuteCommand {
		s.enableExec(p)
	}
	confineTrust(s.TaskDefinition.TaskRole(), *awscdk.Stack_Of(s).FormatArn(&awscdk.ArnComponents{
		Service: jsii.String("ecs"), Resource: jsii.String("*"), ArnFormat: awscdk.ArnFormat_NO_RESOURCE_NAME,
	}))
	// CDK's Ec2TaskDefinition adds AWS_REGION to the environment of an
	// AWS_VPC task.
	settings := "plain settings"
	if !managed && p.NetworkMode == awsecs.NetworkMode_AWS_VPC {
		settings = "plain settings (and AWS_REGION, which CDK adds to awsvpc tasks on EC2)"
	}
	if len(derefMap(p.Environment)) > 0 || settings != "plain settings" {
		suppress(s.TaskDefinition, "AwsSolutions-ECS2", "the environment holds "+settings+
			"; secrets go through the Secrets prop, from Secrets Manager or Parameter Store")
	}
	suppressInlinePolicy(child[constructs.IConstruct](s.TaskDefinition.ObtainExecutionRole(), "DefaultPolicy"))
	suppress(child[constructs.IConstruct](s.TaskDefinition.ObtainExecutionRole(), "DefaultPolicy"), "AwsSolutions-IAM5",
		"ecr:GetAuthorizationToken supports no resource scope; the image pull and log actions are scoped to their repository and log group",
		"Resource::*")
}
