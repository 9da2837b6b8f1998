package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds the real server binary into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "server")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// process is the real binary, running on a free port.
type process struct {
	cmd    *exec.Cmd
	port   int
	stdout *bytes.Buffer // read only after exited is closed
	exited chan struct{}
}

// startProcess starts the binary with the extra environment env and waits
// until it answers /healthz.
func startProcess(t *testing.T, env ...string) *process {
	t.Helper()
	bin := buildBinary(t)
	p := &process{port: freePort(t), stdout: new(bytes.Buffer), exited: make(chan struct{})}
	p.cmd = exec.Command(bin)
	p.cmd.Env = append(os.Environ(), append(env, fmt.Sprintf("PORT=%d", p.port))...)
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, os.Stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() { p.cmd.Process.Kill(); <-p.exited })

	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(p.url("/healthz")); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the server did not become healthy within 10 s")
		}
	}
}

// url returns the URL of path on the process.
func (p *process) url(path string) string { return fmt.Sprintf("http://127.0.0.1:%d%s", p.port, path) }

// wait waits at most d for the process to exit and returns its exit code.
func (p *process) wait(t *testing.T, d time.Duration) int {
	t.Helper()
	select {
	case <-p.exited:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(d):
		t.Fatalf("the server did not exit within %v", d)
		return -1
	}
}

// TestGracefulShutdown puts the real binary under load from many keep-alive
// clients, plus slow clients whose request is half sent when SIGTERM
// arrives, and checks that it exits 0 and that every request it accepted got
// a complete 200; requests refused once the listener closed are counted
// apart.
func TestGracefulShutdown(t *testing.T) {
	p := startProcess(t, "DRAIN_TIMEOUT=5s")
	hostname, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}

	// The container health check command works against the live server.
	hc := exec.Command(p.cmd.Path, "healthcheck")
	hc.Env = p.cmd.Env
	if out, err := hc.CombinedOutput(); err != nil {
		t.Fatalf("server healthcheck: %v %s", err, out)
	}

	var (
		ok, refused atomic.Int64
		mu          sync.Mutex
		failures    []string
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		failures = append(failures, fmt.Sprintf(format, args...))
	}

	// Fast clients: each reuses its own single connection until the server
	// closes it, then stops at the first refused dial. One connection each
	// means no client dials while the listener closes.
	const fastClients = 32
	var wg sync.WaitGroup
	for range fastClients {
		wg.Go(func() {
			client := &http.Client{
				Transport: &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1},
				Timeout:   10 * time.Second,
			}
			defer client.CloseIdleConnections()
			for {
				resp, err := client.Get(p.url("/host-name"))
				if errors.Is(err, syscall.ECONNREFUSED) {
					refused.Add(1)
					return
				}
				if err != nil {
					fail("GET: %v", err)
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK || string(body) != hostname {
					fail("GET: status %d, body %q, error %v", resp.StatusCode, body, err)
					return
				}
				ok.Add(1)
			}
		})
	}

	// Slow clients: one full request to be sure the connection is accepted,
	// then half of a second request before SIGTERM, the rest after it.
	const slowClients = 4
	var slowReady sync.WaitGroup
	slowReady.Add(slowClients)
	termSent := make(chan struct{})
	for range slowClients {
		wg.Go(func() {
			ready := sync.OnceFunc(slowReady.Done)
			defer ready()
			c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", p.port))
			if err != nil {
				fail("slow dial: %v", err)
				return
			}
			defer c.Close()
			br := bufio.NewReader(c)
			req := "GET /host-name HTTP/1.1\r\nHost: slow\r\n\r\n"
			if err := slowExchange(c, br, req, hostname, false); err != nil {
				fail("slow first request: %v", err)
				return
			}
			io.WriteString(c, req[:10])
			ready()
			<-termSent
			time.Sleep(200 * time.Millisecond) // well into the drain
			if err := slowExchange(c, br, req[10:], hostname, true); err != nil {
				fail("slow request across SIGTERM: %v", err)
				return
			}
			ok.Add(1)
		})
	}

	slowReady.Wait()
	time.Sleep(300 * time.Millisecond) // load, and the server reads the half requests
	okBefore := ok.Load()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	close(termSent)
	code := p.wait(t, 10*time.Second)
	wg.Wait()

	t.Logf("ok before SIGTERM %d, ok in all %d, refused after close %d", okBefore, ok.Load(), refused.Load())
	for _, f := range failures {
		t.Error(f)
	}
	if code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	if okBefore == 0 {
		t.Error("no request succeeded under load before SIGTERM")
	}
	if ok.Load() < okBefore+slowClients {
		t.Errorf("%d requests completed after SIGTERM, want at least the %d slow ones", ok.Load()-okBefore, slowClients)
	}
	log := p.stdout.String()
	for _, want := range []string{`"msg":"listening","port":`, `"drain_timeout":"5s"`, `"msg":"stopped","signal":"terminated","drained":true`} {
		if !strings.Contains(log, want) {
			t.Errorf("stdout lacks %s:\n%s", want, log)
		}
	}
	if n := strings.Count(log, "\n"); n != 2 {
		t.Errorf("stdout has %d lines, want 2 (start, stop):\n%s", n, log)
	}
}

// slowExchange writes part of a request, reads one response and checks it is
// a complete 200 with the host name, and, while draining, that it closes the
// connection.
func slowExchange(c net.Conn, br *bufio.Reader, part, hostname string, draining bool) error {
	if _, err := io.WriteString(c, part); err != nil {
		return err
	}
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || string(body) != hostname {
		return fmt.Errorf("status %d, body %q, error %v", resp.StatusCode, body, err)
	}
	if draining && !resp.Close {
		return errors.New(`no "Connection: close" while draining`)
	}
	return nil
}

// TestShutdownDeadline checks that a request still unfinished when
// DRAIN_TIMEOUT passes does not hold the process: SIGINT, exit 1 right after
// the deadline, and a log line that says the drain was cut short.
func TestShutdownDeadline(t *testing.T) {
	const drain = 300 * time.Millisecond
	p := startProcess(t, "DRAIN_TIMEOUT="+drain.String())

	c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", p.port))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET /host-name HTTP/1.1\r\n") // and never the rest
	time.Sleep(200 * time.Millisecond)               // the server reads it: the request is in flight

	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	code := p.wait(t, 5*time.Second) // well before the 5 s read timeout would end the request
	took := time.Since(start)
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	if took < drain {
		t.Errorf("exited after %v, before the %v deadline", took, drain)
	}
	if want := `"msg":"stopped","signal":"interrupt","drained":false`; !strings.Contains(p.stdout.String(), want) {
		t.Errorf("stdout lacks %s:\n%s", want, p.stdout.String())
	}
}
