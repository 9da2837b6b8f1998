package ecsec2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// execWritablePaths are where the SSM agent that ECS Exec starts in the
// container writes: ECS "isn't supported" with a read-only root
// filesystem otherwise ("Monitor Amazon ECS containers with ECS Exec",
// ECS guide), and volumes at these two paths are the workaround an AWS
// engineer published for it (containers-roadmap#1359, toricls).
var execWritablePaths = map[string]string{"exec-var-lib-amazon": "/var/lib/amazon", "exec-var-log-amazon": "/var/log/amazon"}

// enableExec prepares the task for ECS Exec: the writable paths of the SSM
// agent, an init process that reaps the processes a session leaves, and
// the task role's right to write the sessions' logs to the container's
// log group, where ECS Exec's DEFAULT logging sends them through the task
// role, not the execution role. CDK adds the Session Manager channels
// (EnableExecuteCommand).
func (s *AlbFrontedService) enableExec(p *AlbFrontedServiceProps) {
	if *p.ReadonlyRootFilesystem {
		for name, path := range execWritablePaths {
			s.TaskDefinition.AddVolume(&awsecs.Volume{Name: jsii.String(name)})
			s.Container.AddMountPoints(&awsecs.MountPoint{SourceVolume: jsii.String(name), ContainerPath: jsii.String(path), ReadOnly: jsii.Bool(false)})
		}
	}
	s.TaskDefinition.AddToTaskRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"), Resources: &[]*string{s.LogGroup.LogGroupArn()},
	}))
	s.TaskDefinition.AddToTaskRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("logs:DescribeLogGroups"), Resources: jsii.Strings("*"),
	}))
}

// suppressExecPolicy records why the task role's policy of ECS Exec
// names no resource for some actions.
func (s *AlbFrontedService) suppressExecPolicy() {
	policy := child[constructs.IConstruct](s.TaskDefinition.TaskRole(), "DefaultPolicy")
	suppressInlinePolicy(policy)
	suppress(policy, "AwsSolutions-IAM5", "ECS Exec: Session Manager's channel actions and logs:DescribeLogGroups take no resource; the log writes name the service's log group",
		"Resource::*", map[string]string{"regex": `/^Resource::<.*LogGroup.*\.Arn>$/`})
}
