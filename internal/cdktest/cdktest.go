// Package cdktest holds what the project's CDK tests share: an app with the
// context `cdk synth` gives, assertions that fail a test instead of crashing
// the test binary, and template helpers.
package cdktest

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
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

// WithoutFeatureFlags is ctx without CDK's feature flags (the "@aws-cdk/"
// keys), as in an app whose cdk.json sets none.
func WithoutFeatureFlags(ctx map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range ctx {
		if !strings.HasPrefix(k, "@aws-cdk/") {
			out[k] = v
		}
	}
	return out
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

// CfnLint runs cfn-lint, once, on the template files it has not seen as
// they are (see toolcache.go), but for CfnLintIgnored, and returns its
// findings on all of them but those CfnLintAccepted names; empty means
// clean.
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
	slices.Sort(ignore)
	if len(ignore) > 0 {
		args = append(args, "--ignore-checks", strings.Join(ignore, ","))
	}
	identity := toolIdentity(t, bin)
	var findings []string
	keys := map[string]string{}
	var unseen []string
	for _, path := range templatePaths {
		key := toolCacheKey(t, "cfn-lint", identity, args, path)
		if kept, ok := cachedFindings(key); ok {
			findings = append(findings, strings.ReplaceAll(string(kept), "\x00", path))
			continue
		}
		keys[path] = key
		unseen = append(unseen, path)
	}
	if len(unseen) > 0 {
		out, err := exec.Command(bin, append(append(args, "--"), unseen...)...).CombinedOutput()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("cfn-lint: %v\n%s", err, out)
		}
		// The parseable format starts each finding with its file's path.
		perFile := map[string][]string{}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			matched := false
			for _, path := range unseen {
				if strings.HasPrefix(line, path+":") {
					perFile[path] = append(perFile[path], line)
					matched = true
				}
			}
			if line != "" && !matched {
				t.Fatalf("cfn-lint: %s", out) // not a finding: the run failed
			}
		}
		for _, path := range unseen {
			lines := perFile[path]
			findings = append(findings, lines...)
			kept := strings.ReplaceAll(strings.Join(lines, "\n"), path, "\x00")
			keepFindings(keys[path], []byte(kept))
		}
	}
	var kept []string
lines:
	for _, line := range strings.Split(strings.Join(findings, "\n"), "\n") {
		for accepted := range CfnLintAccepted {
			if strings.Contains(line, accepted) {
				continue lines
			}
		}
		if line != "" {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n")
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
