package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// answers parses the answers in out, in order, and returns their statuses
// and whether the last one closes the connection.
func answers(t *testing.T, out []byte) (statuses []int, closes bool) {
	t.Helper()
	br := bufio.NewReader(bytes.NewReader(out))
	for {
		if _, err := br.Peek(1); err == io.EOF {
			return statuses, closes
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("unparsable answers %q: %v", out, err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			t.Fatalf("answers %q: %v", out, err)
		}
		statuses, closes = append(statuses, resp.StatusCode), resp.Close
	}
}

// TestFraming checks how requests are delimited on a connection: pipelined
// requests, bodies, keep-alive and what closes the connection, and the
// malformed requests that get 400.
func TestFraming(t *testing.T) {
	const get = "GET /host-name HTTP/1.1\r\nHost: a\r\n\r\n"
	tests := []struct {
		name  string
		raw   string
		want  []int
		close bool // the last answer closes the connection
	}{
		{"pipelined", get + "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n" + "GET /nope HTTP/1.1\r\nHost: a\r\n\r\n", []int{200, 200, 404}, false},
		{"empty lines before a request", "\r\n\n" + get + "\r\n" + get, []int{200, 200}, false},
		{"incomplete", "GET /host-name HTTP/1.1\r\nHost: a\r\n", nil, false},
		{"Connection: close", "GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Close\r\n\r\n" + get, []int{200}, true},
		{"HTTP/1.0", "GET /host-name HTTP/1.0\r\n\r\n" + get, []int{200}, true},
		{"HTTP/1.0 keep-alive", "GET /host-name HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" + get, []int{200, 200}, false},
		{"body", "POST /host-name HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nGET /" + get, []int{405, 200}, false},
		{"body incomplete", "POST /host-name HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nGET", nil, false},
		{"chunked body", "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n" + get, []int{404, 200}, false},
		{"chunked and Content-Length", "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + get, []int{404}, true},
		{"chunked body too large", "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1001\r\n", []int{413}, true},
		{"expect 100-continue", "POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n", []int{100}, false},
		{"expect 100-continue with the body", "POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi", []int{404}, false},
		{"no Host in HTTP/1.1", "GET /host-name HTTP/1.1\r\n\r\n", []int{400}, true},
		{"two Hosts", "GET /host-name HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", []int{400}, true},
		{"bad Host", "GET /host-name HTTP/1.1\r\nHost: a b\r\n\r\n", []int{400}, true},
		{"bad target", "GET host-name HTTP/1.1\r\nHost: a\r\n\r\n" + get, []int{400}, true},
		{"chunked in HTTP/1.0", "POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", []int{400}, true},
		{"trailer that frames", "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nContent-Length: 1\r\n\r\n", []int{400}, true},
		{"bad trailer", "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT 1\r\n\r\n", []int{400}, true},
		{"empty Host", "GET /host-name HTTP/1.1\r\nHost:\r\n\r\n", []int{400}, true},
		{"two Content-Lengths", "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nab", []int{400}, true},
		{"signed Content-Length", "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\na", []int{400}, true},
		{"other transfer coding", "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", []int{400}, true},
		{"bad chunk size", "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nz\r\n", []int{400}, true},
		{"bare LF", "GET /host-name HTTP/1.1\nHost: a\n\n", []int{400}, true},
		{"folded header", "GET /host-name HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n", []int{400}, true},
		{"space before colon", "GET /host-name HTTP/1.1\r\nHost : a\r\n\r\n", []int{400}, true},
		{"control character", "GET /host-name HTTP/1.1\r\nHost: a\r\nX: 1\x002\r\n\r\n", []int{400}, true},
		{"no version", "GET /host-name\r\n\r\n", []int{400}, true},
		{"double space", "GET  /host-name HTTP/1.1\r\nHost: a\r\n\r\n", []int{400}, true},
		{"lower-case method", "get /host-name HTTP/1.1\r\nHost: a\r\n\r\n", []int{405}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := serveRaw(tt.raw)
			statuses, closes := answers(t, out)
			if !slices.Equal(statuses, tt.want) || closes != tt.close {
				t.Errorf("answers %v, closing %v; want %v, closing %v\n%s", statuses, closes, tt.want, tt.close, out)
			}
		})
	}
}

// TestTargetPath checks the paths that request targets name, as fasthttp
// normalised them before, and the targets that are refused.
func TestTargetPath(t *testing.T) {
	tests := []struct {
		method, target, want, authority string
		ok                              bool
	}{
		{"GET", "/host-name", "/host-name", "", true},
		{"GET", "/host-name?a=b#c", "/host-name", "", true},
		{"GET", "/%68ost-name", "/host-name", "", true},
		{"GET", "/%zz", "/%zz", "", true},
		{"GET", "//host-name", "/host-name", "", true},
		{"GET", "/a/../host-name", "/host-name", "", true},
		{"GET", "/./host-name", "/host-name", "", true},
		{"GET", "/host-name/", "/host-name/", "", true},
		{"GET", "/host-name/.", "/host-name/", "", true},
		{"GET", "/host-name/x/..", "/host-name/", "", true},
		{"GET", "/..", "/", "", true},
		{"GET", "http://example.com/host-name?x", "/host-name", "example.com", true},
		{"GET", "http://example.com?x", "/", "example.com", true},
		{"GET", "http://user@example.com/", "", "", false},
		{"GET", "http:///host-name", "", "", false},
		{"GET", "1http://example.com/host-name", "", "", false},
		{"OPTIONS", "*", "", "", true},
		{"GET", "*", "", "", false},
		{"CONNECT", "example.com:443", "", "example.com:443", true},
		{"GET", "example.com:443", "", "", false},
		{"GET", "host-name", "", "", false},
	}
	for _, tt := range tests {
		p, authority, ok := targetPath([]byte(tt.method), []byte(tt.target))
		if ok != tt.ok || string(p) != tt.want || string(authority) != tt.authority {
			t.Errorf("%s %s: %q, %q, %v; want %q, %q, %v", tt.method, tt.target, p, authority, ok, tt.want, tt.authority, tt.ok)
		}
	}
}

// TestValidHost checks the Host values (and absolute-form authorities) that
// are accepted, as net/url and so fasthttp accepted them.
func TestValidHost(t *testing.T) {
	for h, want := range map[string]bool{
		"example.com": true, "example.com:8000": true, "127.0.0.1:": true, "[::1]:80": true,
		"[fe80::1%25en0]": true, "xn--d1a.example": true, "%C3%A9.example": true,
		"a b": false, "a/b": false, "a?b": false, "a#b": false, "%41": false, "a:b": false,
		"[::1": false, "[::1]x": false, "a]": false, "a:1:2": false, "é.example": true,
	} {
		if got := validHost([]byte(h)); got != want {
			t.Errorf("validHost(%q) = %v, want %v", h, got, want)
		}
	}
}

// FuzzParse feeds arbitrary bytes to the request parser and checks: an
// error is 400, 413, 414, 431 or 505; a complete request is complete at its own
// length whatever follows, and every shorter prefix of it only needs more
// bytes (so requests split across reads are read the same); and net/http
// reads the same request, with the same method, target, body and, for
// HTTP/1.x, keep-alive, from the same bytes.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"GET /host-name HTTP/1.1\r\nHost: a\r\n\r\n",
		"HEAD /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
		"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcGET",
		"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;e\r\nabc\r\n0\r\nT: 1\r\n\r\n",
		"POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n",
		"\r\nGET http://a/b?c HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
		"GET /\nHost: a\n\n",
		"GET /host-name HTTP/1.2\r\nHost: a\r\n\r\n",
		"GET /host-name HTTP/2.0\r\n\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, n, status := parse(b)
		switch {
		case status != 0:
			if n != 0 || !slices.Contains([]int{400, 413, 414, 431, 505}, status) {
				t.Fatalf("n %d, status %d", n, status)
			}
			return
		case n == 0:
			return
		case n > len(b):
			t.Fatalf("n %d > %d", n, len(b))
		}
		if _, n2, status2 := parse(b[:n]); n2 != n || status2 != 0 {
			t.Fatalf("complete at %d, but alone: n %d, status %d", n, n2, status2)
		}
		for k := range n {
			if _, nk, sk := parse(b[:k]); nk != 0 || sk != 0 {
				t.Fatalf("complete at %d, but its first %d bytes give n %d, status %d", n, k, nk, sk)
			}
		}

		// net/http does not skip empty lines before a request.
		br := bufio.NewReader(bytes.NewReader(bytes.TrimLeft(b[:n], "\r\n")))
		req, err := http.ReadRequest(br)
		if ue := (*url.Error)(nil); errors.As(err, &ue) {
			return // net/http parses the target as a URL; routing reads its path only
		}
		if err != nil {
			t.Fatalf("parse reads %q, net/http does not: %v", b[:n], err)
		}
		if _, err := io.Copy(io.Discard, req.Body); err != nil {
			t.Fatalf("net/http reads no body from %q: %v", b[:n], err)
		}
		if br.Buffered() != 0 {
			t.Fatalf("%q: net/http leaves %d bytes unread", b[:n], br.Buffered())
		}
		if req.Method != string(r.method) || req.RequestURI != string(r.target) {
			t.Fatalf("%q: %s %s, net/http reads %s %s", b[:n], r.method, r.target, req.Method, req.RequestURI)
		}
		// Both Transfer-Encoding and Content-Length close the connection here.
		both := len(req.TransferEncoding) > 0 && bytes.Contains(bytes.ToLower(b[:n]), []byte("\ncontent-length:"))
		if req.ProtoMajor == 1 && !both && req.Close != r.close {
			t.Fatalf("%q: close %v, net/http %v", b[:n], r.close, req.Close)
		}
	})
}

// statusTest is a request sent alone on a connection, through the
// production server's request handling, and the answers it must get.
type statusTest struct {
	name  string
	raw   string
	want  []int
	close bool // the last answer closes the connection
}

// runStatusTests runs the table of statusTests.
func runStatusTests(t *testing.T, tests []statusTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := serveRaw(tt.raw)
			statuses, closes := answers(t, out)
			if !slices.Equal(statuses, tt.want) || closes != tt.close {
				t.Errorf("answers %v, closing %v; want %v, closing %v\n%.300s", statuses, closes, tt.want, tt.close, out)
			}
		})
	}
}

// TestHostIsCheckedWithAbsoluteTarget checks that the Host header is
// required and validated (RFC 9112, 3.2) also when the target is in
// absolute form or an authority, whose host replaces Host for routing only.
func TestHostIsCheckedWithAbsoluteTarget(t *testing.T) {
	runStatusTests(t, []statusTest{
		{"absolute form, invalid Host", "GET http://a/host-name HTTP/1.1\r\nHost: a b\r\n\r\n", []int{400}, true},
		{"absolute form, Host with a path", "GET http://a/host-name HTTP/1.1\r\nHost: a/b\r\n\r\n", []int{400}, true},
		{"absolute form, Host with user information", "GET http://a/host-name HTTP/1.1\r\nHost: u@a\r\n\r\n", []int{400}, true},
		{"absolute form, invalid Host in HTTP/1.0", "GET http://a/host-name HTTP/1.0\r\nHost: [::1\r\n\r\n", []int{400}, true},
		{"absolute form, no Host in HTTP/1.1", "GET http://a/host-name HTTP/1.1\r\n\r\n", []int{400}, true},
		{"absolute form, empty Host in HTTP/1.1", "GET http://a/host-name HTTP/1.1\r\nHost:\r\n\r\n", []int{400}, true},
		{"absolute form, two Hosts", "GET http://a/host-name HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", []int{400}, true},
		{"absolute form, another valid Host", "GET http://a/host-name HTTP/1.1\r\nHost: b:8000\r\n\r\n", []int{200}, false},
		{"absolute form, no Host in HTTP/1.0", "GET http://a/host-name HTTP/1.0\r\n\r\n", []int{200}, true},
		{"CONNECT, invalid Host", "CONNECT a:443 HTTP/1.1\r\nHost: a b\r\n\r\n", []int{400}, true},
		{"CONNECT, valid Host", "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n", []int{404}, false},
		{"asterisk, invalid Host", "OPTIONS * HTTP/1.1\r\nHost: a b\r\n\r\n", []int{400}, true},
	})
}

// TestHTTPVersions checks the versions served: HTTP/1.0 as 1.0, 1.1 and any
// higher 1.x as 1.1 (RFC 9110, 2.5), other major versions, 0.x included,
// 505 (RFC 9110, 15.6.6), and a malformed version 400.
func TestHTTPVersions(t *testing.T) {
	const get = "GET /host-name HTTP/1.1\r\nHost: a\r\n\r\n"
	runStatusTests(t, []statusTest{
		{"HTTP/1.0", "GET /host-name HTTP/1.0\r\n\r\n" + get, []int{200}, true},
		{"HTTP/1.1", "GET /host-name HTTP/1.1\r\nHost: a\r\n\r\n" + get, []int{200, 200}, false},
		{"HTTP/1.2 keeps the connection", "GET /host-name HTTP/1.2\r\nHost: a\r\n\r\n" + get, []int{200, 200}, false},
		{"HTTP/1.9 needs Host", "GET /host-name HTTP/1.9\r\n\r\n", []int{400}, true},
		{"HTTP/1.2 may be chunked", "POST /x HTTP/1.2\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", []int{404}, false},
		{"HTTP/1.2 expects 100-continue", "POST /x HTTP/1.2\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n", []int{100}, false},
		{"HTTP/1.2 Connection: close", "GET /host-name HTTP/1.2\r\nHost: a\r\nConnection: close\r\n\r\n" + get, []int{200}, true},
		{"HTTP/2.0", "GET /host-name HTTP/2.0\r\nHost: a\r\n\r\n" + get, []int{505}, true},
		{"HTTP/2.0 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", []int{505}, true},
		{"HTTP/3.0", "GET /host-name HTTP/3.0\r\nHost: a\r\n\r\n", []int{505}, true},
		{"HTTP/9.9", "GET /host-name HTTP/9.9\r\nHost: a\r\n\r\n", []int{505}, true},
		{"HTTP/0.9", "GET /host-name HTTP/0.9\r\n\r\n", []int{505}, true},
		{"HTTP/0.0", "GET /host-name HTTP/0.0\r\n\r\n", []int{505}, true},
		{"505 before the header ends", "GET /host-name HTTP/2.0\r\nHost: a\r\n", []int{505}, true},
		{"two-digit major", "GET /host-name HTTP/10.0\r\nHost: a\r\n\r\n", []int{400}, true},
		{"two-digit minor", "GET /host-name HTTP/1.10\r\nHost: a\r\n\r\n", []int{400}, true},
		{"no minor", "GET /host-name HTTP/1\r\nHost: a\r\n\r\n", []int{400}, true},
		{"lower case", "GET /host-name http/1.1\r\nHost: a\r\n\r\n", []int{400}, true},
	})
}

// header returns a header field line of n bytes, CRLF not counted.
func header(name string, n int) string {
	return name + ": " + strings.Repeat("v", n-len(name)-2) + "\r\n"
}

// TestHeaderLimits checks the header limits against the ALB's (a request
// line and a field line of 16 KiB, 64 KiB of header): what the ALB forwards
// is served, a longer request line gets 414, a longer field line or a
// larger header 431, whether complete or still arriving. Also a
// Content-Length too large to hold is 413, not 400.
// albLargest returns the largest request the ALB forwards, without the
// empty line that ends it: a 16 KiB request line, 64 KiB of header fields
// in lines of 16 KiB, and the fields the ALB adds.
func albLargest(t *testing.T) (line, fields, alb string) {
	line = "GET /host-name?" + strings.Repeat("q", maxRequestLineBytes-len("GET /host-name? HTTP/1.1")) + " HTTP/1.1\r\n"
	fields = "Host: a\r\n" + header("Cookie", 16<<10-2-len("Host: a\r\n")) + header("X-A", 16<<10-2) + header("X-B", 16<<10-2) + header("X-C", 16<<10-2)
	alb = "X-Forwarded-For: 203.0.113.7, 2001:db8::1234:5678:9abc:def0\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Port: 443\r\n" +
		"X-Amzn-Trace-Id: Root=1-67891233-abcdef012345678912345678;Self=1-67891233-12456789abcdef012345678\r\n"
	if len(line) != maxRequestLineBytes+2 || len(fields) != 64<<10 {
		t.Fatalf("request line %d bytes, fields %d", len(line), len(fields))
	}
	return line, fields, alb
}

func TestHeaderLimits(t *testing.T) {
	line, fields, alb := albLargest(t)
	many := strings.Repeat(header("X-Many", 1000), maxHeaderBytes/1002+1)
	runStatusTests(t, []statusTest{
		{"12 KiB cookie", "GET /host-name HTTP/1.1\r\nHost: a\r\n" + header("Cookie", 12<<10) + "\r\n", []int{200}, false},
		{"the ALB's largest request", line + fields + alb + "\r\n", []int{200}, false},
		{"field line at the limit", "GET /host-name HTTP/1.1\r\nHost: a\r\n" + header("X-Big", maxFieldLineBytes) + "\r\n", []int{200}, false},
		{"field line over the limit", "GET /host-name HTTP/1.1\r\nHost: a\r\n" + header("X-Big", maxFieldLineBytes+1) + "\r\n", []int{431}, true},
		{"field line over the limit, incomplete", "GET /host-name HTTP/1.1\r\nHost: a\r\n" + header("X-Big", maxFieldLineBytes+1), []int{431}, true},
		{"request line over the limit", "GET /host-name?" + strings.Repeat("q", maxRequestLineBytes) + " HTTP/1.1\r\nHost: a\r\n\r\n", []int{414}, true},
		{"request line over the limit, incomplete", "GET /host-name?" + strings.Repeat("q", maxRequestLineBytes), []int{414}, true},
		{"header over the limit", "GET /host-name HTTP/1.1\r\nHost: a\r\n" + many + "\r\n", []int{431}, true},
		{"header over the limit, incomplete", "GET /host-name HTTP/1.1\r\nHost: a\r\n" + many, []int{431}, true},
		{"empty lines do not count", strings.Repeat("\r\n", maxEmptyLineBytes/2) + line + fields + alb + "\r\n", []int{200}, false},
		{"Content-Length of 10 digits", "POST /host-name HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000000\r\n\r\n", []int{413}, true},
		{"Content-Length of 30 digits", "POST /host-name HTTP/1.1\r\nHost: a\r\nContent-Length: 999999999999999999999999999999\r\n\r\n", []int{413}, true},
		{"Content-Length with leading zeros", "POST /host-name HTTP/1.1\r\nHost: a\r\nContent-Length: 00000000002\r\n\r\nhi", []int{405}, false},
	})
}

// TestRequestInSmallReads checks that a large request received in many small
// reads is read as in one, and in time proportional to its size: parsing
// the whole request again at every read, as the 80 KiB header allowed here
// arrives one byte at a time, would take seconds.
func TestRequestInSmallReads(t *testing.T) {
	many := strings.Repeat("X-Many: 1\r\n", (maxHeaderBytes-200)/len("X-Many: 1\r\n"))
	for _, tt := range []statusTest{
		{"many short fields", "GET /host-name HTTP/1.1\r\nHost: a\r\n" + many + "\r\n", []int{200}, false},
		{"a body", "POST /x HTTP/1.1\r\nHost: a\r\n" + many + "Content-Length: 4096\r\n\r\n" + strings.Repeat("b", 4096), []int{404}, false},
		{"a chunked body", "POST /x HTTP/1.1\r\nHost: a\r\n" + many + "Transfer-Encoding: chunked\r\n\r\n" + strings.Repeat("1\r\nb\r\n", 1000) + "0\r\n\r\n", []int{404}, false},
		{"a header over the limit", "GET /host-name HTTP/1.1\r\nHost: a\r\n" + many + many, []int{431}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := &loop{srv: newServer(testHost, defaultLimits, slog.New(slog.DiscardHandler))}
			c := &conn{fresh: true}
			start := time.Now()
			// As OnTraffic does: what is not used is held for the next read.
			var held []byte
			for i := range len(tt.raw) {
				held = append(held, tt.raw[i])
				used, _ := l.serve(c, held, start)
				held = held[used:]
				if c.closing {
					break
				}
			}
			took := time.Since(start)
			statuses, closes := answers(t, l.out)
			if !slices.Equal(statuses, tt.want) || closes != tt.close {
				t.Errorf("answers %v, closing %v; want %v, closing %v", statuses, closes, tt.want, tt.close)
			}
			if took > time.Second {
				t.Errorf("%d bytes one at a time took %v", len(tt.raw), took)
			}
		})
	}
}
