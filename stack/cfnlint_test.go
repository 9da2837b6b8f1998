package stack

import (
	"testing"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

// cfn-lint, AWS's CloudFormation linter, finds no error and no warning in
// any of the synthesized variants (one run: the linter takes seconds to start).
func TestTemplatesPassCfnLint(t *testing.T) {
	var files []string
	for _, s := range allVariants(t) {
		files = append(files, s.File)
	}
	if findings := cdktest.CfnLint(t, files...); findings != "" {
		t.Errorf("cfn-lint:\n%s", findings)
	}
}
