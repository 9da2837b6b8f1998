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
// runs this app through cdk.json's launcher, as `scripts/synth` does. They
// run side by side: each is a process of its own.

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
	t.Parallel()
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

func TestCdkSynthReportsEveryBadSettingOnceUnderItsKeyWithoutAStackTrace(t *testing.T) {
	t.Parallel()
	_, output, err := runCdkSynth(t, "-c", "maxInstances=abc", "-c", "natGateways=3", "-c", "minTasks=5", "-c", "maxTasks=2", "-c", "maxtasks=20")
	if err == nil {
		t.Fatalf("cdk synth succeeded with bad context:\n%s", output)
	}
	for _, want := range []string{
		`context maxInstances ("abc") is not a number: set a whole number, for example -c maxInstances=2`,
		"context maxtasks is not a setting of this stack: did you mean maxTasks?",
		"natGateways (3) is more than the availability zones (2)",
		"minTasks (5) is above maxTasks (2): lower minTasks or raise maxTasks",
	} {
		if !strings.Contains(output, want) {
			t.Errorf("output lacks %q:\n%s", want, output)
		}
	}
	for _, noise := range []string{"goroutine", "panic", "jsii"} {
		if strings.Contains(output, noise) {
			t.Errorf("output shows a stack trace (%q):\n%s", noise, output)
		}
	}
	if frame := regexp.MustCompile(`\.js:\d+`).FindString(output); frame != "" {
		t.Errorf("output shows a JavaScript stack frame (%q):\n%s", frame, output)
	}
}

// The example app synthesizes with the pinned CLI from its folder.
func TestCdkSynthOfTheExampleApp(t *testing.T) {
	t.Parallel()
	outdir := t.TempDir()
	script, err := filepath.Abs(filepath.Join("scripts", "cdk"))
	if err != nil {
		t.Fatal(err)
	}
	// The README's command: scripts/cdk, from the example's folder.
	cmd := exec.Command(script, "synth", "--quiet", "--output", outdir)
	cmd.Dir = filepath.Join("examples", "shared-alb")
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Fatalf("cdk synth in %s: %v, printed:\n%s", cmd.Dir, err, out)
	}
	if _, err := os.Stat(filepath.Join(outdir, "SharedAlb.template.json")); err != nil {
		t.Error(err)
	}
}

// readmeExample builds the README's Go example, with each replacement of
// edits made to its source, in a module of its own named name, with this
// module in place of the published one, and returns the binary.
func readmeExample(t *testing.T, name string, edits ...string) string {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllSubmatch(readme, -1)
	if len(blocks) != 1 {
		t.Fatalf("README.md has %d Go examples, this test runs one", len(blocks))
	}
	source := string(blocks[0][1])
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(source, edits[i]) {
			t.Fatalf("the README example no longer holds %q", edits[i])
		}
		source = strings.Replace(source, edits[i], edits[i+1], 1)
	}
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	// A lasting folder, so that go build finds its binary current when
	// nothing changed instead of linking it again.
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(cache, "ecsec2", name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	goMod := "module shop\n\ngo 1.26.8\n\nrequire github.com/ecsec2/ecsec2 v0.0.0\n\nreplace github.com/ecsec2/ecsec2 => " + root + "\n"
	sum, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string][]byte{"main.go": []byte(source), "go.mod": []byte(goMod), "go.sum": sum} {
		if old, _ := os.ReadFile(filepath.Join(dir, name)); bytes.Equal(old, content) {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := exec.Command("go", "build", "-mod=mod", "-o", "shop", ".")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("README example does not build: %v\n%s", err, out)
	}
	return filepath.Join(dir, "shop")
}

// The README's Go example runs as printed and synthesizes its stack.
func TestReadmeGoExampleRunsInAModuleOfItsOwn(t *testing.T) {
	t.Parallel()
	outdir := t.TempDir()
	cmd := exec.Command(readmeExample(t, "readme-example"))
	cmd.Env = append(os.Environ(), "CDK_OUTDIR="+outdir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("README example: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(filepath.Join(outdir, "Shop.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	var template map[string]any
	if err := json.Unmarshal(raw, &template); err != nil {
		t.Fatal(err)
	}
	// The API's rule, the web's, and the 403 for the API's paths from
	// outside its range.
	for resourceType, n := range map[string]int{"AWS::ElasticLoadBalancingV2::LoadBalancer": 1, "AWS::ECS::Service": 2, "AWS::ElasticLoadBalancingV2::ListenerRule": 3} {
		if got := len(cdktest.Resources(template, resourceType)); got != n {
			t.Errorf("README example: want %d %s, got %d", n, resourceType, got)
		}
	}
}

// The README's example with a mistake in each of its two services (and a
// mistyped instance type) exits with every mistake in one report, under
// each construct's path and Go field, and no stack trace.
func TestReadmeGoExampleReportsEveryMistakeOnceWithoutATrace(t *testing.T) {
	t.Parallel()
	shop := readmeExample(t, "readme-example-mistakes",
		`NewInstanceType(jsii.String("t3.small"))`, `NewInstanceType(jsii.String("t3.smal"))`,
		`Priority: jsii.Number(100)`, `Priority: jsii.Number(10)`,
		`MaxTasks: jsii.Number(4)`, `MaxTasks: jsii.Number(0)`,
	)
	outdir := t.TempDir()
	cmd := exec.Command(shop)
	cmd.Env = append(os.Environ(), "CDK_OUTDIR="+outdir)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the example with mistakes succeeded:\n%s", out)
	}
	for _, want := range []string{
		"Shop/Cluster (PrivateEcsEc2ClusterProps): InstanceType (t3.smal) is not an EC2 instance type: did you mean t3.small?",
		"Shop/Api (AlbFrontedServiceProps): Priority (10) is taken on the shared listener by Shop/Web",
		"Shop/Api (AlbFrontedServiceProps): MaxTasks (0) must be a whole number of at least 1",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, noise := range []string{"goroutine", "panic", ".js:"} {
		if strings.Contains(string(out), noise) {
			t.Errorf("output shows a stack trace (%q):\n%s", noise, out)
		}
	}
	if _, err := os.Stat(filepath.Join(outdir, "Shop.template.json")); err == nil {
		t.Error("the example with mistakes synthesized its template")
	}
}
