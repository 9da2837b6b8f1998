package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// StackName is the stack the CDK app defines (main.go's StackName).
const StackName = "HostNameService"

// Outputs are the stack's outputs the run needs.
type Outputs struct {
	HostNameURL         string
	LoadBalancerDNSName string
	ClusterName         string
	ServiceName         string
}

// ParseOutputs reads the file `cdk deploy --outputs-file` writes:
// {"<stack>": {"<output>": "<value>", ...}, ...}. Every output must be
// there and not empty, and the URL an absolute http or https URL.
func ParseOutputs(data []byte, stack string) (Outputs, error) {
	var all map[string]map[string]any
	if err := json.Unmarshal(data, &all); err != nil {
		return Outputs{}, fmt.Errorf("outputs file: %w", err)
	}
	values, ok := all[stack]
	if !ok {
		found := make([]string, 0, len(all))
		for name := range all {
			found = append(found, name)
		}
		sort.Strings(found)
		return Outputs{}, fmt.Errorf("outputs file: no stack %q (found: %s)", stack, strings.Join(found, ", "))
	}
	get := func(key string, missing *[]string) string {
		s, _ := values[key].(string)
		if strings.TrimSpace(s) == "" {
			*missing = append(*missing, key)
		}
		return strings.TrimSpace(s)
	}
	var missing []string
	out := Outputs{
		HostNameURL:         get("HostNameUrl", &missing),
		LoadBalancerDNSName: get("LoadBalancerDnsName", &missing),
		ClusterName:         get("ClusterName", &missing),
		ServiceName:         get("ServiceName", &missing),
	}
	if len(missing) > 0 {
		return Outputs{}, fmt.Errorf("outputs file: stack %s lacks the output(s) %s", stack, strings.Join(missing, ", "))
	}
	u, err := url.Parse(out.HostNameURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Outputs{}, fmt.Errorf("outputs file: HostNameUrl %q is not an http(s) URL", out.HostNameURL)
	}
	return out, nil
}
