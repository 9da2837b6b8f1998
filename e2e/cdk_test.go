package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestDeployAndDestroyArgs(t *testing.T) {
	ctx := []string{"maxTasks=20", "natGateways=1"}
	if got, want := deployArgs("HostNameService", "/tmp/o.json", ctx),
		[]string{"deploy", "HostNameService", "--require-approval", "never", "--outputs-file", "/tmp/o.json", "-c", "maxTasks=20", "-c", "natGateways=1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("deploy args %q, want %q", got, want)
	}
	if got, want := destroyArgs("HostNameService", ctx),
		[]string{"destroy", "HostNameService", "--force", "-c", "maxTasks=20", "-c", "natGateways=1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("destroy args %q, want %q", got, want)
	}
	if got := destroyArgs("S", nil); !reflect.DeepEqual(got, []string{"destroy", "S", "--force"}) {
		t.Errorf("destroy args without context: %q", got)
	}
}

func makeRepo(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "scripts"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"cdk.json", "scripts/cdk"} {
		if err := os.WriteFile(filepath.Join(root, f), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestFindRepoRoot(t *testing.T) {
	root := makeRepo(t)
	sub := filepath.Join(root, "e2e", "deeper")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{root, filepath.Join(root, "e2e"), sub} {
		if got, err := findRepoRoot(dir); err != nil || got != root {
			t.Errorf("findRepoRoot(%s) = %s, %v; want %s", dir, got, err, root)
		}
	}
	if _, err := findRepoRoot(t.TempDir()); err == nil || !strings.Contains(err.Error(), "scripts/e2e") {
		t.Errorf("outside a repository: %v", err)
	}
	// The real repository, from this folder.
	if got, err := findRepoRoot("."); err != nil || !isFile(filepath.Join(got, "e2e", "go.mod")) {
		t.Errorf("from e2e/: %s, %v", got, err)
	}
}

func TestChildEnv(t *testing.T) {
	base := []string{"PATH=/bin", "AWS_REGION=eu-west-1", "AWS_DEFAULT_REGION=eu-west-1", "AWS_PROFILE=old", "HOME=/root"}
	got := childEnv(base, "us-east-1", "")
	want := []string{"PATH=/bin", "AWS_PROFILE=old", "HOME=/root", "AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	got = childEnv(base, "us-east-1", "dev")
	want = []string{"PATH=/bin", "HOME=/root", "AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1", "AWS_PROFILE=dev"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("with a profile: got %q\nwant %q", got, want)
	}
}

func TestPrefixWriter(t *testing.T) {
	var b bytes.Buffer
	w := newPrefixWriter(&b, "cdk| ")
	for _, s := range []string{"one\ntw", "o\n", "", "\nthree", " and more\n"} {
		if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", s, n, err)
		}
	}
	want := "cdk| one\ncdk| two\ncdk| \ncdk| three and more\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// syncBuffer is a bytes.Buffer safe for the writer goroutines of os/exec
// and the test reading it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// cdkCLI runs scripts/cdk from the repository root with the arguments and
// the environment given, its output prefixed.
func TestCDKCLIRunsTheScript(t *testing.T) {
	root := makeRepo(t)
	script := "#!/bin/sh\necho \"args: $*\"\necho \"region: $AWS_REGION in $(pwd)\"\n[ \"$1\" = fail ] && exit 3\nexit 0\n"
	if err := os.WriteFile(filepath.Join(root, "scripts", "cdk"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	c := cdkCLI{root: root, env: childEnv(os.Environ(), "us-east-1", ""), out: newPrefixWriter(&out, "  cdk | ")}
	if err := c.Run(context.Background(), []string{"deploy", "HostNameService"}); err != nil {
		t.Fatal(err)
	}
	want := "  cdk | args: deploy HostNameService\n  cdk | region: us-east-1 in " + root + "\n"
	if got := out.String(); got != want {
		t.Errorf("output %q, want %q", got, want)
	}
	if err := c.Run(context.Background(), []string{"fail"}); err == nil || !strings.Contains(err.Error(), "exit status 3") {
		t.Errorf("a failing CLI: %v", err)
	}
}

// An interrupt reaches the CLI as SIGINT through the context, and the error
// says it was interrupted.
func TestCDKCLIInterruptSendsSIGINT(t *testing.T) {
	root := makeRepo(t)
	script := "#!/bin/sh\ntrap 'echo got SIGINT; exit 7' INT\necho started\nwhile :; do sleep 1; done\n"
	if err := os.WriteFile(filepath.Join(root, "scripts", "cdk"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	c := cdkCLI{root: root, env: os.Environ(), out: &out}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error)
	go func() { errc <- c.Run(ctx, []string{"deploy"}) }()
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(out.String(), "started"); {
		if time.Now().After(deadline) {
			t.Fatalf("the script never started: %q", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	err := <-errc
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("error %v, want an interruption", err)
	}
	if !strings.Contains(out.String(), "got SIGINT") {
		t.Errorf("the script did not get SIGINT: %q", out.String())
	}
}
