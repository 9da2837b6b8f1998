package stack

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

// The whole templates, as `cdk synth` writes them with cdk.json's context
// (the default), with HTTPS, with Graviton and Spot, with awsvpc tasks,
// with ECS Managed Instances, released by canary and hardened, are
// reviewed in testdata/; `go test ./stack -update` rewrites them.
func TestTemplatesMatchGoldenFiles(t *testing.T) {
	for _, s := range []*cdktest.Synthesized{defaultStack(t), httpsStack(t), gravitonSpotStack(t), awsvpcStack(t), managedStack(t), canaryStack(t), hardenedStack(t)} {
		golden := filepath.Join("testdata", s.Name+".template.json")
		got := cdktest.Normalize(s.JSON)
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v: run `go test ./stack -update` to create it", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("template differs from %s; review the change, then run `go test ./stack -update`:\n%s", golden, cdktest.Diff(want, got))
		}
	}
}
