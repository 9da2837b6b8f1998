package ecsec2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awswafv2"
	"github.com/aws/jsii-runtime-go"
)

// DefaultWafRateLimit is the requests one client address may send in 5
// minutes before the web ACL blocks it for a while: 2,000, about 7 a
// second sustained, far above a person's browsing and below a flood.
const DefaultWafRateLimit = 2000

// wafRateWindowSeconds is the rate-based rule's evaluation window: AWS
// WAF's default, one of 60, 120, 300 and 600 ("Rate-based rule high-level
// settings", AWS WAF guide).
const wafRateWindowSeconds = 300

// wafManagedRuleGroups are the AWS managed rule groups of the web ACL, in
// the order it evaluates them, cheapest first: addresses AWS's threat
// intelligence flags (25 WCUs), common exploits of the OWASP kind (700),
// and inputs known to exploit vulnerabilities, such as Log4j's (200)
// ("AWS Managed Rules rule groups list", AWS WAF guide). With the rate
// rule they stay within the 1,500 WCUs a web ACL's base price includes.
var wafManagedRuleGroups = []string{"AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"}

// protectWithWaf puts a web ACL in front of the load balancer: an existing
// one (arn), or a new one with AWS's managed rule groups and a rate-based
// rule per client address, logging to CloudWatch Logs with the
// Authorization and Cookie headers redacted.
func (a *InternetFacingAlb) protectWithWaf(arn *string, rateLimit float64, key awskms.IKey) {
	if arn == nil {
		a.WebAcl = a.newWebAcl(rateLimit, key)
		arn = a.WebAcl.AttrArn()
	}
	awswafv2.NewCfnWebACLAssociation(a, jsii.String("WebAclAssociation"), &awswafv2.CfnWebACLAssociationProps{
		ResourceArn: a.LoadBalancer.LoadBalancerArn(),
		WebAclArn:   arn,
	})
}

func (a *InternetFacingAlb) newWebAcl(rateLimit float64, key awskms.IKey) awswafv2.CfnWebACL {
	visibility := func(name string) *awswafv2.CfnWebACL_VisibilityConfigProperty {
		return &awswafv2.CfnWebACL_VisibilityConfigProperty{
			CloudWatchMetricsEnabled: jsii.Bool(true), MetricName: &name, SampledRequestsEnabled: jsii.Bool(true),
		}
	}
	var rules []any
	for i, group := range wafManagedRuleGroups {
		rules = append(rules, &awswafv2.CfnWebACL_RuleProperty{
			Name:     jsii.String(group),
			Priority: jsii.Number(float64(i)),
			Statement: &awswafv2.CfnWebACL_StatementProperty{
				ManagedRuleGroupStatement: &awswafv2.CfnWebACL_ManagedRuleGroupStatementProperty{VendorName: jsii.String("AWS"), Name: jsii.String(group)},
			},
			OverrideAction:   &awswafv2.CfnWebACL_OverrideActionProperty{None: map[string]any{}},
			VisibilityConfig: visibility(group),
		})
	}
	rules = append(rules, &awswafv2.CfnWebACL_RuleProperty{
		Name:     jsii.String("RequestsPerClient"),
		Priority: jsii.Number(float64(len(wafManagedRuleGroups))),
		Statement: &awswafv2.CfnWebACL_StatementProperty{
			RateBasedStatement: &awswafv2.CfnWebACL_RateBasedStatementProperty{
				AggregateKeyType: jsii.String("IP"), Limit: &rateLimit, EvaluationWindowSec: jsii.Number(wafRateWindowSeconds),
			},
		},
		Action:           &awswafv2.CfnWebACL_RuleActionProperty{Block: map[string]any{}},
		VisibilityConfig: visibility("RequestsPerClient"),
	})
	acl := awswafv2.NewCfnWebACL(a, jsii.String("WebAcl"), &awswafv2.CfnWebACLProps{
		Scope:            jsii.String("REGIONAL"),
		DefaultAction:    &awswafv2.CfnWebACL_DefaultActionProperty{Allow: map[string]any{}},
		Rules:            &rules,
		VisibilityConfig: visibility(*awscdk.Names_UniqueId(a)),
	})
	// AWS WAF logs to CloudWatch Logs only into a group named
	// aws-waf-logs-..., named by an ARN without the :* CDK's ARN ends with
	// ("Sending web ACL traffic logs to an Amazon CloudWatch Logs log
	// group", AWS WAF guide).
	a.WafLogGroup = awslogs.NewLogGroup(a, jsii.String("WafLogs"), &awslogs.LogGroupProps{
		LogGroupName:  jsii.Sprintf("aws-waf-logs-%s", *awscdk.Names_UniqueResourceName(a, &awscdk.UniqueResourceNameOptions{MaxLength: jsii.Number(400)})),
		Retention:     DefaultLogRetention,
		EncryptionKey: key,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	header := func(name string) *awswafv2.CfnLoggingConfiguration_FieldToMatchProperty {
		return &awswafv2.CfnLoggingConfiguration_FieldToMatchProperty{SingleHeader: map[string]any{"Name": name}}
	}
	awswafv2.NewCfnLoggingConfiguration(a, jsii.String("WafLogging"), &awswafv2.CfnLoggingConfigurationProps{
		ResourceArn: acl.AttrArn(),
		LogDestinationConfigs: &[]any{awscdk.Stack_Of(a).FormatArn(&awscdk.ArnComponents{
			Service: jsii.String("logs"), Resource: jsii.String("log-group"), ResourceName: a.WafLogGroup.LogGroupName(), ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME,
		})},
		RedactedFields: &[]any{header("authorization"), header("cookie")},
	})
	return acl
}
