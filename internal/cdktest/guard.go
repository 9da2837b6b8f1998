package cdktest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
)

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

// CfnGuard runs cfn-guard with the AWS Control Tower proactive controls, as
// the npm package @cdklabs/cdk-validator-cfnguard ships them in tools/, on
// template files, and returns the rules each file fails. It runs the rules
// that name a resource type of the templates (the others find nothing to
// check), one process per template, side by side.
func CfnGuard(t testing.TB, templatePaths ...string) map[string][]GuardFailure {
	t.Helper()
	pkg := filepath.Join(RepoRoot(), "tools", "node_modules", "@cdklabs", "cdk-validator-cfnguard")
	osDir := map[string]string{"linux": "ubuntu", "darwin": "macos"}[runtime.GOOS]
	archDir := map[string]string{"amd64": "x86_64", "arm64": "aarch64"}[runtime.GOARCH]
	bin := filepath.Join(pkg, "bin", osDir, archDir, "cfn-guard")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("cfn-guard is missing at %s: run scripts/install-tools (scripts/test does)", bin)
	}
	rules, rulesHash := guardRules(t, filepath.Join(pkg, "rules", "control-tower", "cfn-guard"), resourceTypes(t, templatePaths))
	identity := toolIdentity(t, bin) + " " + rulesHash
	failures := map[string][]GuardFailure{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make([]error, len(templatePaths))
	for i, path := range templatePaths {
		key := toolCacheKey(t, "cfn-guard", identity, nil, path)
		if kept, ok := cachedFindings(key); ok {
			var found []GuardFailure
			if json.Unmarshal(kept, &found) == nil {
				failures[path] = found
				continue
			}
		}
		wg.Go(func() {
			args := append([]string{"validate", "--output-format", "json", "--show-summary", "none", "--data", path}, rules...)
			out, err := exec.Command(bin, args...).Output()
			var exit *exec.ExitError
			if err != nil && !errors.As(err, &exit) { // a failing rule exits non-zero
				errs[i] = err
				return
			}
			found, err := parseGuardReports(out)
			if err != nil {
				errs[i] = err
				return
			}
			if kept, err := json.Marshal(found[path]); err == nil {
				keepFindings(key, kept)
			}
			mu.Lock()
			defer mu.Unlock()
			for name, f := range found {
				failures[name] = append(failures[name], f...)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("cfn-guard: %v", err)
	}
	return failures
}

// resourceTypes are the resource types the templates hold.
func resourceTypes(t testing.TB, templatePaths []string) map[string]bool {
	t.Helper()
	types := map[string]bool{}
	for _, path := range templatePaths {
		var template struct {
			Resources map[string]struct{ Type string } `json:"Resources"`
		}
		readJSON(t, path, &template)
		for _, r := range template.Resources {
			types[r.Type] = true
		}
	}
	return types
}

// guardRules are the --rules arguments for the rule files under dir that
// name one of types, and a hash of those files.
func guardRules(t testing.TB, dir string, types map[string]bool) (args []string, hash string) {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".guard") {
			return err
		}
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for resourceType := range types {
			if strings.Contains(string(content), resourceType) {
				args = append(args, "--rules", path)
				h.Write([]byte(path))
				h.Write(content)
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("cfn-guard rules: %v", err)
	}
	return args, hex.EncodeToString(h.Sum(nil))
}

// parseGuardReports reads cfn-guard's JSON reports, one per template.
func parseGuardReports(out []byte) (map[string][]GuardFailure, error) {
	failures := map[string][]GuardFailure{}
	decoder := json.NewDecoder(bytes.NewReader(out))
	for decoder.More() {
		var report struct {
			Name         string            `json:"name"`
			NotCompliant []json.RawMessage `json:"not_compliant"`
		}
		if err := decoder.Decode(&report); err != nil {
			return nil, err
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
	return failures, nil
}
