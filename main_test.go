package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

// These tests run the README's commands for real: the pinned CDK CLI, which
// runs this app with `go run .`, as `scripts/synth` does.

func cdkCLI(t *testing.T) string {
	t.Helper()
	cli, err := filepath.Abs(filepath.Join("tools", "node_modules", ".bin", "cdk"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cli); err != nil {
		t.Fatalf("%s is missing: run scripts/install-tools (scripts/test does)", cli)
	}
	return cli
}

func runCdkSynth(t *testing.T, args ...string) (outdir string, output string, err error) {
	t.Helper()
	outdir = t.TempDir()
	cmd := exec.Command(cdkCLI(t), append([]string{"synth", "--quiet", "--output", outdir}, args...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	return outdir, out.String(), err
}

func TestCdkSynthWritesTheGoldenTemplateAndPrintsNothing(t *testing.T) {
	outdir, output, err := runCdkSynth(t)
	if err != nil {
		t.Fatalf("cdk synth: %v\n%s", err, output)
	}
	if output != "" {
		t.Errorf("cdk synth printed, and should print nothing:\n%s", output)
	}
	raw, err := os.ReadFile(filepath.Join(outdir, StackName+".template.json"))
	if err != nil {
		t.Fatal(err)
	}
	var template map[string]any
	if err := json.Unmarshal(raw, &template); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("stack", "testdata", StackName+".template.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := cdktest.Normalize(template); !bytes.Equal(got, want) {
		t.Errorf("cdk synth differs from the golden template:\n%s", cdktest.Diff(want, got))
	}
}

func TestCdkSynthReportsBadContextClearlyWithoutAStackTrace(t *testing.T) {
	_, output, err := runCdkSynth(t, "-c", "maxInstances=abc", "-c", "natGateways=1.5")
	if err == nil {
		t.Fatalf("cdk synth succeeded with bad context:\n%s", output)
	}
	for _, want := range []string{
		`context maxInstances ("abc") is not a number: set a whole number, for example -c maxInstances=2`,
		// The CLI reads -c values as JSON where it can: 1.5 arrives a number.
		`context natGateways (1.5) is not a whole number`,
	} {
		if !strings.Contains(output, want) {
			t.Errorf("output lacks %q:\n%s", want, output)
		}
	}
	for _, noise := range []string{"goroutine", "panic", "jsii", ".js:"} {
		if strings.Contains(output, noise) {
			t.Errorf("output shows a stack trace (%q):\n%s", noise, output)
		}
	}
}

func TestCdkSynthReportsInvalidSettingsTogether(t *testing.T) {
	_, output, err := runCdkSynth(t, "-c", "minInstances=6", "-c", "maxTasks=0", "-c", "maxAzs=3")
	if err == nil {
		t.Fatalf("cdk synth succeeded with invalid settings:\n%s", output)
	}
	for _, want := range []string{
		"MinInstances (6) is above MaxInstances (5)",
		"MaxTasks (0) must be a whole number of at least 1",
		"MaxAzs (3) is more than the 2 availability zones the stack knows",
	} {
		if !strings.Contains(output, want) {
			t.Errorf("output lacks %q:\n%s", want, output)
		}
	}
	if strings.Contains(output, "goroutine") {
		t.Errorf("output shows a stack trace:\n%s", output)
	}
}

// The README's Go example compiles against this module.
func TestReadmeGoExampleCompiles(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllSubmatch(readme, -1)
	if len(blocks) == 0 {
		t.Fatal("README.md has no Go example")
	}
	for _, block := range blocks {
		// A folder starting with "." is inside the module but outside ./... .
		dir, err := os.MkdirTemp(".", ".readme-example-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		if err := os.WriteFile(filepath.Join(dir, "main.go"), block[1], 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("go", "vet", "./"+dir).CombinedOutput(); err != nil {
			t.Errorf("README example does not compile: %v\n%s\n%s", err, out, block[1])
		}
	}
}
