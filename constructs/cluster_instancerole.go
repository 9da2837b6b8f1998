package ecsec2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// newInstanceRole is the container instances' role, with what the ECS agent
// and Session Manager need and nothing more. Whatever runs on an instance
// can use its credentials: a shell from Session Manager, and in bridge mode
// a container that escaped.
//
// Not AmazonSSMManagedInstanceCore: it allows ssm:GetParameter(s) on every
// parameter of the account, Session Manager's users' SecureStrings
// included. AWS's "minimal Session Manager permissions" (Systems Manager
// User Guide, "Create a custom IAM role for Session Manager") are
// ssm:UpdateInstanceInformation, the SSM agent's heartbeat, and the four
// ssmmessages channel actions; SSM Agent 3.3.40 and later no longer use
// ec2messages once ssmmessages connects.
//
// Not the statements CDK's AddAsgCapacityProvider writes either
// (ecr:GetAuthorizationToken and logs:CreateLogStream, logs:PutLogEvents on
// every log group): the tasks pull their images and write their logs with
// their execution role, which the ECS-optimized AMI's ecs-init enables
// (ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE, on by default; the agent pulls
// from ECR with the execution role when the task has one). The launch
// template therefore gets the role without policy updates, and the agent's
// own statements are written here, scoped to the cluster where ECS allows.
func (c *PrivateEcsEc2Cluster) newInstanceRole() awsiam.Role {
	role := awsiam.NewRole(c, jsii.String("InstanceRole"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("ec2.amazonaws.com"), nil),
		Description: jsii.String("ECS container instances: the ECS agent of this cluster and Session Manager, nothing else"),
	})
	cluster := c.Cluster.ClusterArn()
	for _, statement := range []*awsiam.PolicyStatementProps{
		// The agent registers its instance and reports task state changes.
		{Actions: jsii.Strings("ecs:RegisterContainerInstance", "ecs:DeregisterContainerInstance", "ecs:Submit*"), Resources: &[]*string{cluster}},
		// It polls for work and sends telemetry, for this cluster only.
		{
			Actions: jsii.Strings("ecs:Poll", "ecs:StartTelemetrySession"), Resources: jsii.Strings("*"),
			Conditions: &map[string]any{"ArnEquals": map[string]any{"ecs:cluster": cluster}},
		},
		// The agent's poll endpoint, the SSM agent's heartbeat and Session
		// Manager's channels have no resource to scope to. (One statement,
		// as CDK's minimizePolicies flag would merge them.)
		{
			Actions: jsii.Strings("ecs:DiscoverPollEndpoint", "ssm:UpdateInstanceInformation",
				"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"),
			Resources: jsii.Strings("*"),
		},
	} {
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(statement))
	}
	suppressInlinePolicy(child[constructs.IConstruct](role, "DefaultPolicy"))
	suppress(child[constructs.IConstruct](role, "DefaultPolicy"), "AwsSolutions-IAM5",
		"the ECS agent's and Session Manager's minimum: ecs:Submit* is scoped to this cluster, ecs:Poll and ecs:StartTelemetrySession are conditioned on it, "+
			"and ecs:DiscoverPollEndpoint, ssm:UpdateInstanceInformation and the ssmmessages channel actions are granted on * in AWS's own minimal policies",
		"Action::ecs:Submit*", "Resource::*")
	return role
}

// allowSpotDraining lets the ECS agent of a Spot instance set its instance
// to DRAINING when the interruption notice arrives.
func (c *PrivateEcsEc2Cluster) allowSpotDraining() {
	c.Role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("ecs:UpdateContainerInstancesState"),
		Resources: jsii.Strings(*awscdk.Stack_Of(c).FormatArn(&awscdk.ArnComponents{
			Service: jsii.String("ecs"), Resource: jsii.String("container-instance"),
			ResourceName: jsii.Sprintf("%s/*", *c.Cluster.ClusterName()), ArnFormat: awscdk.ArnFormat_SLASH_RESOURCE_NAME,
		})),
	}))
	suppressInlinePolicy(child[constructs.IConstruct](c.Role, "DefaultPolicy"))
	suppress(child[constructs.IConstruct](c.Role, "DefaultPolicy"), "AwsSolutions-IAM5",
		"the Spot draining agent may mark this cluster's container instances, whose IDs are not known in advance, as DRAINING",
		map[string]string{"regex": `/^Resource::arn:(<AWS::Partition>|[^:]+):ecs:(<AWS::Region>|[^:]+):(<AWS::AccountId>|[^:]+):container-instance\/<.+>\/\*$/`})
}

// confineTrust adds confused-deputy conditions to the one statement of a
// role's trust policy, which CDK writes for the service principal alone: the
// service may assume the role only on behalf of this account (and, with
// sourceArn, of those of its resources). AWS recommends them for the roles
// of VPC flow logs ("IAM role for publishing flow logs to CloudWatch Logs")
// and of ECS tasks ("Task IAM role"); ECS does not support a cluster in
// aws:SourceArn, so the task role names the account's ECS resources.
func confineTrust(role awsiam.IRole, sourceArn string) {
	conditions := map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": awscdk.Aws_ACCOUNT_ID()}}
	if sourceArn != "" {
		conditions["ArnLike"] = map[string]any{"aws:SourceArn": sourceArn}
	}
	child[awsiam.CfnRole](role, "Resource").AddPropertyOverride(jsii.String("AssumeRolePolicyDocument.Statement.0.Condition"), conditions)
}
