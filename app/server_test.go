package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const testHost = "test-host"

// serveRaw serves the raw bytes as the whole input of one connection,
// through the production server's request handling without the network, and
// returns everything it answers.
func serveRaw(raw string) []byte {
	l := &loop{srv: newServer(testHost, defaultLimits, slog.New(slog.DiscardHandler))}
	l.serve(&conn{fresh: true}, []byte(raw), time.Now())
	return l.out
}

// readResponse parses the first response in out, sent for a request with
// the given method (HEAD responses have no body).
func readResponse(out []byte, method string) (*http.Response, string, error) {
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(out)), &http.Request{Method: method})
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, string(body), err
}

func TestRoutes(t *testing.T) {
	const textPlain = "text/plain; charset=utf-8"
	tests := []struct {
		name       string
		raw        string
		wantStatus int
		wantBody   string // for HEAD, the body a GET gets
		wantType   string
		wantAllow  string
	}{
		{"GET host-name", "GET /host-name HTTP/1.1\r\nHost: a\r\n\r\n", 200, testHost, textPlain, ""},
		{"HEAD host-name", "HEAD /host-name HTTP/1.1\r\nHost: a\r\n\r\n", 200, testHost, textPlain, ""},
		{"GET host-name with query", "GET /host-name?x=1 HTTP/1.1\r\nHost: a\r\n\r\n", 200, testHost, textPlain, ""},
		{"GET host-name HTTP/1.0", "GET /host-name HTTP/1.0\r\n\r\n", 200, testHost, textPlain, ""},
		{"GET healthz", "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n", 200, "ok", textPlain, ""},
		{"HEAD healthz", "HEAD /healthz HTTP/1.1\r\nHost: a\r\n\r\n", 200, "ok", textPlain, ""},
		{"POST host-name", "POST /host-name HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n", 405, "method not allowed", textPlain, allowedMethods},
		{"PUT healthz", "PUT /healthz HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi", 405, "method not allowed", textPlain, allowedMethods},
		{"DELETE host-name", "DELETE /host-name HTTP/1.1\r\nHost: a\r\n\r\n", 405, "method not allowed", textPlain, allowedMethods},
		{"OPTIONS host-name", "OPTIONS /host-name HTTP/1.1\r\nHost: a\r\n\r\n", 405, "method not allowed", textPlain, allowedMethods},
		{"root", "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 404, "not found", textPlain, ""},
		{"trailing slash", "GET /host-name/ HTTP/1.1\r\nHost: a\r\n\r\n", 404, "not found", textPlain, ""},
		{"other case", "GET /HOST-NAME HTTP/1.1\r\nHost: a\r\n\r\n", 404, "not found", textPlain, ""},
		{"unknown path", "GET /actuator/env HTTP/1.1\r\nHost: a\r\n\r\n", 404, "not found", textPlain, ""},
		{"POST unknown path", "POST /nope HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n", 404, "not found", textPlain, ""},
		{"header too large", "GET /host-name HTTP/1.1\r\nHost: a\r\nX-Big: " + strings.Repeat("a", maxHeaderBytes) + "\r\n\r\n", 431, "request header too large", textPlain, ""},
		{"body too large", "POST /host-name HTTP/1.1\r\nHost: a\r\nContent-Length: " + strconv.Itoa(maxBodyBytes+1) + "\r\n\r\n" + strings.Repeat("a", maxBodyBytes+1), 413, "request body too large", textPlain, ""},
		{"malformed request line", "GARBAGE\r\n\r\n", 400, "bad request", textPlain, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method, _, _ := strings.Cut(tt.raw, " ")
			resp, body, err := readResponse(serveRaw(tt.raw), method)
			if err != nil {
				t.Fatalf("reading the response: %v", err)
			}
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if method == "HEAD" {
				if body != "" || resp.ContentLength != int64(len(tt.wantBody)) {
					t.Errorf("HEAD: body %q, Content-Length %d; want none and %d", body, resp.ContentLength, len(tt.wantBody))
				}
			} else if body != tt.wantBody {
				t.Errorf("body = %q, want %q", body, tt.wantBody)
			}
			if got := resp.Header.Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type = %q, want %q", got, tt.wantType)
			}
			if got := resp.Header.Get("Allow"); got != tt.wantAllow {
				t.Errorf("Allow = %q, want %q", got, tt.wantAllow)
			}
			if got := resp.Header.Get("Server"); got != "" {
				t.Errorf("Server = %q, want no Server header", got)
			}
		})
	}
}

// simplePath and token match the inputs for which FuzzRoutes knows the exact
// answer: one plain path segment, and a method made of capital letters.
var (
	simplePath = regexp.MustCompile(`^/[A-Za-z0-9_-]*$`)
	token      = regexp.MustCompile(`^[A-Z]+$`)
)

// FuzzRoutes sends "<method> <target> HTTP/1.1" through the production
// server and checks every answer: it parses as HTTP, is never a 5xx (but
// 505 when the target makes up a request line of another version), a 200
// is text/plain with one of the two bodies, a 405 has the Allow header, and
// for plain methods and paths the status is exactly the routing table's.
func FuzzRoutes(f *testing.F) {
	for _, seed := range [][2]string{
		{"GET", "/host-name"}, {"HEAD", "/host-name"}, {"GET", "/healthz"},
		{"POST", "/host-name"}, {"PATCH", "/healthz"}, {"GET", "/"},
		{"GET", "/host-name?a=b"}, {"GET", "//host-name"}, {"GET", "/a/../host-name"},
		{"GET", "/%68ost-name"}, {"GET", "http://example.com/host-name"}, {"GET", "*"},
		{"CONNECT", "example.com:443"}, {"GET", "/host-name HTTP/1.1\r\nHost: x\r\n\r\nPOST /healthz"},
		{"", "/host-name"}, {"GET", ""}, {"get", "/host-name"},
		{"0000", "/host-name HTTP/0.0\r\n00000000000000000000000"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, method, target string) {
		raw := method + " " + target + " HTTP/1.1\r\nHost: fuzz\r\n\r\n"
		out := serveRaw(raw)
		if len(out) == 0 {
			return // the server may close a connection it cannot make sense of
		}
		resp, body, err := readResponse(out, method)
		if err != nil {
			t.Fatalf("unparsable answer %q: %v", out, err)
		}
		switch resp.StatusCode {
		case 200:
			if method != "HEAD" && body != testHost && body != "ok" {
				t.Errorf("200 with body %q", body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
				t.Errorf("200 with Content-Type %q", ct)
			}
		case 405:
			if allow := resp.Header.Get("Allow"); allow != allowedMethods {
				t.Errorf("405 with Allow %q", allow)
			}
		default:
			if resp.StatusCode == 505 && !strings.HasPrefix(requestVersion(raw), "HTTP/1.") {
				break // the target made up a request line of another version
			}
			if resp.StatusCode >= 500 || resp.StatusCode < 400 {
				t.Errorf("status %d", resp.StatusCode)
			}
		}
		if token.MatchString(method) && simplePath.MatchString(target) {
			want := 404
			if target == "/host-name" || target == "/healthz" {
				want = 405
				if method == "GET" || method == "HEAD" {
					want = 200
				}
			}
			if resp.StatusCode != want {
				t.Errorf("%s %s: status %d, want %d", method, target, resp.StatusCode, want)
			}
		}
	})
}

// requestVersion returns the version that the request line of raw names.
func requestVersion(raw string) string {
	line, _, _ := strings.Cut(raw, "\n")
	_, rest, _ := strings.Cut(strings.TrimSuffix(line, "\r"), " ")
	_, version, _ := strings.Cut(rest, " ")
	return version
}

// startServer serves the routes with limits l on a loopback port and
// returns its address.
func startServer(t *testing.T, l limits) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(testHost, l, slog.New(slog.DiscardHandler))
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	return ln.Addr().String()
}

// testLimits are short limits for the tests over the network.
var testLimits = limits{
	readTimeout:   300 * time.Millisecond,
	writeTimeout:  time.Second,
	idleTimeout:   800 * time.Millisecond,
	lingerTimeout: time.Second,
}

// untilClosed dials addr, runs client on the connection in a goroutine, and
// reads until the server closes the connection, for at most 5 s. It returns
// what it read, how long the connection lived, and whether the server reset
// it rather than closing it.
func untilClosed(t *testing.T, addr string, client func(c net.Conn)) (got []byte, alive time.Duration, reset bool) {
	t.Helper()
	start := time.Now()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	go client(c)
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	got, err = io.ReadAll(c)
	alive = time.Since(start)
	reset = errors.Is(err, syscall.ECONNRESET)
	if err != nil && !reset {
		t.Fatalf("the server did not close the connection after %v: %v", alive, err)
	}
	return got, alive, reset
}

// TestSlowClientsAreCut checks that a client that sends its header slowly
// or keeps an idle connection open is disconnected once the corresponding
// timeout passes, and not before.
func TestSlowClientsAreCut(t *testing.T) {
	l := testLimits
	addr := startServer(t, l)

	tests := []struct {
		name     string
		minAlive time.Duration // the server must not cut before this
		answer   string        // what the server sends before it closes
		client   func(c net.Conn)
	}{
		{"header sent one byte at a time", l.readTimeout, "HTTP/1.1 408 ", func(c net.Conn) {
			// A complete header at this pace would take 5 s.
			header := "GET /host-name HTTP/1.1\r\nHost: a\r\nX-Slow: " + strings.Repeat("s", 250) + "\r\n\r\n"
			for i := range len(header) {
				if _, err := c.Write([]byte{header[i]}); err != nil {
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
		}},
		{"idle after one request", l.idleTimeout, "HTTP/1.1 200 ", func(c net.Conn) {
			io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, alive, reset := untilClosed(t, addr, tt.client)
			if reset {
				t.Errorf("the connection was reset after %v", alive)
			}
			if alive < tt.minAlive {
				t.Errorf("closed after %v, before the %v timeout", alive, tt.minAlive)
			}
			if !bytes.HasPrefix(got, []byte(tt.answer)) {
				t.Errorf("answer %q, want %q...", got, tt.answer)
			}
		})
	}
}

// TestEmptyLinesAreNotARequest checks that empty lines before a request
// (RFC 9112, 2.2), after a request or on a new connection, are ignored: they
// neither get a 408 as a request cut short would, nor start the read
// timeout; and a client sending only them is still cut, at the timeout that
// was running (they do not extend it), or with a 400 past 1 KiB of them.
func TestEmptyLinesAreNotARequest(t *testing.T) {
	l := testLimits
	addr := startServer(t, l)
	const get = "GET /host-name HTTP/1.1\r\nHost: a\r\n\r\n"
	// every writes s every 20 ms until the connection fails.
	every := func(c net.Conn, s string) {
		for {
			if _, err := io.WriteString(c, s); err != nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	tests := []struct {
		name               string
		client             func(c net.Conn)
		want               []int
		minAlive, maxAlive time.Duration
	}{
		{"CRLF after a request", func(c net.Conn) { io.WriteString(c, get+"\r\n") }, []int{200}, l.idleTimeout, 2 * l.idleTimeout},
		{"LF after a request", func(c net.Conn) { io.WriteString(c, get+"\n") }, []int{200}, l.idleTimeout, 2 * l.idleTimeout},
		{"CR after a request", func(c net.Conn) { io.WriteString(c, get+"\r") }, []int{200}, l.idleTimeout, 2 * l.idleTimeout},
		{"CRLF, then a request after the read timeout", func(c net.Conn) {
			io.WriteString(c, get+"\r\n")
			time.Sleep(2 * l.readTimeout)
			io.WriteString(c, "\r\n"+get)
		}, []int{200, 200}, 2*l.readTimeout + l.idleTimeout, 2*l.readTimeout + 2*l.idleTimeout},
		{"CRLF split across reads", func(c net.Conn) {
			io.WriteString(c, get+"\r")
			time.Sleep(2 * l.readTimeout)
			io.WriteString(c, "\n"+get)
		}, []int{200, 200}, 2*l.readTimeout + l.idleTimeout, 2*l.readTimeout + 2*l.idleTimeout},
		{"only CRLFs on a new connection, forever", func(c net.Conn) { every(c, "\r\n") }, nil, l.readTimeout, l.idleTimeout},
		{"CRLFs after a request, forever", func(c net.Conn) { io.WriteString(c, get); every(c, "\r\n") }, []int{200}, l.idleTimeout, 2 * l.idleTimeout},
		{"over 1 KiB of empty lines", func(c net.Conn) {
			io.WriteString(c, get+strings.Repeat("\r\n", maxEmptyLineBytes/2+1))
		}, []int{200, 400}, 0, l.readTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, alive, reset := untilClosed(t, addr, tt.client)
			if reset {
				t.Errorf("the connection was reset after %v", alive)
			}
			if statuses, _ := answers(t, got); !slices.Equal(statuses, tt.want) {
				t.Errorf("answers %v, want %v\n%s", statuses, tt.want, got)
			}
			if alive < tt.minAlive || alive > tt.maxAlive {
				t.Errorf("closed after %v, want between %v and %v", alive, tt.minAlive, tt.maxAlive)
			}
		})
	}
}

// TestSilentConnectionIsClosedQuietly checks that a connection that never
// sends a request (a load balancer's probe, a browser's pre-connect) is
// closed at the read timeout without an answer, as nginx and net/http do,
// where one that starts a request and does not finish it gets a 408.
func TestSilentConnectionIsClosedQuietly(t *testing.T) {
	l := testLimits
	addr := startServer(t, l)
	tests := []struct {
		name   string
		client func(c net.Conn)
		answer string
	}{
		{"nothing sent", func(net.Conn) {}, ""},
		{"an empty line only", func(c net.Conn) { io.WriteString(c, "\r\n") }, ""},
		{"part of a request", func(c net.Conn) { io.WriteString(c, "GET /host-name HTTP/1.1\r\n") }, "HTTP/1.1 408 "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, alive, reset := untilClosed(t, addr, tt.client)
			if reset {
				t.Errorf("the connection was reset after %v", alive)
			}
			if alive < l.readTimeout || alive > l.readTimeout+l.readTimeout/2 {
				t.Errorf("closed after %v, want the %v read timeout", alive, l.readTimeout)
			}
			if !strings.HasPrefix(string(got), tt.answer) || tt.answer == "" && len(got) > 0 {
				t.Errorf("answer %q, want %q", got, tt.answer)
			}
		})
	}
}

// TestLingeringClose checks that a client that goes on sending after an
// answer that closes the connection (an error, a 408, or Connection: close
// with more requests behind it) is not reset: every write it makes for
// 300 ms (for the 408, 900 ms from the start) succeeds, and it reads the whole answer, then the end of the
// connection (RFC 9112, 9.6). Closing at once, with input unread, makes the
// kernel reset the connection, which fails the client's writes and can
// destroy the answer before the client reads it.
func TestLingeringClose(t *testing.T) {
	l := testLimits
	addr := startServer(t, l)
	const get = "GET /host-name HTTP/1.1\r\nHost: a\r\n\r\n"
	tests := []struct {
		name        string
		first, more string // sent at once; then sent again and again
		want        []int
		keep        time.Duration // how long more is sent, if not 300 ms
	}{
		{"431: header too large", "GET /host-name HTTP/1.1\r\nHost: a\r\nX-Big: " + strings.Repeat("b", maxHeaderBytes), strings.Repeat("b", 1024), []int{431}, 0},
		{"414: request line too long", "GET /" + strings.Repeat("q", maxRequestLineBytes), strings.Repeat("q", 1024), []int{414}, 0},
		{"413: body too large", "POST /host-name HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n", strings.Repeat("b", 1024), []int{413}, 0},
		{"400: bad request", "GET /host-name HTTP/1.1\r\nHost: a b\r\n\r\n", get, []int{400}, 0},
		{"505: version not supported", "GET /host-name HTTP/2.0\r\n\r\n", get, []int{505}, 0},
		{"Connection: close with requests after it", get + "GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n" + get, get, []int{200, 200}, 0},
		{"408: request too slow", "GET /host-name HTTP/1.1\r\nHost: a\r\nX-Slow: ", "s", []int{408}, 3 * l.readTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			var werr error
			var written int
			sent := make(chan struct{})
			go func() {
				defer close(sent)
				if _, werr = io.WriteString(c, tt.first); werr != nil {
					return
				}
				keep := cmp.Or(tt.keep, 300*time.Millisecond)
				for end := time.Now().Add(keep); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
					n, err := io.WriteString(c, tt.more)
					if written += n; err != nil {
						werr = err
						return
					}
				}
			}()
			// Read until the server shuts its side, while the client writes.
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			got, err := io.ReadAll(c)
			reset := errors.Is(err, syscall.ECONNRESET)
			if err != nil && !reset {
				t.Fatalf("the server did not end the connection: %v", err)
			}
			<-sent
			if werr != nil {
				t.Errorf("writing after the answer: %v (after %d bytes)", werr, written)
			}
			if reset {
				t.Error("the connection was reset")
			}
			if statuses, closes := answers(t, got); !slices.Equal(statuses, tt.want) || !closes {
				t.Errorf("answers %v, closing %v; want %v, closing\n%s", statuses, closes, tt.want, got)
			}
		})
	}
}

// TestLingeringCloseIsBounded checks that a client cannot hold a lingering
// connection: one that sends slowly forever is closed after lingerTimeout,
// one that sends fast after maxLingerBytes. Either sees its writes fail.
func TestLingeringCloseIsBounded(t *testing.T) {
	l := testLimits
	addr := startServer(t, l)
	tests := []struct {
		name               string
		pause              time.Duration // between writes of 1 KiB
		minAlive, maxAlive time.Duration
	}{
		{"slow", 20 * time.Millisecond, l.lingerTimeout, l.lingerTimeout + l.readTimeout},
		{"fast", 0, 0, l.lingerTimeout / 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			start := time.Now()
			io.WriteString(c, "GET /host-name HTTP/1.1\r\nHost: a b\r\n\r\n")
			// Read the 400 and the end of the connection: the write side is shut.
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			if got, err := io.ReadAll(c); err != nil || !strings.HasPrefix(string(got), "HTTP/1.1 400 ") {
				t.Fatalf("answer %q, %v", got, err)
			}
			chunk := strings.Repeat("x", 1024)
			written := 0
			c.SetWriteDeadline(time.Now().Add(5 * time.Second))
			for {
				n, err := io.WriteString(c, chunk)
				if written += n; err != nil {
					break
				}
				time.Sleep(tt.pause)
			}
			alive := time.Since(start)
			if alive < tt.minAlive || alive > tt.maxAlive {
				t.Errorf("writes failed after %v (%d bytes), want between %v and %v", alive, written, tt.minAlive, tt.maxAlive)
			}
			if tt.pause == 0 && written < maxLingerBytes {
				t.Errorf("cut after %d bytes, before %d", written, maxLingerBytes)
			}
		})
	}
}

// TestLargeRequestsOverTheNetwork checks the header limits on a real
// connection, where a large request takes several reads: net/http's client
// with a 12 KiB cookie, and the largest request the ALB forwards, twice on
// one connection.
func TestLargeRequestsOverTheNetwork(t *testing.T) {
	addr := startServer(t, testLimits)
	req, err := http.NewRequest("GET", "http://"+addr+"/host-name", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Cookie", "session="+strings.Repeat("c", 12<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != testHost {
		t.Errorf("12 KiB cookie: %d %q", resp.StatusCode, body)
	}

	line, fields, alb := albLargest(t)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	br := bufio.NewReader(c)
	for i := range 2 {
		if _, err := io.WriteString(c, line+fields+alb+"\r\n"); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || string(body) != testHost || resp.Close {
			t.Errorf("request %d: %d %q, closing %v", i, resp.StatusCode, body, resp.Close)
		}
	}
}
