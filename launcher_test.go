package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// These tests run scripts/cdk-app.js, cdk.json's app command, on a small
// module that shows every case; the CLI tests of main_test.go run it on this
// module.

// launcherModule is a module whose binary reports what it was built from:
// its version, a subpackage's, an embedded file, its arguments and
// environment, and the exit code it was asked for.
var launcherModule = map[string]string{
	"go.mod": "module example.com/launched\n\ngo 1.26\n",
	"main.go": `package main

import (
	_ "embed"
	"fmt"
	"os"
	"strconv"
	"strings"

	"example.com/launched/lib"
)

var version = "v1"

//go:embed data.txt
var data string

func main() {
	fmt.Printf("out %s %s %s %s\n", version, lib.Version, strings.TrimSpace(data), strings.Join(os.Args[1:], ","))
	fmt.Fprintf(os.Stderr, "err %s\n", os.Getenv("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"))
	if code, err := strconv.Atoi(os.Getenv("APP_EXIT")); err == nil {
		os.Exit(code)
	}
}
`,
	"data.txt":              "data1\n",
	"lib/lib.go":            libGo,
	"lib/static/sub/a.html": "<p>a</p>\n",
}

const libGo = `package lib

import "embed"

var Version = "lib1"

//go:embed static
var Static embed.FS
`

func TestLauncherRebuildsWhenTheSourcesChangeAndNeverRunsAStaleBinary(t *testing.T) {
	t.Parallel()
	dir := launcherCopy(t)
	for name, content := range launcherModule {
		writeFile(t, dir, name, content)
	}

	// First run: builds, then passes arguments, environment, stdout, stderr
	// and the exit code through, printing nothing of its own.
	stdout, stderr, code := runLauncher(t, dir, []string{"APP_EXIT=3"}, "--", "a", "b c")
	if want := "out v1 lib1 data1 a,b c\n"; stdout != want || stderr != "err 20\n" || code != 3 {
		t.Fatalf("first run: stdout %q, stderr %q, exit %d; want %q, %q, 3", stdout, stderr, code, want, "err 20\n")
	}
	built := onlyBinary(t, dir)

	// Nothing changed: the same binary runs, not rebuilt.
	expectOutput(t, dir, nil, "out v1 lib1 data1 \n")
	sameBinary(t, dir, built, "an unchanged tree")

	// What go build leaves out changes nothing: tests, testdata, dot and
	// underscore folders, node_modules, cdk.out, nested modules, other files.
	for name, content := range map[string]string{
		"main_test.go":          "package main\n",
		"lib/lib_test.go":       "package lib\n",
		"testdata/x.go":         "package x\n",
		"_scratch/x.go":         "package x\n",
		".hidden/x.go":          "package x\n",
		"node_modules/x/x.go":   "package x\n",
		"cdk.out/x.go":          "package x\n",
		"nested/go.mod":         "module example.com/nested\n",
		"nested/x.go":           "package x\n",
		"README.md":             "# readme\n",
		"cdk.json":              "{}\n",
		"lib/testdata/data.txt": "x\n",
		"lib/notes.txt":         "not embedded\n",
	} {
		writeFile(t, dir, name, content)
	}
	expectOutput(t, dir, nil, "out v1 lib1 data1 \n")
	sameBinary(t, dir, built, "changes outside the build")

	// A change of content that keeps the size and the modification time:
	// the hash is of the content.
	mainGo := filepath.Join(dir, "main.go")
	info, err := os.Stat(mainGo)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "main.go", strings.Replace(launcherModule["main.go"], `"v1"`, `"v2"`, 1))
	if err := os.Chtimes(mainGo, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	expectOutput(t, dir, nil, "out v2 lib1 data1 \n")
	rebuilt := onlyBinary(t, dir) // the old one is removed
	if os.SameFile(built, rebuilt) {
		t.Fatal("main.go changed and the binary was not rebuilt")
	}

	// A new file whose init runs: its marker proves the new binary ran.
	marker := filepath.Join(t.TempDir(), "marker")
	writeFile(t, dir, "marker.go", `package main

import "os"

func init() {
	if path := os.Getenv("LAUNCHER_MARKER"); path != "" {
		os.WriteFile(path, []byte("new file"), 0o644)
	}
}
`)
	expectOutput(t, dir, []string{"LAUNCHER_MARKER=" + marker}, "out v2 lib1 data1 \n")
	if got, err := os.ReadFile(marker); err != nil || string(got) != "new file" {
		t.Fatalf("the added file's init did not run: %q, %v", got, err)
	}

	// A subpackage, embedded files (one by name, one in an embedded
	// folder), go.mod, go.sum.
	writeFile(t, dir, "lib/lib.go", strings.Replace(libGo, `"lib1"`, `"lib2"`, 1))
	expectOutput(t, dir, nil, "out v2 lib2 data1 \n")
	writeFile(t, dir, "data.txt", "data2\n")
	expectOutput(t, dir, nil, "out v2 lib2 data2 \n")
	for name, content := range map[string]string{
		"lib/static/sub/a.html": "<p>changed</p>\n",
		"go.mod":                launcherModule["go.mod"] + "// changed\n",
		"go.sum":                "", // created
	} {
		before := onlyBinary(t, dir)
		writeFile(t, dir, name, content)
		expectOutput(t, dir, nil, "out v2 lib2 data2 \n")
		if os.SameFile(before, onlyBinary(t, dir)) {
			t.Errorf("%s changed and the binary was not rebuilt", name)
		}
	}

	// The build environment: GOFLAGS selects a file by build tag.
	writeFile(t, dir, "tagged.go", "//go:build launchertag\n\npackage main\n\nfunc init() { version += \"-tagged\" }\n")
	expectOutput(t, dir, nil, "out v2 lib2 data2 \n")
	expectOutput(t, dir, []string{"GOFLAGS=-tags=launchertag"}, "out v2-tagged lib2 data2 \n")
	expectOutput(t, dir, nil, "out v2 lib2 data2 \n")

	// Another main package, named as examples/*/cdk.json name theirs, runs
	// in the current folder and leaves the root's binary alone.
	writeFile(t, dir, "cmd/other/main.go", "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\twd, _ := os.Getwd()\n\tfmt.Println(\"other\", wd, os.Args[1:])\n}\n")
	expectOutput(t, dir, nil, "out v2 lib2 data2 \n") // a new source of the module
	current := onlyBinary(t, dir)
	other := exec.Command("node", filepath.Join("..", "..", "scripts", "cdk-app.js"), "cmd/other", "--", "x")
	other.Dir = filepath.Join(dir, "cmd", "other")
	if out, err := other.Output(); err != nil || !strings.HasSuffix(string(out), filepath.Join("cmd", "other")+" [x]\n") {
		t.Fatalf("cmd/other: %q, %v", out, err)
	}
	expectOutput(t, dir, nil, "out v2 lib2 data2 \n")
	sameBinary(t, dir, current, "building another package")

	// A build that fails runs nothing, least of all the last binary.
	writeFile(t, dir, "broken.go", "package main\n\nfunc broken() { undefined() }\n")
	stdout, stderr, code = runLauncher(t, dir, nil)
	if code == 0 || stdout != "" || !strings.Contains(stderr, "undefined") || strings.Contains(stderr, "err 20") {
		t.Fatalf("broken source: stdout %q, stderr %q, exit %d; want the compiler's error and no run", stdout, stderr, code)
	}
	if err := os.Remove(filepath.Join(dir, "broken.go")); err != nil {
		t.Fatal(err)
	}
	expectOutput(t, dir, nil, "out v2 lib2 data2 \n")
}

// launcherCopy is a temporary module folder holding scripts/cdk-app.js.
func launcherCopy(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("node is not on PATH: the CDK CLI and cdk.json's app command need Node.js")
	}
	script, err := os.ReadFile(filepath.Join("scripts", "cdk-app.js"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFile(t, dir, filepath.Join("scripts", "cdk-app.js"), string(script))
	return dir
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runLauncher runs cdk.json's app command in dir, as the CDK CLI does.
func runLauncher(t *testing.T, dir string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command("node", append([]string{filepath.Join("scripts", "cdk-app.js")}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

func expectOutput(t *testing.T, dir string, env []string, want string) {
	t.Helper()
	stdout, stderr, code := runLauncher(t, dir, env)
	if stdout != want || code != 0 {
		t.Fatalf("stdout %q, exit %d; want %q, 0\nstderr:\n%s", stdout, code, want, stderr)
	}
}

// onlyBinary is the one app binary in the launcher's folder.
func onlyBinary(t *testing.T, dir string) os.FileInfo {
	t.Helper()
	bins, err := filepath.Glob(filepath.Join(dir, "cdk.out", ".cdk-app", "root", "app-*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(bins) != 1 {
		t.Fatalf("want one binary in cdk.out/.cdk-app/root, found %q", bins)
	}
	info, err := os.Stat(bins[0])
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// sameBinary fails unless the binary is still the file built before, with
// its modification time: not rebuilt, not rewritten.
func sameBinary(t *testing.T, dir string, before os.FileInfo, what string) {
	t.Helper()
	now := onlyBinary(t, dir)
	if !os.SameFile(before, now) || !now.ModTime().Equal(before.ModTime()) || now.Name() != before.Name() {
		t.Fatalf("%s rebuilt the binary: %s (%s) became %s (%s)", what,
			before.Name(), before.ModTime().Format(time.RFC3339Nano), now.Name(), now.ModTime().Format(time.RFC3339Nano))
	}
}
