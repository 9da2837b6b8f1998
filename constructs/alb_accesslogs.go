package ecsec2

import (
	"fmt"
	"maps"
	"slices"
	"strings"

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
func (a *InternetFacingAlb) logAccess(bucket awss3.IBucket, prefix string, hardened bool) {
	if bucket == nil {
		created := newLogBucket(a, "AccessLogs")
		if hardened {
			logServerAccess(created, newLogBucket(a, "AccessLogsServerLogs"))
		} else {
			suppress(created, "AwsSolutions-S1", "this bucket holds access logs; Hardened logs its access to a bucket of its own")
		}
		suppressCompliance(created, "S3DefaultEncryptionKMS", "ALB access log delivery supports SSE-S3 only")
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

// logServerAccess sends the server access logs of source (who read or
// deleted the access logs) to target, a bucket of its own: S3 advises
// against a bucket that logs into itself, which would log its own log
// delivery. The grant is written here, as S3's guide gives it ("Permissions
// for log delivery": the logging service principal, on this source bucket
// and account only), not left to CDK's ServerAccessLogsBucket, which
// without the feature flag @aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy
// writes an ACL that a bucket whose owner owns every object refuses.
func logServerAccess(source, target awss3.Bucket) {
	suppress(target, "AwsSolutions-S1", "this bucket holds the access log bucket's server access logs; logging it too would only log the log delivery")
	suppressCompliance(target, "S3BucketLoggingEnabled", "this bucket holds the access log bucket's server access logs; logging it too would only log the log delivery")
	suppressCompliance(target, "S3DefaultEncryptionKMS", "S3 delivers server access logs only to buckets encrypted with SSE-S3")
	// The grant names the source, so it cannot come first: CloudFormation
	// makes it just after the source bucket, as CDK's own does.
	target.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:    jsii.Strings("s3:PutObject"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("logging.s3.amazonaws.com"), nil)},
		Resources:  jsii.Strings(*target.ArnForObjects(jsii.String("*"))),
		Conditions: &map[string]any{
			"ArnLike":      map[string]any{"aws:SourceArn": source.BucketArn()},
			"StringEquals": map[string]any{"aws:SourceAccount": awscdk.Aws_ACCOUNT_ID()},
		},
	}))
	source.Node().DefaultChild().(awss3.CfnBucket).SetLoggingConfiguration(&awss3.CfnBucket_LoggingConfigurationProperty{DestinationBucketName: target.BucketName()})
}

// newLogBucket is a bucket for logs: private, TLS only, encrypted with
// SSE-S3 (the one both ALB and S3 log delivery write to), versioned,
// objects kept a year, the bucket kept after the stack. Replicating logs
// to a second Region is left out: it would double their storage for
// evidence that has a year to be read, and needs a bucket in another
// Region, which one stack cannot make.
func newLogBucket(a *InternetFacingAlb, id string) awss3.Bucket {
	bucket := awss3.NewBucket(a, &id, &awss3.BucketProps{
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		EnforceSSL:        jsii.Bool(true),
		ObjectOwnership:   awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		Versioned:         jsii.Bool(true),
		LifecycleRules: &[]*awss3.LifecycleRule{
			{
				Expiration:                  awscdk.Duration_Days(jsii.Number(365)),
				NoncurrentVersionExpiration: awscdk.Duration_Days(jsii.Number(1)),
			},
			// Expiring a current version leaves a delete marker, and once
			// the version under it is gone, nothing else removes the
			// marker: S3 keeps and lists it, and the bucket never empties.
			// S3 refuses this setting in a rule that expires objects by age,
			// hence a rule of its own.
			{ExpiredObjectDeleteMarker: jsii.Bool(true)},
		},
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
	suppressCompliance(bucket, "S3BucketReplicationEnabled", "logs kept a year as evidence; replicating them to a second Region would double their storage "+
		"and needs a bucket in that Region, which one stack cannot make")
	return bucket
}

// elbAccountKnownID names the stack's condition that its region is one of
// those with an ELB account; the other conditions of the choice are named
// after the regions they hold.
const elbAccountKnownID = "ElbAccountKnown"

// elbAccountPrincipal is the regional Elastic Load Balancing account that
// writes access logs in regions launched before August 2022, or nil where
// the stack's region has none. An environment-agnostic stack chooses it at
// deploy time by conditions on its region, whose branches hold the accounts'
// literal IDs; in any other region (one newer than this CDK) the grant names
// the stack's own account, which adds nothing, since the service principal
// does the work there.
//
// No Fn::FindInMap: a region missing from a mapping fails the deployment,
// and putting the lookup in the branch of an Fn::If that is not taken is no
// proof against that (AWS does not document that the branch is skipped, and
// aws-cloudformation-templates#271 reports the error from that shape). A
// DefaultValue needs the AWS::LanguageExtensions transform, which would then
// apply to the whole stack of every user of these constructs: it changes
// how the stack's other intrinsic functions are evaluated, and a stack that
// also has the SAM transform fails to create its change set when the two are
// listed in the wrong order (cfn-lint #2346, #3415).
//
// The choice is a balanced tree of Fn::If, five deep for 31 regions, not a
// chain of one per region: CDK's assertions library walks every nested list
// twice, so a chain 31 deep would hang a user's template tests. Each node's
// condition is the Fn::Or of its two halves' conditions.
func elbAccountPrincipal(scope constructs.Construct) awsiam.IPrincipal {
	stack := awscdk.Stack_Of(scope)
	region := stack.Region()
	if !isTokenString(*region) {
		if account := regioninfo.Fact_Find(region, regioninfo.FactName_ELBV2_ACCOUNT()); account != nil {
			return awsiam.NewAccountPrincipal(account)
		}
		return nil
	}
	byRegion := *regioninfo.RegionInfo_RegionMap(regioninfo.FactName_ELBV2_ACCOUNT())
	regions := slices.Sorted(maps.Keys(byRegion))
	known, choice := chooseAccount(stack, regions, byRegion, elbAccountKnownID)
	account := awscdk.Fn_ConditionIf(known.LogicalId(), choice, awscdk.Aws_ACCOUNT_ID())
	return awsiam.NewArnPrincipal(awscdk.Token_AsString(account, nil))
}

// chooseAccount returns the stack's condition, named id or after regions,
// that its region is one of regions, and the account of that region: the
// account itself for one region, else an Fn::If on the first half of them.
// The conditions are made once per stack.
func chooseAccount(stack awscdk.Stack, regions []string, byRegion map[string]*string, id string) (awscdk.CfnCondition, any) {
	if id == "" {
		id = "ElbAccountRegion" + nameOfRegion(regions[0])
		if len(regions) > 1 {
			id = fmt.Sprintf("ElbAccountRegions%sTo%s", nameOfRegion(regions[0]), nameOfRegion(regions[len(regions)-1]))
		}
	}
	existing, _ := stack.Node().TryFindChild(&id).(awscdk.CfnCondition)
	if len(regions) == 1 {
		if existing == nil {
			existing = awscdk.NewCfnCondition(stack, &id, &awscdk.CfnConditionProps{Expression: awscdk.Fn_ConditionEquals(awscdk.Aws_REGION(), regions[0])})
		}
		return existing, byRegion[regions[0]]
	}
	firstHalf, firstAccount := chooseAccount(stack, regions[:len(regions)/2], byRegion, "")
	secondHalf, secondAccount := chooseAccount(stack, regions[len(regions)/2:], byRegion, "")
	if existing == nil {
		existing = awscdk.NewCfnCondition(stack, &id, &awscdk.CfnConditionProps{Expression: awscdk.Fn_ConditionOr(firstHalf, secondHalf)})
	}
	return existing, awscdk.Fn_ConditionIf(firstHalf.LogicalId(), firstAccount, secondAccount)
}

// nameOfRegion is a region's name as a part of a logical ID: us-east-1
// gives UsEast1.
func nameOfRegion(region string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(region, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}
