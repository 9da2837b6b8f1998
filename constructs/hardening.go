package ecsec2

import (
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// The hardened profile (Hardened on each construct, -c hardened=true on the
// stack) turns on what an audited team needs and a small service can do
// without: customer-managed keys for the logs and the alarm topics, a WAF,
// HTTPS only, deletion protection, the access-log bucket's own access
// logs. Each piece is a prop of its own too; a prop set explicitly wins.

// newEncryptionKey is a customer-managed key of scope, rotated every year,
// that CloudWatch Logs and CloudWatch alarms may use. It outlives the
// stack: the flow logs it encrypts do, and KMS deletes a key only after a
// waiting period, during which nothing encrypted with it can be read.
func newEncryptionKey(scope constructs.Construct) awskms.IKey {
	return awskms.NewKey(scope, jsii.String("EncryptionKey"), &awskms.KeyProps{
		Description:       jsii.Sprintf("%s: its log groups and alarm topic", *scope.Node().Path()),
		EnableKeyRotation: jsii.Bool(true),
		RemovalPolicy:     awscdk.RemovalPolicy_RETAIN,
	})
}

// keysGranted are the keys letUseKey has granted (jsii gives the same Go
// value for the same key).
var (
	keysGrantedMu sync.Mutex
	keysGranted   = map[awskms.IKey]bool{}
)

// letUseKey lets CloudWatch Logs encrypt this account's log groups with
// key, and CloudWatch alarms publish to topics under it: CDK's LogGroup
// and alarm actions add nothing to a key's policy, and without the
// statements the log group's creation fails ("Encrypt log data in
// CloudWatch Logs using AWS KMS") and alarms notify no one ("SNS ...
// compatibility between event sources from AWS services and encrypted
// topics"). Only a key of this app has a policy to add them to; the owner
// of an imported key writes them.
func letUseKey(key awskms.IKey) {
	if key == nil {
		return
	}
	keysGrantedMu.Lock()
	defer keysGrantedMu.Unlock()
	if keysGranted[key] {
		return
	}
	keysGranted[key] = true
	stack := awscdk.Stack_Of(key)
	key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("CloudWatchLogsEncryptLogGroups"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.Sprintf("logs.%s.amazonaws.com", *stack.Region()), nil)},
		Actions:    jsii.Strings("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"),
		Resources:  jsii.Strings("*"),
		Conditions: &map[string]any{"ArnLike": map[string]any{
			"kms:EncryptionContext:aws:logs:arn": stack.FormatArn(&awscdk.ArnComponents{
				Service: jsii.String("logs"), Resource: jsii.String("log-group"), ResourceName: jsii.String("*"), ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME,
			}),
		}},
	}), jsii.Bool(false))
	key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("CloudWatchAlarmsPublishToEncryptedTopics"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("cloudwatch.amazonaws.com"), nil)},
		Actions:    jsii.Strings("kms:Decrypt", "kms:GenerateDataKey*"),
		Resources:  jsii.Strings("*"),
		Conditions: &map[string]any{
			"StringEquals": map[string]any{"aws:SourceAccount": stack.Account()},
			"ArnLike": map[string]any{"aws:SourceArn": stack.FormatArn(&awscdk.ArnComponents{
				Service: jsii.String("cloudwatch"), Resource: jsii.String("alarm"), ResourceName: jsii.String("*"), ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME,
			})},
		},
	}), jsii.Bool(false))
}

// inlinePolicyReason is why an inline policy of a role of ours stays one.
const inlinePolicyReason = "the role's own statements, which CDK writes as its inline default policy, scoped to what this role's holder does; " +
	"it lives and dies with the role, which nothing else shares, where a managed policy could be attached elsewhere"

// suppressInlinePolicy records inlinePolicyReason on a role's inline policy.
func suppressInlinePolicy(policy constructs.IConstruct) {
	suppressCompliance(policy, "IAMNoInlinePolicy", inlinePolicyReason)
}

// suppressCustomResourceFunction records why the function that every
// AwsCustomResource of the stack shares (CDK's) is as it is.
func suppressCustomResourceFunction(stack awscdk.Stack) {
	function := child[constructs.IConstruct](stack, customResourceFunctionID)
	suppressOnce(child[constructs.IConstruct](function, "ServiceRole"), "AwsSolutions-IAM4",
		"the role of CDK's AwsCustomResource function: AWSLambdaBasicExecutionRole lets it write its logs and nothing else",
		"Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
	suppressLambdaCompliance(function, "CDK's AwsCustomResource function")
}

// suppressLambdaCompliance records why a custom resource's function, which
// makes a few AWS API calls at deploy or delete time, needs no VPC, no
// reserved concurrency and no dead-letter queue.
func suppressLambdaCompliance(function constructs.IConstruct, what string) {
	suppressCompliance(function, "LambdaInsideVPC", what+" calls AWS APIs only; in the VPC it would depend on the NAT gateways, which a stack's deletion removes around it")
	suppressCompliance(function, "LambdaConcurrency", what+" runs a few times per deploy or deletion, by CloudFormation; a reserved concurrency would only take from the account's")
	suppressCompliance(function, "LambdaDLQ", what+" is called synchronously by CloudFormation, which reports its failures; a dead-letter queue would receive nothing")
}

// The prefixes of the rules of cdk-nag's compliance packs.
var compliancePacks = []string{"NIST.800.53.R5-", "PCI.DSS.321-", "HIPAA.Security-"}

// suppressCompliance records why a rule of cdk-nag's NIST 800-53 R5, PCI
// DSS 3.2.1 and HIPAA packs does not apply to the resource of c: what they
// flag that is inherent to the architecture, each on its resource.
func suppressCompliance(c constructs.IConstruct, rule, reason string, appliesTo ...any) {
	for _, pack := range compliancePacks {
		suppressOnce(c, pack+rule, reason, appliesTo...)
	}
}
