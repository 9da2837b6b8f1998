package ecsec2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/regioninfo"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// logAccess sends the access logs to bucket under prefix, or to a new bucket: encrypted (SSE-S3, the only encryption ALB log delivery
// supports), reachable only over TLS, never public, objects expiring after a
// year. The bucket outlives the stack: access logs are evidence, and a
// bucket with objects would fail the stack's deletion.
func (a *InternetFacingAlb) logAccess(bucket awss3.IBucket, prefix string) {
	if bucket == nil {
		created := awss3.NewBucket(a, jsii.String("AccessLogs"), &awss3.BucketProps{
			BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
			Encryption:        awss3.BucketEncryption_S3_MANAGED,
			EnforceSSL:        jsii.Bool(true),
			ObjectOwnership:   awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
			Versioned:         jsii.Bool(true),
			LifecycleRules: &[]*awss3.LifecycleRule{{
				Expiration:                  awscdk.Duration_Days(jsii.Number(365)),
				NoncurrentVersionExpiration: awscdk.Duration_Days(jsii.Number(1)),
			}},
			RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
		})
		suppress(created, "AwsSolutions-S1", "this bucket holds access logs; logging the log bucket's own access would only log the log delivery")
		bucket = created
	}
	a.AccessLogsBucket, a.AccessLogsPrefix = bucket, prefix
	// Regions launched before August 2022 document their regional ELB
	// account as the writer, the newer ones the log delivery service
	// principal: both are granted, on this prefix only.
	principals := []awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("logdelivery.elasticloadbalancing.amazonaws.com"), nil)}
	if account := elbAccountPrincipal(a); account != nil {
		principals = append(principals, account)
	}
	result := bucket.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:    jsii.Strings("s3:PutObject"),
		Principals: &principals,
		Resources:  jsii.Strings(*bucket.ArnForObjects(jsii.Sprintf("%s/AWSLogs/%s/*", prefix, *awscdk.Aws_ACCOUNT_ID()))),
	}))
	a.LoadBalancer.SetAttribute(jsii.String("access_logs.s3.enabled"), jsii.String("true"))
	a.LoadBalancer.SetAttribute(jsii.String("access_logs.s3.bucket"), bucket.BucketName())
	a.LoadBalancer.SetAttribute(jsii.String("access_logs.s3.prefix"), &prefix)
	// The load balancer checks that it may write when the attribute is set:
	// without the grant its creation fails and the stack rolls back.
	if *result.StatementAdded && result.PolicyDependable != nil {
		a.LoadBalancer.Node().AddDependency(result.PolicyDependable)
	}
}

// elbAccountMapID is the stack's mapping of regions to their ELB accounts.
const elbAccountMapID = "ElbAccountMap"

// elbAccountPrincipal is the regional Elastic Load Balancing account that
// writes access logs in regions launched before August 2022, or nil where
// the stack's region has none. In an environment-agnostic stack, a mapping
// of every region CDK knows an account for resolves it at deploy time; a
// region missing from it (one newer than this CDK) falls back to the stack's
// own account, a grant that adds nothing, since the service principal does
// the work there. The fallback is Fn::FindInMap's DefaultValue, which needs
// the AWS::LanguageExtensions transform: CDK adds it to the stack. Stack
// .regionalFact would render the same mapping without the fallback, and fail
// the deploy in such a region.
func elbAccountPrincipal(scope constructs.Construct) awsiam.IPrincipal {
	stack := awscdk.Stack_Of(scope)
	region := stack.Region()
	if !isTokenString(*region) {
		if account := regioninfo.Fact_Find(region, regioninfo.FactName_ELBV2_ACCOUNT()); account != nil {
			return awsiam.NewAccountPrincipal(account)
		}
		return nil
	}
	mapping, _ := stack.Node().TryFindChild(jsii.String(elbAccountMapID)).(awscdk.CfnMapping)
	if mapping == nil {
		accounts := map[string]*map[string]any{}
		for region, account := range *regioninfo.RegionInfo_RegionMap(regioninfo.FactName_ELBV2_ACCOUNT()) {
			accounts[region] = &map[string]any{"account": *account}
		}
		mapping = awscdk.NewCfnMapping(stack, jsii.String(elbAccountMapID), &awscdk.CfnMappingProps{Mapping: &accounts, Lazy: jsii.Bool(true)})
		// CDK adds the transform each time it resolves the lookup, and
		// renders one as a string, several as a list: adding it here too
		// makes the template the same however often that happens.
		stack.AddTransform(jsii.String("AWS::LanguageExtensions"))
	}
	return awsiam.NewAccountPrincipal(mapping.FindInMap(awscdk.Aws_REGION(), jsii.String("account"), awscdk.Aws_ACCOUNT_ID()))
}
