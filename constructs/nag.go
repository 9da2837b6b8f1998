package ecsec2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// suppress records why a cdk-nag rule does not apply to the CloudFormation
// resource of c, in the "cdk_nag" metadata cdk-nag reads, so that the
// library does not depend on cdk-nag. appliesTo narrows a granular rule to
// findings such as "Resource::*", or to those matching {"regex": "/.../"}.
func suppress(c constructs.IConstruct, rule, reason string, appliesTo ...any) {
	resource, ok := c.(awscdk.CfnResource)
	if !ok {
		resource = c.Node().DefaultChild().(awscdk.CfnResource)
	}
	entry := map[string]any{"id": rule, "reason": reason}
	if len(appliesTo) > 0 {
		entry["applies_to"] = appliesTo
	}
	var rules []any
	if existing, ok := resource.GetMetadata(jsii.String("cdk_nag")).(map[string]any); ok {
		rules, _ = existing["rules_to_suppress"].([]any)
	}
	resource.AddMetadata(jsii.String("cdk_nag"), map[string]any{"rules_to_suppress": append(rules, entry)})
}
