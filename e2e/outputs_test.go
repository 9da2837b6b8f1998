package main

import (
	"strings"
	"testing"
)

func TestParseOutputs(t *testing.T) {
	good := `{"HostNameService": {
		"HostNameUrl": "http://HostNa-Servi-abc.us-east-1.elb.amazonaws.com/host-name",
		"LoadBalancerDnsName": "HostNa-Servi-abc.us-east-1.elb.amazonaws.com",
		"ClusterName": "HostNameService-ClusterC2E21B66-xyz",
		"ServiceName": "HostNameService-Service9571FDD8-xyz"}}`
	out, err := ParseOutputs([]byte(good), StackName)
	if err != nil {
		t.Fatal(err)
	}
	want := Outputs{
		HostNameURL:         "http://HostNa-Servi-abc.us-east-1.elb.amazonaws.com/host-name",
		LoadBalancerDNSName: "HostNa-Servi-abc.us-east-1.elb.amazonaws.com",
		ClusterName:         "HostNameService-ClusterC2E21B66-xyz",
		ServiceName:         "HostNameService-Service9571FDD8-xyz",
	}
	if out != want {
		t.Errorf("got %+v\nwant %+v", out, want)
	}

	for _, tc := range []struct{ name, data, want string }{
		{"not JSON", `{`, "outputs file"},
		{"another stack", `{"Other": {}, "Another": {}}`, `no stack "HostNameService" (found: Another, Other)`},
		{"missing outputs", `{"HostNameService": {"HostNameUrl": "http://x/host-name", "ClusterName": " "}}`,
			"lacks the output(s) LoadBalancerDnsName, ClusterName, ServiceName"},
		{"not a URL", `{"HostNameService": {"HostNameUrl": "x.elb.amazonaws.com/host-name", "LoadBalancerDnsName": "x", "ClusterName": "c", "ServiceName": "s"}}`,
			"is not an http(s) URL"},
		{"a number", `{"HostNameService": {"HostNameUrl": 3, "LoadBalancerDnsName": "x", "ClusterName": "c", "ServiceName": "s"}}`,
			"lacks the output(s) HostNameUrl"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseOutputs([]byte(tc.data), StackName)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}

	https := `{"HostNameService": {"HostNameUrl": "https://hostname.example.com/host-name", "LoadBalancerDnsName": "x", "ClusterName": "c", "ServiceName": "s"}}`
	if _, err := ParseOutputs([]byte(https), StackName); err != nil {
		t.Errorf("an https URL (domainName set): %v", err)
	}
}
