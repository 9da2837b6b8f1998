package ecsec2

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/jsii-runtime-go"
)

// sharedAlb is a load balancer with a service behind it on /web/* at
// priority 10, in a stack of its own that is never synthesized.
func sharedAlb(t *testing.T) *InternetFacingAlb {
	t.Helper()
	f := fixture()
	stack := awscdk.NewStack(nil, jsii.String("Routes"), nil)
	alb := NewInternetFacingAlb(stack, jsii.String("Alb"), &InternetFacingAlbProps{Vpc: f.vpc})
	NewAlbFrontedService(stack, jsii.String("Web"), &AlbFrontedServiceProps{
		Cluster: clusterOf(DefaultInstanceType), Image: f.image, Alb: alb,
		PathPatterns: jsii.Strings("/web/*"), Priority: jsii.Number(10),
	})
	return alb
}

func strs(values ...string) *[]*string { return jsii.Strings(values...) }

func TestListenerRulesAreValidatedAgainstTheListenerAndTheQuotas(t *testing.T) {
	alb := sharedAlb(t)
	for name, tc := range map[string]struct {
		props   AlbFrontedServiceProps
		wantErr []string
	}{
		"joining without a condition": {
			props:   AlbFrontedServiceProps{Alb: alb, Priority: jsii.Number(20)},
			wantErr: []string{"Alb is set without HostHeaders or PathPatterns: a service joining a shared listener needs a rule"},
		},
		"a condition without a priority": {
			props:   AlbFrontedServiceProps{Alb: alb, PathPatterns: strs("/api/*")},
			wantErr: []string{"PathPatterns (/api/*) make a listener rule, which needs Priority: 1 to 50000, unique on the listener, the lowest matching rule wins"},
		},
		"a priority without a condition, on a load balancer of its own": {
			props:   AlbFrontedServiceProps{Priority: jsii.Number(5)},
			wantErr: []string{"Priority (5) is set without HostHeaders or PathPatterns"},
		},
		"a priority already taken": {
			props:   AlbFrontedServiceProps{Alb: alb, PathPatterns: strs("/api/*"), Priority: jsii.Number(10)},
			wantErr: []string{"Priority (10) is taken on the shared listener by Routes/Web"},
		},
		"the same conditions as another service": {
			props:   AlbFrontedServiceProps{Alb: alb, PathPatterns: strs("/web/*"), Priority: jsii.Number(11)},
			wantErr: []string{"HostHeaders and PathPatterns are those of Routes/Web on the shared listener"},
		},
		"a priority out of range": {
			props:   AlbFrontedServiceProps{Alb: alb, PathPatterns: strs("/api/*"), Priority: jsii.Number(50001)},
			wantErr: []string{"Priority (50001) must be a whole number from 1 to 50000"},
		},
		"a path without its leading slash": {
			props:   AlbFrontedServiceProps{Alb: alb, PathPatterns: strs("api/*"), Priority: jsii.Number(20)},
			wantErr: []string{`PathPatterns entry "api/*" must start with /: a request's path always does; use "/api/*"`},
		},
		"more condition values than a rule takes": {
			props:   AlbFrontedServiceProps{Alb: alb, HostHeaders: strs("a.example.com", "b.example.com", "c.example.com"), PathPatterns: strs("/a", "/b", "/c"), Priority: jsii.Number(20)},
			wantErr: []string{"HostHeaders (a.example.com, b.example.com, c.example.com) and PathPatterns (/a, /b, /c) hold 6 values: a listener rule takes at most 5"},
		},
		"more wildcards than a rule takes": {
			props:   AlbFrontedServiceProps{Alb: alb, PathPatterns: strs("/*/*/*", "/?/?/?"), Priority: jsii.Number(20)},
			wantErr: []string{"HostHeaders and PathPatterns hold 6 wildcards: a listener rule takes at most 5"},
		},
		"a host that is not one": {
			props:   AlbFrontedServiceProps{Alb: alb, HostHeaders: strs("shop example.com"), Priority: jsii.Number(20)},
			wantErr: []string{`HostHeaders entry "shop example.com" is not a host name`},
		},
		"a value twice": {
			props:   AlbFrontedServiceProps{Alb: alb, PathPatterns: strs("/api/*", "/api/*"), Priority: jsii.Number(20)},
			wantErr: []string{`PathPatterns holds "/api/*" twice`},
		},
		"load balancer props with a shared load balancer": {
			props:   AlbFrontedServiceProps{Alb: alb, PathPatterns: strs("/api/*"), Priority: jsii.Number(20), DeletionProtection: jsii.Bool(true)},
			wantErr: []string{"DeletionProtection shapes the load balancer the service makes and cannot be combined with Alb"},
		},
		"a URL for a host": {
			props:   AlbFrontedServiceProps{Alb: alb, HostHeaders: strs("https://api.example.com/v1"), Priority: jsii.Number(20)},
			wantErr: []string{`HostHeaders entry "https://api.example.com/v1" is a URL, not a host name: drop the scheme (and any path); use "api.example.com"`},
		},
		"source ranges whose deny rule would take a priority in use": {
			props:   AlbFrontedServiceProps{Alb: alb, PathPatterns: strs("/api/*"), Priority: jsii.Number(9), AllowedCidrs: strs("10.0.0.0/8")},
			wantErr: []string{"Priority (9) is followed by 10, taken on the shared listener by Routes/Web: with AllowedCidrs the service also needs the next priority"},
		},
		"source ranges with host bits": {
			props:   AlbFrontedServiceProps{Alb: alb, PathPatterns: strs("/api/*"), Priority: jsii.Number(20), AllowedCidrs: strs("10.0.0.1/24")},
			wantErr: []string{`AllowedCidrs entry "10.0.0.1/24" has host bits set, so it names the range 10.0.0.0/24: write "10.0.0.0/24", or a /32 for the one address`},
		},
		"source ranges count as condition values": {
			props:   AlbFrontedServiceProps{Alb: alb, PathPatterns: strs("/a", "/b", "/c"), Priority: jsii.Number(20), AllowedCidrs: strs("10.0.0.0/8", "192.168.0.0/16", "172.16.0.0/12")},
			wantErr: []string{"PathPatterns (/a, /b, /c) and AllowedCidrs (10.0.0.0/8, 192.168.0.0/16, 172.16.0.0/12) hold 6 values"},
		},
		"a test rule on a taken priority": {
			props: AlbFrontedServiceProps{Alb: alb, PathPatterns: strs("/api/*"), Priority: jsii.Number(11), NetworkMode: awsecs.NetworkMode_AWS_VPC,
				DeploymentStrategy: awsecs.DeploymentStrategy_CANARY, TestTrafficHeader: jsii.String("X-Canary")},
			wantErr: []string{"Priority (11) is preceded by 10, taken on the shared listener by Routes/Web: with TestTrafficHeader the service also needs the priority before"},
		},
		"a test rule before the first priority": {
			props: AlbFrontedServiceProps{Alb: alb, PathPatterns: strs("/api/*"), Priority: jsii.Number(1), NetworkMode: awsecs.NetworkMode_AWS_VPC,
				DeploymentStrategy: awsecs.DeploymentStrategy_LINEAR, TestTrafficHeader: jsii.String("X-Canary")},
			wantErr: []string{"Priority (1) leaves no priority before it for the test rule of TestTrafficHeader: use at least 2"},
		},
		"a test header as a sixth condition value": {
			props: AlbFrontedServiceProps{Alb: alb, PathPatterns: strs("/a", "/b", "/c"), AllowedCidrs: strs("10.0.0.0/8", "192.168.0.0/16"),
				Priority: jsii.Number(30), NetworkMode: awsecs.NetworkMode_AWS_VPC,
				DeploymentStrategy: awsecs.DeploymentStrategy_BLUE_GREEN, TestTrafficHeader: jsii.String("X-Canary")},
			wantErr: []string{"PathPatterns (/a, /b, /c) and AllowedCidrs (10.0.0.0/8, 192.168.0.0/16) and TestTrafficHeader (X-Canary) hold 6 values"},
		},
	} {
		t.Run(name, func(t *testing.T) { wantErrors(t, withRefs(tc.props).Validate(), tc.wantErr...) })
	}
	// A load balancer at its quota of 100 rules (the default action not
	// counted) takes no more, unless the quota was raised and MaxRules with
	// it; at 100 target groups, a quota AWS does not raise, none takes more.
	full := *alb
	full.routes = []route{{service: "Routes/Default", targetGroups: 1}}
	for i := range 100 {
		full.routes = append(full.routes, route{service: fmt.Sprintf("Routes/S%d", i), priority: float64(1000 + i), targetGroups: 1, conditions: []string{fmt.Sprintf("path:/s%d/*", i)}})
	}
	joining := withRefs(AlbFrontedServiceProps{Alb: &full, PathPatterns: strs("/api/*"), Priority: jsii.Number(20)})
	wantErrors(t, joining.Validate(),
		"Alb already holds 100 rules, its MaxRules (the account's quota of rules per Application Load Balancer, 100 by default)",
		"raise the quota (Service Quotas code L-7EED9B64) and MaxRules with it",
		"Alb already holds 101 target groups (one per service, two for a service released by traffic shifting); this service needs 1 more: an Application Load Balancer holds at most 100")
	full.maxRules = 150
	if err := joining.Validate(); err == nil || strings.Contains(err.Error(), "rules") {
		t.Errorf("MaxRules 150: want only the target group quota, got %v", err)
	}
	full.routes, full.maxRules = full.routes[:99], DefaultMaxRules
	if err := joining.Validate(); err != nil {
		t.Errorf("the 99th rule and 100th target group: want no error, got %v", err)
	}
	// A service released by traffic shifting needs two.
	canary := joining
	canary.DeploymentStrategy, canary.NetworkMode = awsecs.DeploymentStrategy_CANARY, awsecs.NetworkMode_AWS_VPC
	wantErrors(t, canary.Validate(), "Alb already holds 99 target groups (one per service, two for a service released by traffic shifting); this service needs 2 more")
	for name, props := range map[string]AlbFrontedServiceProps{
		"another path":         {Alb: alb, PathPatterns: strs("/api/*"), Priority: jsii.Number(20)},
		"a host and a path":    {Alb: alb, HostHeaders: strs("api.example.com"), PathPatterns: strs("*.json"), Priority: jsii.Number(30)},
		"its own, on one host": {HostHeaders: strs("*.example.com"), Priority: jsii.Number(1)},
		"from an office only":  {Alb: alb, PathPatterns: strs("/admin/*"), Priority: jsii.Number(30), AllowedCidrs: strs("203.0.113.0/24")},
	} {
		t.Run(name, func(t *testing.T) {
			if err := withRefs(props).Validate(); err != nil {
				t.Errorf("want no error, got %v", err)
			}
		})
	}
}

func TestInternetFacingAlbPropsValidateFailsOnBadInput(t *testing.T) {
	f := fixture()
	for name, tc := range map[string]struct {
		props   InternetFacingAlbProps
		wantErr []string
	}{
		"no VPC": {
			props:   InternetFacingAlbProps{},
			wantErr: []string{"Vpc is required"},
		},
		"a VPC without public subnets": {
			props: InternetFacingAlbProps{Vpc: awsec2.Vpc_FromVpcAttributes(f.stack, jsii.String("Private"), &awsec2.VpcAttributes{
				VpcId: jsii.String("vpc-0123456789abcdef1"), AvailabilityZones: jsii.Strings("eu-west-1a", "eu-west-1b"),
				PrivateSubnetIds: jsii.Strings("subnet-1", "subnet-2"), PrivateSubnetRouteTableIds: jsii.Strings("rtb-1", "rtb-2"),
			})},
			wantErr: []string{"Vpc has public subnets in 0 availability zones: an internet-facing load balancer needs two"},
		},
		"an access log prefix AWS refuses": {
			props:   InternetFacingAlbProps{Vpc: f.vpc, AccessLogsPrefix: jsii.String("AWSLogs/web")},
			wantErr: []string{`AccessLogsPrefix ("AWSLogs/web") must be non-empty, without AWSLogs and without a slash at either end`},
		},
		"an alarm threshold above 100": {
			props:   InternetFacingAlbProps{Vpc: f.vpc, Alarm5xxPercent: jsii.Number(150)},
			wantErr: []string{"Alarm5xxPercent (150) must be above 0 and at most 100"},
		},
		"hardened without a certificate": {
			props:   InternetFacingAlbProps{Vpc: f.vpc, Hardened: jsii.Bool(true)},
			wantErr: []string{"Hardened serves HTTPS only, which needs a certificate: set CertificateArn, or DomainName with HostedZone"},
		},
		"HTTPS only without a certificate": {
			props:   InternetFacingAlbProps{Vpc: f.vpc, HttpsOnly: jsii.Bool(true)},
			wantErr: []string{"HttpsOnly needs HTTPS: set CertificateArn, or DomainName with HostedZone, or drop HttpsOnly"},
		},
		"two web ACLs, a bad ARN and a rate below AWS WAF's lowest": {
			props: InternetFacingAlbProps{Vpc: f.vpc, Waf: jsii.Bool(true), WebAclArn: jsii.String("arn:aws:wafv2:eu-west-1:123456789012:global/webacl/x/y"),
				WafRateLimit: jsii.Number(5)},
			wantErr: []string{"Waf and WebAclArn are both set", `WebAclArn ("arn:aws:wafv2:eu-west-1:123456789012:global/webacl/x/y") is not a regional web ACL's ARN`,
				"WafRateLimit (5) must be a whole number from 10 to 2000000000"},
		},
		"a rate limit without a web ACL of its own": {
			props:   InternetFacingAlbProps{Vpc: f.vpc, WafRateLimit: jsii.Number(500)},
			wantErr: []string{"WafRateLimit applies to the web ACL the load balancer makes, which is off: set Waf (or Hardened), or drop WafRateLimit"},
		},
	} {
		t.Run(name, func(t *testing.T) { wantErrors(t, tc.props.Validate(), tc.wantErr...) })
	}
	for name, props := range map[string]InternetFacingAlbProps{
		"hardened with a certificate": {Vpc: f.vpc, Hardened: jsii.Bool(true), CertificateArn: jsii.String("arn:aws:acm:eu-west-1:123456789012:certificate/abc")},
		"hardened with your web ACL": {Vpc: f.vpc, Hardened: jsii.Bool(true), CertificateArn: jsii.String("arn:aws:acm:eu-west-1:123456789012:certificate/abc"),
			WebAclArn: jsii.String("arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop/0123-4567")},
		"hardened, HTTP redirect kept": {Vpc: f.vpc, Hardened: jsii.Bool(true), HttpsOnly: jsii.Bool(false), CertificateArn: jsii.String("arn:aws:acm:eu-west-1:123456789012:certificate/abc")},
		"a WAF on HTTP":                {Vpc: f.vpc, Waf: jsii.Bool(true), WafRateLimit: jsii.Number(100)},
	} {
		t.Run(name, func(t *testing.T) {
			if err := props.Validate(); err != nil {
				t.Errorf("want no error, got %v", err)
			}
		})
	}
}

// A service needs a cluster whose Connections() hold the instances' group.
func TestServiceFailsOnAClusterWithoutSecurityGroups(t *testing.T) {
	f := fixture()
	bare := awsecs.Cluster_FromClusterAttributes(f.stack, jsii.String("Legacy"), &awsecs.ClusterAttributes{ClusterName: jsii.String("legacy"), Vpc: f.vpc})
	err := withRefs(AlbFrontedServiceProps{Cluster: ExistingCluster(bare, nil, nil)}).Validate()
	wantErrors(t, err, "Cluster has no security group in its Connections()", "Cluster has no capacity provider strategy")
}
