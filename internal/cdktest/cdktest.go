// Package cdktest holds what the project's CDK tests share: an app with the
// context `cdk synth` gives, assertions that fail a test instead of crashing
// the test binary, and template helpers.
package cdktest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// RepoRoot is the folder of the main module's go.mod, above the working
// directory.
func RepoRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			panic("cdktest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// cliContext is what the CDK CLI adds to cdk.json's context by default.
var cliContext = map[string]any{
	"aws:cdk:enable-path-metadata":  true,
	"aws:cdk:enable-asset-metadata": true,
	"aws:cdk:bundling-stacks":       []any{"**"},
}

// Context is the context `cdk synth` passes to the app: cdk.json's, with the
// CLI's own, and then extra on top.
func Context(extra map[string]any) map[string]any {
	raw, err := os.ReadFile(filepath.Join(RepoRoot(), "cdk.json"))
	if err != nil {
		panic(err)
	}
	var cdkJSON struct {
		Context map[string]any `json:"context"`
	}
	if err := json.Unmarshal(raw, &cdkJSON); err != nil {
		panic(fmt.Errorf("cdktest: cdk.json: %w", err))
	}
	ctx := map[string]any{}
	for _, m := range []map[string]any{cdkJSON.Context, cliContext, extra} {
		for k, v := range m {
			ctx[k] = v
		}
	}
	return ctx
}

// outdirs are the folders TempOutdir made, which RemoveOutdirs removes.
var outdirs []string

// TempOutdir is a new temporary folder for a cloud assembly, removed by
// RemoveOutdirs (a package's TestMain calls it after the tests).
func TempOutdir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "cdk.out-")
	if err != nil {
		t.Fatal(err)
	}
	outdirs = append(outdirs, dir)
	return dir
}

// RemoveOutdirs removes the folders of TempOutdir.
func RemoveOutdirs() {
	for _, dir := range outdirs {
		os.RemoveAll(dir)
	}
}

// NewApp is an app with Context(extra), synthesizing into outdir, as the
// project's apps do: without CDK's own CloudFormation validation, whose
// rules cfn-lint applies to the templates (CfnLint).
func NewApp(outdir string, extra map[string]any) awscdk.App {
	ctx := Context(extra)
	return awscdk.NewApp(&awscdk.AppProps{Context: &ctx, Outdir: jsii.String(outdir), BuiltinCloudFormationValidation: jsii.Bool(false)})
}

// Check runs an assertion that panics on failure (as every jsii call does)
// and reports the panic as a test error.
func Check(t testing.TB, assertion func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%v", r)
		}
	}()
	assertion()
}

var assetHash = regexp.MustCompile(`[0-9a-f]{64}`)

// Normalize replaces the asset hashes, which change with every edit of the
// app, and indents the template for a readable diff.
func Normalize(template map[string]any) []byte {
	out, err := json.MarshalIndent(template, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(assetHash.ReplaceAll(out, []byte("<asset-hash>")), '\n')
}

// Resources returns the template's resources of one type by logical ID.
func Resources(template map[string]any, resourceType string) map[string]map[string]any {
	found := map[string]map[string]any{}
	resources, _ := template["Resources"].(map[string]any)
	for id, r := range resources {
		resource, _ := r.(map[string]any)
		if resource["Type"] == resourceType {
			found[id] = resource
		}
	}
	return found
}

// Only returns the one resource of a type, failing the test if there are
// more or none.
func Only(t testing.TB, template map[string]any, resourceType string) (string, map[string]any) {
	t.Helper()
	found := Resources(template, resourceType)
	if len(found) != 1 {
		t.Fatalf("want exactly one %s, found %d", resourceType, len(found))
	}
	for id, r := range found {
		return id, r
	}
	return "", nil
}

// DependsOn lists the logical IDs a resource depends on explicitly.
func DependsOn(resource map[string]any) []string {
	return Strings(resource["DependsOn"])
}

// Strings reads a template value that is one string or a list of them, as
// DependsOn and a policy statement's Action are.
func Strings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		list := make([]string, len(x))
		for i, item := range x {
			list[i] = fmt.Sprint(item)
		}
		return list
	}
	return nil
}

// CfnLint runs cfn-lint once on template files, but for CfnLintIgnored,
// and returns its findings; empty means clean.
func CfnLint(t testing.TB, templatePaths ...string) string {
	t.Helper()
	bin, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Fatalf("cfn-lint is not on PATH: run scripts/install-tools (scripts/test does)")
	}
	args := []string{"--format", "parseable"}
	var ignore []string
	for rule := range CfnLintIgnored {
		ignore = append(ignore, rule)
	}
	if len(ignore) > 0 {
		args = append(args, "--ignore-checks", strings.Join(ignore, ","))
	}
	args = append(append(args, "--"), templatePaths...)
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil && len(out) == 0 {
		t.Fatalf("cfn-lint: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// Diff shows the lines that differ between two texts, as a line diff
// ("-" want, "+" got) cut to the first 60 changed lines.
func Diff(want, got []byte) string {
	a, b := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	// lcs[i][j] is the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	shown := 0
	line := func(sign string, n int, text string) {
		if shown < 60 {
			fmt.Fprintf(&out, "%s%5d %s\n", sign, n, text)
		}
		shown++
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			line("+", j+1, b[j])
			j++
		default:
			line("-", i+1, a[i])
			i++
		}
	}
	if shown > 60 {
		fmt.Fprintf(&out, "... %d more changed lines\n", shown-60)
	}
	return out.String()
}

// GuardFailure is a cfn-guard rule a template fails.
type GuardFailure struct {
	Rule      string   // the rule's name, such as ecs_awsvpc_networking_enabled_check
	Control   string   // the AWS Control Tower control, such as CT.ECS.PR.4
	Resources []string // the logical IDs that fail it
}

var (
	controlID  = regexp.MustCompile(`\[(CT\.[A-Z0-9.]+)\]`)
	resourceID = regexp.MustCompile(`/Resources/([A-Za-z0-9]+)`)
)

// CfnGuard runs cfn-guard once with the AWS Control Tower proactive
// controls, as the npm package @cdklabs/cdk-validator-cfnguard ships them in
// tools/, on template files, and returns the rules each file fails.
func CfnGuard(t testing.TB, templatePaths ...string) map[string][]GuardFailure {
	t.Helper()
	pkg := filepath.Join(RepoRoot(), "tools", "node_modules", "@cdklabs", "cdk-validator-cfnguard")
	osDir := map[string]string{"linux": "ubuntu", "darwin": "macos"}[runtime.GOOS]
	archDir := map[string]string{"amd64": "x86_64", "arm64": "aarch64"}[runtime.GOARCH]
	bin := filepath.Join(pkg, "bin", osDir, archDir, "cfn-guard")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("cfn-guard is missing at %s: run scripts/install-tools (scripts/test does)", bin)
	}
	args := []string{"validate", "--rules", filepath.Join(pkg, "rules", "control-tower", "cfn-guard"), "--output-format", "json", "--show-summary", "none"}
	for _, path := range templatePaths {
		args = append(args, "--data", path)
	}
	out, err := exec.Command(bin, args...).Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) { // a failing rule exits non-zero
		t.Fatalf("cfn-guard: %v", err)
	}
	failures := map[string][]GuardFailure{}
	decoder := json.NewDecoder(bytes.NewReader(out))
	for decoder.More() {
		var report struct {
			Name         string            `json:"name"`
			NotCompliant []json.RawMessage `json:"not_compliant"`
		}
		if err := decoder.Decode(&report); err != nil {
			t.Fatalf("cfn-guard output: %v\n%s", err, out)
		}
		for _, raw := range report.NotCompliant {
			var rule struct {
				Rule struct {
					Name string `json:"name"`
				} `json:"Rule"`
			}
			_ = json.Unmarshal(raw, &rule)
			failure := GuardFailure{Rule: rule.Rule.Name}
			if m := controlID.FindSubmatch(raw); m != nil {
				failure.Control = string(m[1])
			}
			seen := map[string]bool{}
			for _, m := range resourceID.FindAllSubmatch(raw, -1) {
				if id := string(m[1]); !seen[id] {
					seen[id] = true
					failure.Resources = append(failure.Resources, id)
				}
			}
			failures[report.Name] = append(failures[report.Name], failure)
		}
	}
	return failures
}

// Messages returns the messages (info, warnings, errors) an app's synthesis
// attached to a stack, what `cdk synth` prints: annotations in the stack's
// metadata, and
// the violations of the validation report (where the recommended flag
// @aws-cdk/core:annotationsInValidationReport puts the annotations).
func Messages(t testing.TB, assemblyDir, stackName string) []string {
	t.Helper()
	var messages []string
	var manifest struct {
		Artifacts map[string]struct {
			Metadata               map[string][]metadataEntry `json:"metadata"`
			AdditionalMetadataFile string                     `json:"additionalMetadataFile"`
		} `json:"artifacts"`
	}
	readJSON(t, filepath.Join(assemblyDir, "manifest.json"), &manifest)
	artifact := manifest.Artifacts[stackName]
	metadata := artifact.Metadata
	if artifact.AdditionalMetadataFile != "" {
		readJSON(t, filepath.Join(assemblyDir, artifact.AdditionalMetadataFile), &metadata)
	}
	for path, entries := range metadata {
		for _, e := range entries {
			if e.Type == "aws:cdk:warning" || e.Type == "aws:cdk:error" || e.Type == "aws:cdk:info" {
				messages = append(messages, fmt.Sprintf("%s %s: %v", e.Type, path, e.Data))
			}
		}
	}
	var report struct {
		PluginReports []struct {
			PluginName string `json:"pluginName"`
			Violations []struct {
				Description         string `json:"description"`
				Severity            string `json:"severity"`
				ViolatingConstructs []struct {
					ConstructPath string `json:"constructPath"`
				} `json:"violatingConstructs"`
			} `json:"violations"`
		} `json:"pluginReports"`
	}
	if _, err := os.Stat(filepath.Join(assemblyDir, "validation-report.json")); err == nil {
		readJSON(t, filepath.Join(assemblyDir, "validation-report.json"), &report)
	}
	for _, plugin := range report.PluginReports {
		for _, v := range plugin.Violations {
			for _, c := range v.ViolatingConstructs {
				messages = append(messages, fmt.Sprintf("%s %s %s: %s", plugin.PluginName, v.Severity, c.ConstructPath, strings.TrimSpace(v.Description)))
			}
		}
	}
	return messages
}

type metadataEntry struct {
	Type string `json:"type"`
	Data any    `json:"data"`
}

func readJSON(t testing.TB, path string, v any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
