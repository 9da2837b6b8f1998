package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
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
// server and checks every answer: it parses as HTTP, is never a 5xx, a 200
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
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, method, target string) {
		out := serveRaw(method + " " + target + " HTTP/1.1\r\nHost: fuzz\r\n\r\n")
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

// TestSlowClientsAreCut checks that a client that sends its header slowly,
// sends nothing, or keeps an idle connection open, is disconnected once the
// corresponding timeout passes, and not before.
func TestSlowClientsAreCut(t *testing.T) {
	l := limits{readTimeout: 300 * time.Millisecond, writeTimeout: time.Second, idleTimeout: 500 * time.Millisecond}
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
		{"nothing sent", l.readTimeout, "HTTP/1.1 408 ", func(net.Conn) {}},
		{"idle after one request", l.idleTimeout, "HTTP/1.1 200 ", func(c net.Conn) {
			io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			go tt.client(c)

			// Read until the server closes the connection, for at most 5 s.
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			got, err := io.ReadAll(c)
			alive := time.Since(start)
			// Closing with bytes of ours unread makes the server's kernel
			// reset the connection, which may drop its answer on our side.
			reset := errors.Is(err, syscall.ECONNRESET)
			if err != nil && !reset {
				t.Fatalf("the server did not close the connection after %v: %v", alive, err)
			}
			if alive < tt.minAlive {
				t.Errorf("closed after %v, before the %v timeout", alive, tt.minAlive)
			}
			if !bytes.HasPrefix(got, []byte(tt.answer)) && !(reset && len(got) == 0) {
				t.Errorf("answer %q, want %q...", got, tt.answer)
			}
		})
	}
}
