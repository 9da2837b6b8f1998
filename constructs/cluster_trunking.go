package ecsec2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsautoscaling"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	cr "github.com/aws/aws-cdk-go/awscdk/v2/customresources"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// optInToTrunking turns on ENI trunking for the cluster's instances: the
// awsvpcTrunking account setting of the principal that registers them, the
// instance role ("the awsvpcTrunking account setting needs to be enabled
// specifically for the container instance role", amazon-ecs-agent#2760).
//
// ECS lets only the root user or the principal itself set it
// (PutAccountSetting: "In order to use this parameter, you must be the root
// user, or the principal"), and CloudFormation has no resource for it
// (cloudformation-coverage-roadmap#2573). So a custom resource assumes the
// instance role and sets the role's own setting, as AWS's sample
// "Turn on ECS ENI trunking" does; on delete it removes it again. Nothing
// changes for the account's other principals: PutAccountSettingDefault,
// which would, is never called. The groups depend on the step, because only
// instances that register after the opt-in get a trunk.
func (c *PrivateEcsEc2Cluster) optInToTrunking(groups ...awsautoscaling.AutoScalingGroup) {
	call := func(action string, parameters map[string]any) *cr.AwsSdkCall {
		return &cr.AwsSdkCall{
			Service: jsii.String("ECS"), Action: &action, Parameters: parameters,
			AssumedRoleArn:     c.Role.RoleArn(),
			PhysicalResourceId: cr.PhysicalResourceId_Of(jsii.String("awsvpcTrunking")),
		}
	}
	optIn := call("PutAccountSetting", map[string]any{"name": "awsvpcTrunking", "value": "enabled"})
	optOut := call("DeleteAccountSetting", map[string]any{"name": "awsvpcTrunking"})
	optOut.IgnoreErrorCodesMatching = jsii.String(".*")
	step := cr.NewAwsCustomResource(c, jsii.String("AwsvpcTrunking"), &cr.AwsCustomResourceProps{
		ResourceType: jsii.String("Custom::AwsvpcTrunking"),
		OnCreate:     optIn,
		OnUpdate:     optIn,
		OnDelete:     optOut,
		Policy: cr.AwsCustomResourcePolicy_FromStatements(&[]awsiam.PolicyStatement{
			awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions: jsii.Strings("sts:AssumeRole"), Resources: &[]*string{c.Role.RoleArn()},
			}),
		}),
		InstallLatestAwsSdk: jsii.Bool(false),
		LogGroup:            customResourceLogs(awscdk.Stack_Of(c), c.EncryptionKey),
	})
	// The instance role may set its own account setting, and be assumed by
	// the step's function for it.
	c.Role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("ecs:PutAccountSetting", "ecs:DeleteAccountSetting"), Resources: jsii.Strings("*"),
	}))
	c.Role.AssumeRolePolicy().AddStatements(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("sts:AssumeRole"), Principals: &[]awsiam.IPrincipal{step.GrantPrincipal()},
	}))
	suppressCustomResourceFunction(awscdk.Stack_Of(c))
	suppressInlinePolicy(child[constructs.IConstruct](step, "CustomResourcePolicy"))
	for _, group := range groups {
		group.Node().AddDependency(step)
	}
}
