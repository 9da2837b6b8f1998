package ecsec2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// suppressions are the suppressions recorded so far, per resource, so that
// suppress writes a resource's whole list without reading it back through
// jsii.
var suppressions = map[awscdk.CfnResource][]any{}

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
	suppressions[resource] = append(suppressions[resource], entry)
	resource.AddMetadata(jsii.String("cdk_nag"), map[string]any{"rules_to_suppress": suppressions[resource]})
}

// suppressOnce is suppress, unless the resource of c already has a
// suppression of rule: for a resource that several constructs share, such
// as CDK's singleton custom resource function.
func suppressOnce(c constructs.IConstruct, rule, reason string, appliesTo ...any) {
	resource, ok := c.(awscdk.CfnResource)
	if !ok {
		resource = c.Node().DefaultChild().(awscdk.CfnResource)
	}
	for _, entry := range suppressions[resource] {
		if entry.(map[string]any)["id"] == rule {
			return
		}
	}
	suppress(resource, rule, reason, appliesTo...)
}

// ignoreLint tells cfn-lint to skip rules on a resource whose template is
// right but newer than cfn-lint's schema, with the reason, in the
// "cfn-lint" metadata cfn-lint reads.
func ignoreLint(resource awscdk.CfnResource, reason string, rules ...string) {
	resource.AddMetadata(jsii.String("cfn-lint"), map[string]any{"config": map[string]any{"ignore_checks": rules}, "reason": reason})
}
