package ecsec2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsautoscaling"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
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
		LogGroup:            customResourceLogs(stack, c.EncryptionKey),
	})
	provider.Node().AddDependency(release)
	// The step names the group, so CloudFormation deletes the group after
	// it; its warm pool, which it does not name, too goes after the hook.
	if warmPool := group.Node().TryFindChild(jsii.String("WarmPool")); warmPool != nil {
		release.Node().AddDependency(warmPool)
	}
	suppressCustomResourceFunction(stack)
	suppressInlinePolicy(child[constructs.IConstruct](release, "CustomResourcePolicy"))
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

// customResourceLogs is the log group of the stack's custom resource
// functions, made once per stack, a year of logs deleted with the stack,
// encrypted with key if any (the first cluster's to ask): without it a
// function makes its own, kept forever, or gets one of CDK's, depending on
// a feature flag.
func customResourceLogs(stack awscdk.Stack, key awskms.IKey) awslogs.ILogGroup {
	if existing, ok := stack.Node().TryFindChild(jsii.String(customResourceLogsID)).(awslogs.ILogGroup); ok {
		return existing
	}
	return awslogs.NewLogGroup(stack, jsii.String(customResourceLogsID), &awslogs.LogGroupProps{
		Retention:     DefaultLogRetention,
		EncryptionKey: key,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
}

// drainWaitCode is the function that waits, when the stack is deleted, for
// the cluster's managed instances to leave: every ACTIVE and DRAINING
// container instance of the cluster gone, for 14 minutes at most (its
// timeout is 15). It always answers SUCCESS, so that a deletion goes on
// after the wait whatever happens; a deploy or an update does nothing.
const drainWaitCode = `const https = require('https');
const { ECSClient, ListContainerInstancesCommand } = require('@aws-sdk/client-ecs');
const ecs = new ECSClient({});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function registered(cluster) {
  let n = 0;
  for (const status of ['ACTIVE', 'DRAINING']) {
    const out = await ecs.send(new ListContainerInstancesCommand({ cluster, status, maxResults: 100 }));
    n += (out.containerInstanceArns || []).length;
  }
  return n;
}
function respond(event, reason) {
  const body = JSON.stringify({
    Status: 'SUCCESS', Reason: reason, PhysicalResourceId: event.PhysicalResourceId || 'drain-' + event.LogicalResourceId,
    StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId,
  });
  return new Promise((resolve, reject) => {
    const request = https.request(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } },
      (response) => { response.resume(); response.on('end', resolve); });
    request.on('error', reject);
    request.end(body);
  });
}
exports.handler = async (event, context) => {
  let reason = 'nothing to wait for';
  try {
    if (event.RequestType === 'Delete') {
      while (context.getRemainingTimeInMillis() > 60000) {
        const n = await registered(event.ResourceProperties.Cluster);
        if (n === 0) { reason = 'no container instance left'; break; }
        reason = n + ' container instances still registered';
        console.log(reason);
        await sleep(15000);
      }
    }
  } catch (e) {
    reason = 'stopped waiting: ' + e.message;
  }
  console.log(reason);
  await respond(event, reason);
};
`

// waitForManagedInstancesOnDelete makes the stack's deletion wait, after
// the managed instances capacity providers are gone, for their instances to
// leave the cluster, before it deletes the cluster (which ECS refuses to
// delete while container instances are active or draining), the roles
// that launched them, their security group and their route out. Deleting a
// managed instances provider starts the instances' termination and may
// return before it ends; aws-cdk#36071 reports such a stack's deletion
// failing with instances left "deregistering". Nothing documents how long
// it takes; the wait is bounded (14 minutes) and never fails the deletion.
//
// The step names the cluster, the infrastructure role, the instance
// profile and the security group, so CloudFormation deletes them after it;
// each provider depends on it, so it runs after them; its function is
// outside the VPC, whose NAT routes it also outlives.
func (c *PrivateEcsEc2Cluster) waitForManagedInstancesOnDelete(providers []awsecs.ManagedInstancesCapacityProvider, profile awsiam.InstanceProfile) {
	fn := awslambda.NewFunction(c, jsii.String("ManagedInstancesDrainFunction"), &awslambda.FunctionProps{
		Runtime:     awslambda.Runtime_NODEJS_24_X(),
		Handler:     jsii.String("index.handler"),
		Code:        awslambda.Code_FromInline(jsii.String(drainWaitCode)),
		Timeout:     awscdk.Duration_Minutes(jsii.Number(15)),
		MemorySize:  jsii.Number(128),
		LogGroup:    customResourceLogs(awscdk.Stack_Of(c), c.EncryptionKey),
		Description: jsii.String("On stack deletion, waits for the cluster's managed instances to leave it"),
	})
	fn.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("ecs:ListContainerInstances"),
		Resources: &[]*string{c.Cluster.ClusterArn()},
	}))
	suppress(child[constructs.IConstruct](fn, "ServiceRole"), "AwsSolutions-IAM4",
		"AWSLambdaBasicExecutionRole lets the drain step's function write its logs and nothing else",
		"Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
	suppressInlinePolicy(child[constructs.IConstruct](child[constructs.IConstruct](fn, "ServiceRole"), "DefaultPolicy"))
	suppressLambdaCompliance(fn, "the drain step's function")
	wait := awscdk.NewCustomResource(c, jsii.String("ManagedInstancesDrain"), &awscdk.CustomResourceProps{
		ServiceToken: fn.FunctionArn(),
		ResourceType: jsii.String("Custom::ManagedInstancesDrain"),
		// A response lost on its way (the function's network, a crash)
		// fails the step after 16 minutes, not CloudFormation's default
		// hour ("AWS::CloudFormation::CustomResource", ServiceTimeout).
		ServiceTimeout: awscdk.Duration_Minutes(jsii.Number(16)),
		Properties: &map[string]any{
			"Cluster": c.Cluster.ClusterName(),
			// Named so that CloudFormation deletes them after the wait.
			"Outlives": []*string{c.InfrastructureRole.RoleArn(), profile.InstanceProfileArn(), c.SecurityGroup.SecurityGroupId()},
		},
	})
	for _, subnet := range *c.Vpc.PrivateSubnets() {
		wait.Node().AddDependency(subnet.InternetConnectivityEstablished())
	}
	for _, provider := range providers {
		provider.Node().AddDependency(wait)
	}
}
