package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// CDK runs the repository's pinned CDK CLI (scripts/cdk) with arguments.
type CDK interface {
	Run(ctx context.Context, args []string) error
}

// contextArgs turns -context key=value pairs into the CLI's -c flags.
func contextArgs(contexts []string) []string {
	var args []string
	for _, c := range contexts {
		args = append(args, "-c", c)
	}
	return args
}

// deployArgs is `cdk deploy` of the stack, unattended, writing its outputs.
func deployArgs(stack, outputsFile string, contexts []string) []string {
	args := []string{"deploy", stack, "--require-approval", "never", "--outputs-file", outputsFile}
	return append(args, contextArgs(contexts)...)
}

// destroyArgs is `cdk destroy` of the stack without a question; the same
// context, so that the app synthesizes as it did for the deploy.
func destroyArgs(stack string, contexts []string) []string {
	args := []string{"destroy", stack, "--force"}
	return append(args, contextArgs(contexts)...)
}

// findRepoRoot walks up from dir to the folder holding scripts/cdk and
// cdk.json.
func findRepoRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; {
		if isFile(filepath.Join(d, "scripts", "cdk")) && isFile(filepath.Join(d, "cdk.json")) {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no scripts/cdk and cdk.json in %s or any folder above it: run from the repository (scripts/e2e)", dir)
		}
		d = parent
	}
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

// childEnv is base with the region (both variables the CDK CLI and the SDKs
// read) and, if set, the profile: the CLI deploys where the checks look.
func childEnv(base []string, region, profile string) []string {
	set := map[string]string{"AWS_REGION": region, "AWS_DEFAULT_REGION": region}
	if profile != "" {
		set["AWS_PROFILE"] = profile
	}
	env := make([]string, 0, len(base)+len(set))
	for _, kv := range base {
		key, _, _ := strings.Cut(kv, "=")
		if _, ok := set[key]; !ok {
			env = append(env, kv)
		}
	}
	for _, key := range []string{"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"} {
		if v, ok := set[key]; ok {
			env = append(env, key+"="+v)
		}
	}
	return env
}

// prefixWriter writes each line of what it is given with a prefix, so the
// CLI's output stands apart from the timeline. Safe for concurrent use.
type prefixWriter struct {
	mu      sync.Mutex
	w       io.Writer
	prefix  string
	midLine bool
}

func newPrefixWriter(w io.Writer, prefix string) *prefixWriter {
	return &prefixWriter{w: w, prefix: prefix}
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out bytes.Buffer
	for rest := b; len(rest) > 0; {
		if !p.midLine {
			out.WriteString(p.prefix)
			p.midLine = true
		}
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			out.Write(rest)
			break
		}
		out.Write(rest[:i+1])
		p.midLine = false
		rest = rest[i+1:]
	}
	if _, err := p.w.Write(out.Bytes()); err != nil {
		return 0, err
	}
	return len(b), nil
}

// cdkCLI runs scripts/cdk in the repository root in a process group of its
// own: an interrupt reaches it through ctx (SIGINT to the group, SIGKILL a
// minute later), not straight from the terminal, so the run decides what
// follows.
type cdkCLI struct {
	root string
	env  []string
	out  io.Writer
}

func (c cdkCLI) Run(ctx context.Context, args []string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(c.root, "scripts", "cdk"), args...)
	cmd.Dir = c.root
	cmd.Env = c.env
	cmd.Stdout, cmd.Stderr = c.out, c.out
	ownProcessGroup(cmd)
	cmd.Cancel = func() error { return interruptGroup(cmd) }
	cmd.WaitDelay = time.Minute
	err := cmd.Run()
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("interrupted: %w", errors.Join(ctx.Err(), err))
	}
	return err
}
