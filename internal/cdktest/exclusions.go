package cdktest

// GuardExclusions are the AWS Control Tower controls the templates of this
// project fail on purpose, each with the reason.
var GuardExclusions = map[string]string{
	"CT.ECS.PR.4": "bridge network mode instead of awsvpc: dynamic host ports let many small tasks share one instance " +
		"(awsvpc gives each task an ENI, and a t3.micro has 2, one for the instance), and the security group rule " +
		"still admits only the load balancer",
	"CT.ELASTICLOADBALANCING.PR.1": "HTTP is not redirected when no certificate or domain is given, since there is no HTTPS " +
		"to redirect to; with CertificateArn or DomainName it is, and the HTTPS test requires this control to pass",
	"CT.ELASTICLOADBALANCING.PR.5": "deletion protection is off by default so that `cdk destroy` works; DeletionProtection turns it on",
	"CT.CLOUDWATCH.PR.3": "log groups are encrypted at rest by CloudWatch Logs; a customer managed KMS key costs a monthly fee " +
		"and a key policy, so it is a prop (LogEncryptionKey) rather than the default",
	"CT.EC2.PR.10": "detailed monitoring costs about 2 USD per instance a month and nothing here reads it: scaling follows " +
		"ECS's capacity metric and the load balancer's request count; DetailedMonitoring turns it on",
	"CT.AUTOSCALING.PR.6": "one instance type per Auto Scaling group: the capacity provider sizes instances for the tasks, " +
		"and the synth-time check that a task fits needs to know the type",
	"CT.LAMBDA.PR.3": "the Lambda functions are custom resources: CDK's, one that removes the rules of the VPC's default " +
		"security group at deploy time and one that removes ECS's draining hook at delete time, and ours, which waits at delete " +
		"time for ECS Managed Instances to drain; they call AWS APIs only and need no VPC",
	"CT.S3.PR.2":  "the access log bucket itself: logging its own access would only log the log delivery",
	"CT.S3.PR.4":  "nothing consumes new access log objects; notifications would have no target",
	"CT.S3.PR.9":  "object lock would keep log objects past their one-year lifecycle; bring a locked bucket with AccessLogsBucket",
	"CT.S3.PR.10": "ALB access log delivery supports SSE-S3 only, not KMS keys",
}

// CfnLintIgnored are the cfn-lint rules not applied, each with its reason.
var CfnLintIgnored = map[string]string{}

// CfnLintAccepted are cfn-lint findings that come from CDK's own
// constructs, not from this project's, by a part of the finding's text,
// each with its reason: CfnLint leaves them out.
var CfnLintAccepted = map[string]string{
	":W3005:'AWS679f53fac002430cb0da5b7982bd2287ServiceRole": "CDK's AwsCustomResource function depends on its role, which it also " +
		"names by GetAtt: a redundant DependsOn that CDK writes",
	":W3005:'CustomVpcRestrictDefaultSGCustomResourceProviderRole": "the function of CDK's restrictDefaultSecurityGroup custom resource " +
		"depends on its role, which it also names by GetAtt: a redundant DependsOn that CDK writes",
	"ManagedInstancesDrainFunctionServiceRole": "CDK's Function depends on the role it makes for it, which it also names by GetAtt: " +
		"a redundant DependsOn that CDK writes (the drain step of a cluster on ECS Managed Instances)",
	"/Properties/LoadBalancers/0/AdvancedConfiguration/": "CDK's ECS service depends on the rules that attach its target group to the " +
		"load balancer (BaseService.attachToELBv2), and a service released by traffic shifting also names its production and test rules: " +
		"a redundant DependsOn that CDK writes",
}
