package stack

import (
	"testing"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

// cfnLintIgnored are the cfn-lint rules not applied, each with its reason.
var cfnLintIgnored = map[string]string{
	"W3005": "a DependsOn that a Ref already implies: CDK renders one when a construct depends on a whole scope " +
		"(the service on the cluster, to wait for the capacity provider association made at synth time) " +
		"and for its own custom resource provider; a redundant edge changes nothing",
}

// cfn-lint, AWS's CloudFormation linter, finds no error and no warning in
// any of the synthesized variants (one run: the linter takes seconds to start).
func TestTemplatesPassCfnLint(t *testing.T) {
	var files, ignore []string
	for _, s := range []*synthesized{defaultStack(t), httpsStack(t), gravitonSpotStack(t)} {
		files = append(files, s.file)
	}
	for rule := range cfnLintIgnored {
		ignore = append(ignore, rule)
	}
	if findings := cdktest.CfnLint(t, files, ignore...); findings != "" {
		t.Errorf("cfn-lint:\n%s", findings)
	}
}
