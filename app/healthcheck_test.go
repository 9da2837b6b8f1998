package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestHealthcheck(t *testing.T) {
	tests := []struct {
		name       string
		handler    http.HandlerFunc // nil: nothing listens on the port
		wantCode   int
		wantStderr string
	}{
		{"healthy", func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/healthz" {
				http.NotFound(w, r)
			}
		}, 0, ""},
		{"unhealthy", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusServiceUnavailable)
		}, 1, "status 503"},
		{"hanging", func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}, 1, "timeout"},
		{"down", nil, 1, "connection refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var port int
			if tt.handler != nil {
				srv := httptest.NewServer(tt.handler)
				defer srv.Close()
				port = srv.Listener.Addr().(*net.TCPAddr).Port
			} else {
				port = freePort(t)
			}
			var stderr strings.Builder
			if code := healthcheck(port, 300*time.Millisecond, &stderr); code != tt.wantCode {
				t.Errorf("exit code = %d, want %d", code, tt.wantCode)
			}
			if got := stderr.String(); !strings.Contains(got, tt.wantStderr) || (tt.wantStderr == "") != (got == "") {
				t.Errorf("stderr = %q, want %q", got, tt.wantStderr)
			}
		})
	}
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
