package ecsec2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsautoscaling"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	cr "github.com/aws/aws-cdk-go/awscdk/v2/customresources"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// drainingHookName is the lifecycle hook that ECS adds to the Auto Scaling
// group of a capacity provider with managed draining: it holds each
// terminating instance until ECS has moved its tasks, for up to the hook's
// heartbeat timeout.
const drainingHookName = "ecs-managed-draining-termination-hook"

// releaseDrainingHookOnDelete removes the draining hook from group when the
// stack (or the capacity provider) is deleted. CloudFormation deletes the
// capacity provider before the group it references; the hook then stays on
// the group with nothing to complete it, and every instance of the group's
// deletion waits in Terminating:Wait until the heartbeat times out, about an
// hour (containers-roadmap#631, #2467; aws-cdk#14732).
//
// The step is a custom resource that depends on the group (it names it) and
// that the capacity provider depends on, so CloudFormation deletes in the
// order: the services, the capacity provider, this step, then the group.
// DeleteLifecycleHook first completes the lifecycle actions in progress
// (CONTINUE for terminating instances), so instances already waiting
// terminate too. It does nothing while the stack lives: ECS keeps draining
// every scale-in and replacement.
func (c *PrivateEcsEc2Cluster) releaseDrainingHookOnDelete(providerID string, group awsautoscaling.AutoScalingGroup, provider awsecs.AsgCapacityProvider) {
	stack := awscdk.Stack_Of(c)
	groupArn := stack.FormatArn(&awscdk.ArnComponents{
		Service:      jsii.String("autoscaling"),
		Resource:     jsii.String("autoScalingGroup"),
		ResourceName: jsii.Sprintf("*:autoScalingGroupName/%s", *group.AutoScalingGroupName()),
		ArnFormat:    awscdk.ArnFormat_COLON_RESOURCE_NAME,
	})
	logs, first := customResourceLogs(stack)
	release := cr.NewAwsCustomResource(c, jsii.Sprintf("%sDrainingHookRelease", providerID), &cr.AwsCustomResourceProps{
		ResourceType: jsii.String("Custom::DrainingHookRelease"),
		OnDelete: &cr.AwsSdkCall{
			Service: jsii.String("AutoScaling"),
			Action:  jsii.String("DeleteLifecycleHook"),
			Parameters: map[string]any{
				"AutoScalingGroupName": group.AutoScalingGroupName(),
				"LifecycleHookName":    drainingHookName,
			},
			// The hook is already gone: ECS removed it, or never added it.
			IgnoreErrorCodesMatching: jsii.String("ValidationError"),
		},
		Policy: cr.AwsCustomResourcePolicy_FromStatements(&[]awsiam.PolicyStatement{
			awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions:   jsii.Strings("autoscaling:DeleteLifecycleHook"),
				Resources: jsii.Strings(*groupArn),
			}),
		}),
		// The Lambda runtime's own SDK: no download from npm at deploy time.
		InstallLatestAwsSdk: jsii.Bool(false),
		LogGroup:            logs,
	})
	provider.Node().AddDependency(release)
	// The step names the group, so CloudFormation deletes the group after
	// it; its warm pool, which it does not name, too goes after the hook.
	if warmPool := group.Node().TryFindChild(jsii.String("WarmPool")); warmPool != nil {
		release.Node().AddDependency(warmPool)
	}
	if first {
		suppress(child[constructs.IConstruct](child[constructs.IConstruct](stack, customResourceFunctionID), "ServiceRole"), "AwsSolutions-IAM4",
			"the role of CDK's AwsCustomResource function: AWSLambdaBasicExecutionRole lets it write its logs and nothing else",
			"Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
	}
	suppress(child[constructs.IConstruct](release, "CustomResourcePolicy"), "AwsSolutions-IAM5",
		"an Auto Scaling group's ARN holds an ID only known once it exists; the statement names this group by name and allows only DeleteLifecycleHook",
		map[string]string{"regex": `/^Resource::arn:(<AWS::Partition>|[^:]+):autoscaling:(<AWS::Region>|[^:]+):(<AWS::AccountId>|[^:]+):autoScalingGroup:\*:autoScalingGroupName\/<.+>$/`})
}

// customResourceFunctionID is the id of the function that every
// AwsCustomResource of a stack shares (its PROVIDER_FUNCTION_UUID).
const customResourceFunctionID = "AWS679f53fac002430cb0da5b7982bd2287"

// customResourceLogsID is the stack's log group of the custom resource
// function that the stack's AwsCustomResources share.
const customResourceLogsID = "CustomResourceLogs"

// customResourceLogs is the log group of that function, made once per
// stack (first tells), a year of logs deleted with the stack: without it
// the function makes its own, kept forever, or gets one of CDK's, depending
// on a feature flag.
func customResourceLogs(stack awscdk.Stack) (logs awslogs.ILogGroup, first bool) {
	if existing, ok := stack.Node().TryFindChild(jsii.String(customResourceLogsID)).(awslogs.ILogGroup); ok {
		return existing, false
	}
	return awslogs.NewLogGroup(stack, jsii.String(customResourceLogsID), &awslogs.LogGroupProps{
		Retention:     DefaultLogRetention,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	}), true
}
