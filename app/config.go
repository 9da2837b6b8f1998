package main

import (
	"fmt"
	"strconv"
	"time"
)

// Defaults for the environment variables the service reads.
const (
	defaultPort         = 8000
	defaultDrainTimeout = 10 * time.Second
)

// config is the service's configuration, read from the environment.
type config struct {
	port         int           // PORT: TCP port to listen on
	drainTimeout time.Duration // DRAIN_TIMEOUT: graceful-shutdown deadline
}

// loadConfig reads PORT and DRAIN_TIMEOUT through getenv. An unset or empty
// variable takes its default; an invalid one is an error that names the
// variable, its value and what is expected.
func loadConfig(getenv func(string) string) (config, error) {
	cfg := config{port: defaultPort, drainTimeout: defaultDrainTimeout}
	if v := getenv("PORT"); v != "" {
		p, err := strconv.ParseUint(v, 10, 16)
		if err != nil || p == 0 {
			return config{}, fmt.Errorf("invalid PORT %q: want an integer TCP port from 1 to 65535", v)
		}
		cfg.port = int(p)
	}
	if v := getenv("DRAIN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return config{}, fmt.Errorf("invalid DRAIN_TIMEOUT %q: want a positive Go duration such as 10s or 1m30s", v)
		}
		cfg.drainTimeout = d
	}
	return cfg, nil
}
