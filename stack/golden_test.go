package stack

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

const goldenFile = "testdata/HostNameService.template.json"

// The whole template, as `cdk synth` writes it with cdk.json's context, is
// reviewed in testdata/; `go test ./stack -update` rewrites it.
func TestTemplateMatchesGoldenFile(t *testing.T) {
	got := cdktest.Normalize(defaultStack(t).json)
	if *update {
		if err := os.MkdirAll(filepath.Dir(goldenFile), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatalf("%v: run `go test ./stack -update` to create it", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("template differs from %s; review the change, then run `go test ./stack -update`:\n%s", goldenFile, cdktest.Diff(want, got))
	}
}
