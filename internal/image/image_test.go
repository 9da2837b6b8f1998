package image

import (
	"debug/elf"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// imageAppDir is the app's directory: the Docker build context of the image.
const imageAppDir = "../../app"

// dockerfileStage is one FROM stage of a parsed Dockerfile.
type dockerfileStage struct {
	image, name  string
	flags        []string       // FROM's flags, such as --platform=...
	instructions []*parser.Node // the stage's instructions after FROM
}

// dockerfileStages parses path with BuildKit's Dockerfile parser and splits
// it into stages.
func dockerfileStages(t *testing.T, path string) []dockerfileStage {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := parser.Parse(f)
	if err != nil {
		t.Fatalf("parsing %s: %v", path, err)
	}
	var stages []dockerfileStage
	for _, n := range res.AST.Children {
		if strings.EqualFold(n.Value, "from") {
			args := dockerfileArgs(n)
			s := dockerfileStage{image: args[0], flags: n.Flags}
			if len(args) == 3 && strings.EqualFold(args[1], "as") {
				s.name = args[2]
			}
			stages = append(stages, s)
			continue
		}
		if len(stages) == 0 {
			continue // a global ARG before the first FROM
		}
		last := &stages[len(stages)-1]
		last.instructions = append(last.instructions, n)
	}
	return stages
}

// dockerfileArgs returns the words of an instruction after its keyword; a
// shell-form RUN is one word, the whole command line.
func dockerfileArgs(n *parser.Node) []string {
	var args []string
	for a := n.Next; a != nil; a = a.Next {
		args = append(args, a.Value)
	}
	return args
}

// find returns the stage's instructions with the given keyword, in any case.
func (s dockerfileStage) find(keyword string) []*parser.Node {
	var found []*parser.Node
	for _, n := range s.instructions {
		if strings.EqualFold(n.Value, keyword) {
			found = append(found, n)
		}
	}
	return found
}

// TestImageDockerfile proves the app's Dockerfile without a Docker engine: it
// checks the Dockerfile's shape with BuildKit's own parser, then runs the
// build stage's compile command outside Docker on the files the stage
// copies, for amd64 and arm64, and checks that the result is a static,
// stripped ELF binary that serves /host-name and /healthz.
func TestImageDockerfile(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not on PATH")
	}
	stages := dockerfileStages(t, filepath.Join(imageAppDir, "Dockerfile"))
	if len(stages) < 2 {
		t.Fatalf("%d stages, want a multi-stage build", len(stages))
	}
	build, final := imageBuildStage(t, stages), stages[len(stages)-1]

	// The build stage: a pinned Go image on the build platform, compiling
	// for the target one.
	pinned := regexp.MustCompile(`^golang:\d+\.\d+\.\d+(-[a-z0-9.]+)?(@sha256:[0-9a-f]{64})?$`)
	if !pinned.MatchString(build.image) {
		t.Errorf("build image %q is not pinned to an exact Go version", build.image)
	}
	if !slices.Contains(build.flags, "--platform=$BUILDPLATFORM") {
		t.Errorf("build stage flags %q lack --platform=$BUILDPLATFORM (cross-compile, no emulation)", build.flags)
	}
	var buildArgs []string
	for _, n := range build.find("arg") {
		buildArgs = append(buildArgs, dockerfileArgs(n)...)
	}
	for _, want := range []string{"TARGETOS", "TARGETARCH"} {
		if !slices.Contains(buildArgs, want) {
			t.Errorf("build stage does not declare ARG %s", want)
		}
	}
	command := imageBuildCommand(t, build)
	for _, want := range []string{"CGO_ENABLED=0", "GOOS=$TARGETOS", "GOARCH=$TARGETARCH", "-trimpath", `-ldflags="-s -w"`} {
		if !strings.Contains(command, want) {
			t.Errorf("build command %q lacks %s", command, want)
		}
	}
	output := regexp.MustCompile(`\s-o\s+(\S+)`).FindStringSubmatch(command)
	if output == nil {
		t.Fatalf("build command %q names no -o output", command)
	}

	// The final stage: minimal, non-root, the binary as entrypoint.
	if final.image != "scratch" && !strings.HasPrefix(final.image, "gcr.io/distroless/static") {
		t.Errorf("final image %q is neither scratch nor distroless static", final.image)
	}
	users := final.find("user")
	if len(users) == 0 {
		t.Error("final stage has no USER: it would run as root")
	} else if u := dockerfileArgs(users[len(users)-1])[0]; regexp.MustCompile(`^(root|0)(:|$)`).MatchString(u) {
		t.Errorf("final stage runs as USER %s", u)
	}
	var exposed []string
	for _, n := range final.find("expose") {
		exposed = append(exposed, dockerfileArgs(n)...)
	}
	if !slices.Contains(exposed, "8000") && !slices.Contains(exposed, "8000/tcp") {
		t.Errorf("final stage exposes %q, want 8000", exposed)
	}
	entry := final.find("entrypoint")
	if len(entry) != 1 || !entry[0].Attributes["json"] || !slices.Equal(dockerfileArgs(entry[0]), []string{"/server"}) {
		t.Errorf(`final stage entrypoint is not exactly ENTRYPOINT ["/server"]`)
	}
	copied := false
	for _, n := range final.find("copy") {
		if slices.Contains(n.Flags, "--from="+build.name) && slices.Equal(dockerfileArgs(n), []string{output[1], "/server"}) {
			copied = true
		}
	}
	if !copied {
		t.Errorf("final stage does not COPY --from=%s %s /server", build.name, output[1])
	}

	// The compile command itself, outside Docker, on what the stage copies.
	src := imageBuildSources(t, build)
	for _, arch := range []string{"amd64", "arm64"} {
		t.Run(arch, func(t *testing.T) {
			bin := filepath.Join(t.TempDir(), "server")
			run := exec.Command("sh", "-c", strings.Replace(command, output[0], " -o '"+bin+"'", 1))
			run.Dir = src
			run.Env = append(os.Environ(), "TARGETOS=linux", "TARGETARCH="+arch)
			if out, err := run.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", command, err, out)
			}
			imageCheckStaticELF(t, bin, arch)
			if runtime.GOOS == "linux" && runtime.GOARCH == arch {
				imageCheckServes(t, bin)
			}
		})
	}
}

// imageBuildStage returns the one stage that compiles the app.
func imageBuildStage(t *testing.T, stages []dockerfileStage) dockerfileStage {
	t.Helper()
	var found []dockerfileStage
	for _, s := range stages {
		if slices.ContainsFunc(s.find("run"), func(n *parser.Node) bool { return strings.Contains(n.Original, "go build") }) {
			found = append(found, s)
		}
	}
	if len(found) != 1 || found[0].name == "" {
		t.Fatalf("want exactly one named stage that runs go build, found %d", len(found))
	}
	return found[0]
}

// imageBuildCommand returns the shell command of the build stage's RUN that
// runs go build.
func imageBuildCommand(t *testing.T, build dockerfileStage) string {
	t.Helper()
	for _, n := range build.find("run") {
		if args := dockerfileArgs(n); !n.Attributes["json"] && len(args) == 1 && strings.Contains(args[0], "go build") {
			return args[0]
		}
	}
	t.Fatal("the build stage has no shell-form RUN with go build")
	return ""
}

// imageBuildSources lays out in a temporary directory what the build
// stage's COPY instructions put in its WORKDIR, taken from the build context
// as .dockerignore filters it, and returns that directory.
func imageBuildSources(t *testing.T, build dockerfileStage) string {
	t.Helper()
	context := imageContext(t)
	for _, f := range context {
		if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, ".md") || strings.HasPrefix(f, "testdata") {
			t.Errorf("the build context holds %s: .dockerignore should leave it out", f)
		}
	}
	dir := t.TempDir()
	for _, n := range build.find("copy") {
		args := dockerfileArgs(n)
		if len(n.Flags) > 0 || args[len(args)-1] != "./" {
			t.Fatalf("unexpected build stage COPY %q: this test copies context files into the WORKDIR only", n.Original)
		}
		for _, pattern := range args[:len(args)-1] {
			matched := 0
			for _, f := range context {
				if ok, _ := filepath.Match(pattern, f); ok {
					imageCopyFile(t, filepath.Join(imageAppDir, f), filepath.Join(dir, f))
					matched++
				}
			}
			if matched == 0 {
				t.Fatalf("COPY %s matches nothing in the build context", pattern)
			}
		}
	}
	return dir
}

// imageContext returns the top-level files of the app directory that
// .dockerignore lets into the build context. It evaluates the patterns as
// Docker does for top-level names: in order, the last match deciding, "!"
// letting a name back in.
func imageContext(t *testing.T) []string {
	t.Helper()
	ignore, err := os.ReadFile(filepath.Join(imageAppDir, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(imageAppDir)
	if err != nil {
		t.Fatal(err)
	}
	var context []string
	for _, e := range entries {
		excluded := false
		for line := range strings.Lines(string(ignore)) {
			pattern := strings.TrimSpace(line)
			if pattern == "" || strings.HasPrefix(pattern, "#") {
				continue
			}
			negated := strings.HasPrefix(pattern, "!")
			if ok, _ := filepath.Match(strings.TrimPrefix(pattern, "!"), e.Name()); ok {
				excluded = !negated
			}
		}
		if !excluded {
			context = append(context, e.Name())
		}
	}
	return context
}

// imageCopyFile copies the file from to the path to.
func imageCopyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// imageCheckStaticELF checks that bin is an ELF executable for arch with no
// dynamic loader, no dynamic section and no symbol table (-s).
func imageCheckStaticELF(t *testing.T, bin, arch string) {
	t.Helper()
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatalf("%s is not an ELF binary: %v", bin, err)
	}
	defer f.Close()
	machine := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}[arch]
	if f.Machine != machine || f.Type != elf.ET_EXEC {
		t.Errorf("ELF machine %v, type %v; want %v, %v", f.Machine, f.Type, machine, elf.ET_EXEC)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("program header %v: the binary is dynamically linked", p.Type)
		}
	}
	for _, name := range []string{".interp", ".dynamic", ".symtab"} {
		if f.Section(name) != nil {
			t.Errorf("the binary has a %s section", name)
		}
	}
	if fi, err := os.Stat(bin); err == nil {
		t.Logf("linux/%s binary: %d bytes (%.1f MiB)", arch, fi.Size(), float64(fi.Size())/(1<<20))
	}
}

// imageCheckServes starts bin on a free loopback port, checks /host-name and
// /healthz, then stops it with SIGTERM and expects exit code 0.
func imageCheckServes(t *testing.T, bin string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()

	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), fmt.Sprintf("PORT=%d", port))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer cmd.Process.Kill()

	hostname, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	imageGet(t, base+"/healthz", "ok")
	imageGet(t, base+"/host-name", hostname)

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("after SIGTERM: %v, want exit code 0", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("the binary did not exit within 10 s of SIGTERM")
	}
}

// imageGet GETs url, retrying for up to 10 s while the server starts, and
// checks for a 200 text/plain answer with the body want.
func imageGet(t *testing.T, url, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(url)
		if err != nil {
			if time.Now().After(deadline) {
				t.Fatalf("GET %s: %v", url, err)
			}
			time.Sleep(20 * time.Millisecond)
			continue
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || string(body) != want || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
			t.Errorf("GET %s: %d %q %q (%v), want 200 text/plain %q", url, resp.StatusCode, resp.Header.Get("Content-Type"), body, err, want)
		}
		return
	}
}
