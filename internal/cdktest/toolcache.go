package cdktest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// The findings of cfn-lint and cfn-guard on a template depend only on the
// template, the tool and its arguments, and each takes seconds: they are
// kept in the user's cache folder under a hash of the three, as go test
// keeps test results, and a tool runs only on the templates it has not seen
// in that state. Set ECSEC2_TOOL_CACHE=off to run the tools every time.

// toolIdentity names a tool's state: its executable's path, size and
// modification time, changed by an upgrade or a reinstall.
func toolIdentity(t testing.TB, bin string) string {
	t.Helper()
	info, err := os.Stat(bin)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%s %d %d", bin, info.Size(), info.ModTime().UnixNano())
}

// toolCacheKey is the cache file for a tool's findings on a template.
func toolCacheKey(t testing.TB, tool, identity string, args []string, templatePath string) string {
	t.Helper()
	content, err := os.ReadFile(templatePath)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%q\x00", tool, identity, args)
	h.Write(content)
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "ecsec2", "tool-results", tool, hex.EncodeToString(h.Sum(nil)))
}

// cachedFindings returns the findings kept under key, and whether there
// were any kept.
func cachedFindings(key string) ([]byte, bool) {
	if key == "" || os.Getenv("ECSEC2_TOOL_CACHE") == "off" {
		return nil, false
	}
	findings, err := os.ReadFile(key)
	return findings, err == nil
}

// keepFindings keeps findings under key; a failure only costs a rerun.
func keepFindings(key string, findings []byte) {
	if key == "" {
		return
	}
	if err := os.MkdirAll(filepath.Dir(key), 0o755); err != nil {
		return
	}
	tmp := fmt.Sprintf("%s.%d", key, os.Getpid())
	if os.WriteFile(tmp, findings, 0o644) == nil {
		_ = os.Rename(tmp, key)
	}
}
