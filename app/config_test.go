package main

import (
	"strings"
	"testing"
	"time"
)

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    config
		wantErr string // substring of the error; "" for none
	}{
		{"defaults", nil, config{8000, 10 * time.Second}, ""},
		{"empty values take defaults", map[string]string{"PORT": "", "DRAIN_TIMEOUT": ""}, config{8000, 10 * time.Second}, ""},
		{"port", map[string]string{"PORT": "9090"}, config{9090, 10 * time.Second}, ""},
		{"highest port", map[string]string{"PORT": "65535"}, config{65535, 10 * time.Second}, ""},
		{"drain", map[string]string{"DRAIN_TIMEOUT": "1m30s"}, config{8000, 90 * time.Second}, ""},
		{"sub-second drain", map[string]string{"DRAIN_TIMEOUT": "250ms"}, config{8000, 250 * time.Millisecond}, ""},
		{"port not a number", map[string]string{"PORT": "http"}, config{}, `invalid PORT "http": want an integer TCP port from 1 to 65535`},
		{"port zero", map[string]string{"PORT": "0"}, config{}, `invalid PORT "0"`},
		{"port too large", map[string]string{"PORT": "65536"}, config{}, `invalid PORT "65536"`},
		{"port negative", map[string]string{"PORT": "-1"}, config{}, `invalid PORT "-1"`},
		{"port with space", map[string]string{"PORT": " 8000"}, config{}, `invalid PORT " 8000"`},
		{"drain without unit", map[string]string{"DRAIN_TIMEOUT": "10"}, config{}, `invalid DRAIN_TIMEOUT "10": want a positive Go duration such as 10s or 1m30s`},
		{"drain zero", map[string]string{"DRAIN_TIMEOUT": "0s"}, config{}, `invalid DRAIN_TIMEOUT "0s"`},
		{"drain negative", map[string]string{"DRAIN_TIMEOUT": "-5s"}, config{}, `invalid DRAIN_TIMEOUT "-5s"`},
		{"drain garbage", map[string]string{"DRAIN_TIMEOUT": "soon"}, config{}, `invalid DRAIN_TIMEOUT "soon"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loadConfig(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("loadConfig() error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("loadConfig() error = %v", err)
			}
			if got != tt.want {
				t.Errorf("loadConfig() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		wantStderr string
	}{
		{"invalid PORT", nil, map[string]string{"PORT": "eighty"}, `invalid PORT "eighty"`},
		{"invalid DRAIN_TIMEOUT", nil, map[string]string{"DRAIN_TIMEOUT": "0"}, `invalid DRAIN_TIMEOUT "0"`},
		{"invalid PORT for healthcheck", []string{"healthcheck"}, map[string]string{"PORT": "0"}, `invalid PORT "0"`},
		{"unknown subcommand", []string{"serve"}, nil, "usage: server [healthcheck]"},
		{"extra argument", []string{"healthcheck", "now"}, nil, "usage: server [healthcheck]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			code := run(tt.args, func(k string) string { return tt.env[k] }, &stdout, &stderr)
			if code != 2 {
				t.Errorf("exit code = %d, want 2", code)
			}
			if got := stderr.String(); !strings.Contains(got, tt.wantStderr) || strings.Count(got, "\n") != 1 {
				t.Errorf("stderr = %q, want one line containing %q", got, tt.wantStderr)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want nothing", stdout.String())
			}
		})
	}
}
