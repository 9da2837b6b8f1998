package ecsec2

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	cw "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elb "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53targets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awswafv2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Defaults of InternetFacingAlbProps.
const (
	// DefaultSslPolicy accepts TLS 1.3 and 1.2 with a post-quantum hybrid key
	// exchange and the restricted ciphers (no AES-CBC):
	// ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09, the policy AWS recommends
	// and the console's default. CloudFormation's own default is the 2016
	// policy, with TLS 1.0. TLS13_12_PQ keeps the CBC ciphers for old TLS 1.2
	// clients.
	DefaultSslPolicy       = elb.SslPolicy_TLS13_12_RES_PQ
	DefaultAlarm5xxPercent = 5
	// DefaultStrictTransportSecurity keeps browsers on HTTPS for a year.
	DefaultStrictTransportSecurity = "max-age=31536000"
	// DefaultMaxRules is AWS's default quota of rules per Application Load
	// Balancer, not counting the listeners' default rules (adjustable:
	// Service Quotas code L-7EED9B64).
	DefaultMaxRules = 100
)

// maxTargetGroups is the quota of target groups per Application Load
// Balancer, which AWS does not raise.
const maxTargetGroups = 100

// InternetFacingAlbProps configures an InternetFacingAlb.
type InternetFacingAlbProps struct {
	// VPC of the load balancer, with public subnets in at least two zones.
	// Required.
	Vpc awsec2.IVpc
	// IPv4 ranges allowed to reach the load balancer.
	// Default: 0.0.0.0/0, the internet.
	AllowedCidrs *[]*string
	// ARN of an ACM certificate for an HTTPS listener; HTTP then redirects
	// to HTTPS. Cannot be combined with DomainName.
	// Default: no HTTPS unless DomainName is set.
	CertificateArn *string
	// Domain name of the load balancer. With HostedZone it gets a
	// DNS-validated certificate, an HTTPS listener and an alias record; HTTP
	// then redirects to HTTPS.
	// Default: none.
	DomainName *string
	// Hosted zone of DomainName, which holds the validation and alias records.
	// Default: none; required with DomainName.
	HostedZone awsroute53.IHostedZone
	// TLS policy of the HTTPS listener.
	// Default: TLS 1.3 and 1.2 with post-quantum key exchange, without
	// AES-CBC ciphers (TLS13_12_RES_PQ), as AWS recommends.
	SslPolicy elb.SslPolicy
	// Access logs to an S3 bucket: encrypted, TLS only, never public,
	// objects kept a year, the bucket kept after the stack. Cheap (S3
	// storage only) and the first thing an incident asks for.
	// Default: true.
	AccessLogs *bool
	// An existing bucket for the access logs, in the stack's region. Several
	// load balancers may share one: each writes under its own prefix.
	// Default: a new bucket.
	AccessLogsBucket awss3.IBucket
	// Key prefix of the access logs in their bucket.
	// Default: the construct's id in lower case, so that load balancers of
	// different ids sharing a bucket write apart; set it when two of the
	// same id (in other scopes or stacks) share one.
	AccessLogsPrefix *string
	// Deletion protection of the load balancer. It makes `cdk destroy` fail
	// until it is turned off again.
	// Default: Hardened.
	DeletionProtection *bool
	// Topic the load balancer's alarm notifies. One of this stack gets a
	// grant for CloudWatch to publish to it; an imported one's policy must
	// have it already.
	// Default: a new topic that CloudWatch may publish to.
	AlarmTopic awssns.ITopic
	// Share of requests answered with a 5xx by the load balancer itself (%)
	// that raises its alarm: no healthy target, a target that reset the
	// connection or timed out.
	// Default: 5.
	Alarm5xxPercent *float64
	// Value of the Strict-Transport-Security header the HTTPS listener adds
	// to every response, so that browsers come back over HTTPS only; ""
	// adds none. Without HTTPS there is none to add (browsers ignore the
	// header over HTTP).
	// Default: max-age=31536000, a year, for this host only (add
	// "; includeSubDomains" when every subdomain is HTTPS too).
	StrictTransportSecurity *string
	// Rules the load balancer may hold, not counting its listeners' default
	// rules: the account's quota "Rules per Application Load Balancer",
	// which AWS raises on request (Service Quotas code L-7EED9B64). Services
	// that would take more are an error at synth time.
	// Default: 100, AWS's default quota.
	MaxRules *float64
	// The hardened profile: a WAF, HTTPS only, deletion protection, a
	// customer-managed key for the WAF logs and the alarm topic, and the
	// access-log bucket's own access logs. Each is a prop below as well, and
	// a prop set explicitly wins. Needs CertificateArn or DomainName.
	// Default: false.
	Hardened *bool
	// A web ACL of AWS WAF in front of the load balancer: AWS's managed rule
	// groups for addresses of bad reputation, common exploits and known bad
	// inputs, a rate limit per client address (WafRateLimit), and its logs
	// to CloudWatch Logs (a year, the Authorization and Cookie headers
	// redacted). About 9 USD a month and 0.60 USD per million requests.
	// Default: Hardened.
	Waf *bool
	// ARN of an existing regional web ACL to associate instead of making
	// one; the load balancer's own WAF settings are then its owner's.
	// Default: none.
	WebAclArn *string
	// Requests a client address may send in 5 minutes before the web ACL
	// blocks it, 10 at least.
	// Default: 2000.
	WafRateLimit *float64
	// Only the HTTPS listener: no plain HTTP listener at all, not even one
	// that redirects, so no request or credential crosses the internet in
	// clear text. Needs CertificateArn or DomainName.
	// Default: Hardened.
	HttpsOnly *bool
	// Customer-managed KMS key for the WAF's log group and the alarm topic
	// the load balancer makes; a key of this app gets the key policy
	// statements CloudWatch Logs and CloudWatch alarms need, an imported
	// key's policy must have them.
	// Default: with Hardened, a new key (1 USD a month, kept after the
	// stack); else AWS's own encryption.
	EncryptionKey awskms.IKey
	// DUAL_STACK answers clients over IPv6 too: the VPC's public subnets
	// need IPv6 blocks (PrivateEcsEc2ClusterProps' DualStack); with the
	// default AllowedCidrs the security group admits ::/0 as well, and with
	// DomainName an AAAA alias joins the A one. The load balancer still
	// reaches the tasks over IPv4.
	// Default: IPV4.
	IpAddressType elb.IpAddressType
}

// InternetFacingAlb is an internet-facing Application Load Balancer in the
// public subnets that one or more AlbFrontedServices serve behind: each
// takes the listener's default action, or a rule of its own matched on host
// headers and path patterns. It owns what belongs to the load balancer: its
// security group, listeners, certificate, alias record, access logs and the
// alarm on the errors it answers itself.
type InternetFacingAlb struct {
	constructs.Construct
	// LoadBalancer is the Application Load Balancer.
	LoadBalancer elb.ApplicationLoadBalancer
	// SecurityGroup is the load balancer's security group: HTTP (and HTTPS)
	// from AllowedCidrs in, only the services' host ports out.
	SecurityGroup awsec2.SecurityGroup
	// Listener is where the services' rules go: HTTPS on 443 with a
	// certificate or domain, else HTTP on 80. Requests no rule matches get
	// a 404, unless a service took the default action.
	Listener elb.ApplicationListener
	// RedirectListener redirects HTTP on 80 to HTTPS, or is nil without HTTPS
	// or with HttpsOnly.
	RedirectListener elb.ApplicationListener
	// Certificate is the certificate issued for DomainName, or nil.
	Certificate awscertificatemanager.Certificate
	// AliasRecord points DomainName at the load balancer, or is nil.
	AliasRecord awsroute53.ARecord
	// AliasRecordIpv6 points DomainName at a dual-stack load balancer over
	// IPv6, or is nil.
	AliasRecordIpv6 awsroute53.AaaaRecord
	// AccessLogsBucket receives the access logs, or is nil.
	AccessLogsBucket awss3.IBucket
	// AccessLogsPrefix is the key prefix of the access logs, or "".
	AccessLogsPrefix string
	// AlarmTopic receives the alarm's state changes.
	AlarmTopic awssns.ITopic
	// WebAcl is the web ACL the load balancer made, or nil.
	WebAcl awswafv2.CfnWebACL
	// WafLogGroup receives WebAcl's logs, or is nil.
	WafLogGroup awslogs.LogGroup
	// EncryptionKey encrypts the WAF logs and the alarm topic, or is nil.
	EncryptionKey awskms.IKey
	// ServerErrorAlarm watches the share of 5xx answers the load balancer
	// generated itself; each service has its own alarm on its targets' 5xx.
	ServerErrorAlarm cw.Alarm

	https      bool
	domainName *string
	vpc        awsec2.IVpc
	maxRules   float64
	// routes are the services behind the listener, in the order they came.
	routes []route
}

// route is how requests reach one service behind the listener.
type route struct {
	service      string   // the service's construct path
	priority     float64  // 0 for the listener's default action
	denyPriority float64  // the priority of its rule that answers 403, or 0
	testPriority float64  // the priority of its test rule, or 0
	targetGroups int      // 2 for a service released by traffic shifting
	conditions   []string // "host:" and "path:" values, for messages
}

// Connections returns the load balancer's connections (none when its props
// had problems that left it unbuilt).
func (a *InternetFacingAlb) Connections() awsec2.Connections {
	if a.LoadBalancer == nil {
		return awsec2.NewConnections(nil)
	}
	return a.LoadBalancer.Connections()
}

// Url is the URL of path on the load balancer: HTTPS on DomainName, or
// HTTP(S) on the load balancer's DNS name.
func (a *InternetFacingAlb) Url(path string) *string {
	if a.LoadBalancer == nil {
		// Its props had problems, which Check and `cdk synth` report.
		return jsii.Sprintf("http://unbuilt-load-balancer%s", path)
	}
	scheme, host := "http", a.LoadBalancer.LoadBalancerDnsName()
	if a.https {
		scheme = "https"
	}
	if a.domainName != nil {
		host = a.domainName
	}
	return jsii.Sprintf("%s://%s%s", scheme, *host, path)
}

// NewInternetFacingAlb builds the load balancer. Problems of the props are
// reported by Check, and by `cdk synth`, as errors.
func NewInternetFacingAlb(scope constructs.Construct, id *string, props *InternetFacingAlbProps) *InternetFacingAlb {
	p := InternetFacingAlbProps{}
	if props != nil {
		p = *props
	}
	a := &InternetFacingAlb{}
	constructs.NewConstruct_Override(a, scope, id)
	if errs := p.problems(); len(errs) > 0 {
		report(a, "InternetFacingAlbProps", errs)
		// With the invalid props at their defaults; without a VPC,
		// nothing is built, and no service joins it.
		if p = withoutFields(p, errs); len(p.problems()) > 0 {
			return a
		}
	}
	a.build(p.withDefaults(*id), nil)
	return a
}

// build creates the load balancer's resources from defaulted props. With
// defaultTarget, the listener forwards what no rule matches to it; else it
// answers 404.
func (a *InternetFacingAlb) build(p InternetFacingAlbProps, defaultTarget elb.IApplicationTargetGroup) {
	a.vpc, a.domainName, a.maxRules = p.Vpc, p.DomainName, *p.MaxRules
	a.https = p.CertificateArn != nil || p.DomainName != nil
	a.EncryptionKey = p.EncryptionKey
	if a.EncryptionKey == nil && *p.Hardened {
		a.EncryptionKey = newEncryptionKey(a)
	}
	letUseKey(a.EncryptionKey)
	a.SecurityGroup = awsec2.NewSecurityGroup(a, jsii.String("LoadBalancerSecurityGroup"), &awsec2.SecurityGroupProps{
		Vpc:         p.Vpc,
		Description: jsii.String("Load balancer: HTTP and HTTPS from the allowed ranges, egress only to the task host ports"),
		// Egress rules are added per target: only the dynamic host ports of
		// the instances.
		AllowAllOutbound: jsii.Bool(false),
	})
	a.LoadBalancer = elb.NewApplicationLoadBalancer(a, jsii.String("LoadBalancer"), &elb.ApplicationLoadBalancerProps{
		Vpc:                     p.Vpc,
		InternetFacing:          jsii.Bool(true),
		VpcSubnets:              &awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PUBLIC},
		SecurityGroup:           a.SecurityGroup,
		DropInvalidHeaderFields: jsii.Bool(true),
		DeletionProtection:      p.DeletionProtection,
		IpAddressType:           p.IpAddressType,
	})
	if *p.AccessLogs {
		a.logAccess(p.AccessLogsBucket, *p.AccessLogsPrefix, *p.Hardened)
	}
	if *p.Waf || p.WebAclArn != nil {
		a.protectWithWaf(p.WebAclArn, *p.WafRateLimit, a.EncryptionKey)
	}

	defaultAction := elb.ListenerAction_FixedResponse(jsii.Number(404), &elb.FixedResponseOptions{
		ContentType: jsii.String("text/plain"), MessageBody: jsii.String("not found"),
	})
	var defaultTargets *[]elb.IApplicationTargetGroup
	if defaultTarget != nil {
		defaultAction, defaultTargets = nil, &[]elb.IApplicationTargetGroup{defaultTarget}
	}
	ports := []float64{80}
	if *p.HttpsOnly {
		ports = nil
	}
	if a.https {
		ports = append(ports, 443)
		a.Listener = a.LoadBalancer.AddListener(jsii.String("Https"), &elb.BaseApplicationListenerProps{
			Port:                jsii.Number(443),
			Protocol:            elb.ApplicationProtocol_HTTPS,
			Open:                jsii.Bool(false),
			SslPolicy:           p.SslPolicy,
			Certificates:        &[]elb.IListenerCertificate{elb.ListenerCertificate_FromArn(a.certificateArn(&p))},
			DefaultAction:       defaultAction,
			DefaultTargetGroups: defaultTargets,
		})
		if !*p.HttpsOnly {
			a.RedirectListener = a.LoadBalancer.AddListener(jsii.String("Http"), &elb.BaseApplicationListenerProps{
				Port:     jsii.Number(80),
				Protocol: elb.ApplicationProtocol_HTTP,
				Open:     jsii.Bool(false),
				DefaultAction: elb.ListenerAction_Redirect(&elb.RedirectOptions{
					Protocol:  jsii.String("HTTPS"),
					Port:      jsii.String("443"),
					Permanent: jsii.Bool(true),
				}),
			})
			// No certificate serves a plain listener, whose one action sends
			// the client to HTTPS.
			suppressCompliance(a.RedirectListener, "ELBv2ACMCertificateRequired", "the HTTP listener only redirects to the HTTPS listener, which has the certificate; HttpsOnly drops it")
		}
	} else {
		a.Listener = a.LoadBalancer.AddListener(jsii.String("Http"), &elb.BaseApplicationListenerProps{
			Port:                jsii.Number(80),
			Protocol:            elb.ApplicationProtocol_HTTP,
			Open:                jsii.Bool(false),
			DefaultAction:       defaultAction,
			DefaultTargetGroups: defaultTargets,
		})
	}
	a.setResponseHeaders(p)
	for _, cidr := range *p.AllowedCidrs {
		for _, port := range ports {
			a.SecurityGroup.AddIngressRule(awsec2.Peer_Ipv4(cidr), awsec2.Port_Tcp(jsii.Number(port)), jsii.Sprintf("Clients from %s", *cidr), jsii.Bool(false))
		}
	}
	anywhere := len(*p.AllowedCidrs) == 1 && *(*p.AllowedCidrs)[0] == "0.0.0.0/0"
	if anywhere && p.IpAddressType == elb.IpAddressType_DUAL_STACK {
		for _, port := range ports {
			a.SecurityGroup.AddIngressRule(awsec2.Peer_AnyIpv6(), awsec2.Port_Tcp(jsii.Number(port)), jsii.String("Clients from ::/0"), jsii.Bool(false))
		}
	}
	if anywhere {
		suppress(a.SecurityGroup, "AwsSolutions-EC23", "an internet-facing web service: the load balancer accepts HTTP and HTTPS from anywhere and nothing else; AllowedCidrs narrows it")
	}

	if p.DomainName != nil {
		a.AliasRecord = awsroute53.NewARecord(a, jsii.String("AliasRecord"), &awsroute53.ARecordProps{
			Zone:       p.HostedZone,
			RecordName: p.DomainName,
			Target:     awsroute53.RecordTarget_FromAlias(awsroute53targets.NewLoadBalancerTarget(a.LoadBalancer, nil)),
		})
		if p.IpAddressType == elb.IpAddressType_DUAL_STACK {
			a.AliasRecordIpv6 = awsroute53.NewAaaaRecord(a, jsii.String("AliasRecordIpv6"), &awsroute53.AaaaRecordProps{
				Zone:       p.HostedZone,
				RecordName: p.DomainName,
				Target:     awsroute53.RecordTarget_FromAlias(awsroute53targets.NewLoadBalancerTarget(a.LoadBalancer, nil)),
			})
		}
	}
	a.AlarmTopic = p.AlarmTopic
	if a.AlarmTopic == nil {
		a.AlarmTopic = newAlarmTopic(a, a.EncryptionKey)
	} else {
		letAlarmsPublish(a.AlarmTopic)
	}
	a.newServerErrorAlarm(*p.Alarm5xxPercent)
}

// setResponseHeaders makes every listener leave out the load balancer's
// Server header, which names the software to an attacker, and the HTTPS
// listener add Strict-Transport-Security (ELB guide, "HTTP header
// modification": listener attributes, off unless set).
func (a *InternetFacingAlb) setResponseHeaders(p InternetFacingAlbProps) {
	for _, listener := range []elb.ApplicationListener{a.Listener, a.RedirectListener} {
		if listener != nil {
			listener.SetAttribute(jsii.String("routing.http.response.server.enabled"), jsii.String("false"))
		}
	}
	if a.https && *p.StrictTransportSecurity != "" {
		a.Listener.SetAttribute(jsii.String("routing.http.response.strict_transport_security.header_value"), p.StrictTransportSecurity)
	}
}

// certificateArn is the given certificate, or a new one for the domain,
// validated through DNS records in the hosted zone.
func (a *InternetFacingAlb) certificateArn(p *InternetFacingAlbProps) *string {
	if p.CertificateArn != nil {
		return p.CertificateArn
	}
	a.Certificate = awscertificatemanager.NewCertificate(a, jsii.String("Certificate"), &awscertificatemanager.CertificateProps{
		DomainName: p.DomainName,
		Validation: awscertificatemanager.CertificateValidation_FromDns(p.HostedZone),
	})
	return a.Certificate.CertificateArn()
}

// newServerErrorAlarm watches the 5xx the load balancer answers itself. Its
// RequestCount leaves out the requests it rejected before choosing a target
// (a 503 when no target is healthy), so they are added back.
func (a *InternetFacingAlb) newServerErrorAlarm(percent float64) {
	m := a.LoadBalancer.Metrics()
	sum := &cw.MetricOptions{Statistic: jsii.String("Sum"), Period: minute()}
	a.ServerErrorAlarm = newAlarm(a, "LoadBalancerErrorAlarm", a.AlarmTopic, alarmSpec{
		description: fmt.Sprintf("More than %v%% of the requests got a 5xx from the load balancer itself (no healthy target, a target that "+
			"reset the connection or timed out) in 3 of the last 5 minutes", percent),
		metric: cw.NewMathExpression(&cw.MathExpressionProps{
			Label:      jsii.String("load balancer 5xx % of requests"),
			Expression: jsii.String("IF(FILL(requests, 0) + FILL(elb5xx, 0) > 0, 100 * FILL(elb5xx, 0) / (FILL(requests, 0) + FILL(elb5xx, 0)), 0)"),
			UsingMetrics: &map[string]cw.IMetric{
				"requests": m.RequestCount(sum), "elb5xx": m.HttpCodeElb(elb.HttpCodeElb_ELB_5XX_COUNT, sum),
			},
			Period: minute(),
		}),
		threshold: percent, periods: 5, datapoints: 3,
	})
}

// routeSpec is what a service asks of the listener.
type routeSpec struct {
	// target takes the requests; with alternate, ECS moves them between the
	// two during a release, through a rule of the service's own.
	target, alternate elb.IApplicationTargetGroup
	priority          *float64
	hostHeaders       []*string
	pathPatterns      []*string
	// sources limit the rule to these ranges; a rule at the next priority
	// answers the others with a 403.
	sources []*string
	// testHeader sends the requests that carry it to alternate, through a
	// rule at the priority before.
	testHeader *string
}

// catchAllPriority is the priority of the /* rule through which a service
// that made its load balancer takes what no other rule matches when ECS
// must own its rule: the last one, so that any service that joins later
// comes first.
const catchAllPriority = 50000

// addRoute sends requests to spec's target: as the listener's default
// action when it names no host or path (only for the service that made the
// load balancer), else through a rule of scope with the priority. A
// service released by ECS's traffic shifting always gets a rule, whose
// forward action names both target groups (ECS names "a listener rule
// ARN for productionListenerRule ... not a listener ARN" for an ALB, ECS
// guide, "Troubleshooting blue/green deployments"). With sources, the rule
// admits requests from those ranges only, and a rule at the next priority
// answers the others with a 403, so that they do not reach the rules after
// it. The props were validated against the routes already taken.
func (a *InternetFacingAlb) addRoute(scope constructs.Construct, spec routeSpec) (forward, deny, test elb.ApplicationListenerRule) {
	r := route{service: *scope.Node().Path(), targetGroups: 1}
	if spec.alternate != nil {
		r.targetGroups = 2
	}
	r.conditions = routeConditions(spec.hostHeaders, spec.pathPatterns)
	priority := spec.priority
	if len(r.conditions) == 0 {
		if spec.alternate == nil {
			a.routes = append(a.routes, r)
			return nil, nil, nil
		}
		spec.pathPatterns, priority = []*string{jsii.String("/*")}, jsii.Number(catchAllPriority)
		r.conditions = routeConditions(nil, spec.pathPatterns)
	}
	r.priority = *priority
	var conditions []elb.ListenerCondition
	if len(spec.hostHeaders) > 0 {
		conditions = append(conditions, elb.ListenerCondition_HostHeaders(&spec.hostHeaders))
	}
	if len(spec.pathPatterns) > 0 {
		conditions = append(conditions, elb.ListenerCondition_PathPatterns(&spec.pathPatterns))
	}
	if len(spec.sources) > 0 {
		r.denyPriority = *priority + 1
		deny = elb.NewApplicationListenerRule(scope, jsii.String("DenyRule"), &elb.ApplicationListenerRuleProps{
			Listener:   a.Listener,
			Priority:   &r.denyPriority,
			Conditions: &conditions,
			Action: elb.ListenerAction_FixedResponse(jsii.Number(403), &elb.FixedResponseOptions{
				ContentType: jsii.String("text/plain"), MessageBody: jsii.String("forbidden"),
			}),
		})
		conditions = append(slices.Clone(conditions), elb.ListenerCondition_SourceIps(&spec.sources))
	}
	props := &elb.ApplicationListenerRuleProps{Listener: a.Listener, Priority: priority, Conditions: &conditions}
	if spec.alternate == nil {
		props.TargetGroups = &[]elb.IApplicationTargetGroup{spec.target}
	} else {
		// One forward action and nothing else: ECS moves the weights, and
		// fails a release on a rule that also authenticates or redirects
		// ("Application Load Balancer resources for blue/green, linear, and
		// canary deployments", ECS guide). The listener's other rules (a
		// 404 default, a 403 for other sources, an HTTP listener that
		// redirects) are rules of their own, as in AWS's sample
		// (aws-samples/sample-amazon-ecs-blue-green-deployment-patterns:
		// a fixed-response default and a weighted forward rule).
		props.Action = weightedForward(spec.target, spec.alternate)
		if spec.testHeader != nil {
			r.testPriority = *priority - 1
			testConditions := append(slices.Clone(conditions), elb.ListenerCondition_HttpHeader(spec.testHeader, jsii.Strings("*")))
			test = elb.NewApplicationListenerRule(scope, jsii.String("TestRule"), &elb.ApplicationListenerRuleProps{
				Listener: a.Listener, Priority: &r.testPriority, Conditions: &testConditions,
				Action: weightedForward(spec.alternate, spec.target),
			})
		}
	}
	a.routes = append(a.routes, r)
	forward = elb.NewApplicationListenerRule(scope, jsii.String("ListenerRule"), props)
	return forward, deny, test
}

// weightedForward sends every request to to, none to other, in one forward
// action that names both, the form ECS rewrites at each release.
func weightedForward(to, other elb.IApplicationTargetGroup) elb.ListenerAction {
	return elb.ListenerAction_WeightedForward(&[]*elb.WeightedTargetGroup{
		{TargetGroup: to, Weight: jsii.Number(100)},
		{TargetGroup: other, Weight: jsii.Number(0)},
	}, nil)
}

// routeConditions lists a rule's condition values as messages show them.
func routeConditions(hostHeaders, pathPatterns []*string) []string {
	var list []string
	for _, h := range hostHeaders {
		list = append(list, "host "+*h)
	}
	for _, p := range pathPatterns {
		list = append(list, "path "+*p)
	}
	return list
}

// withDefaults fills the unset props; p is a copy. id is the construct's.
func (p InternetFacingAlbProps) withDefaults(id string) InternetFacingAlbProps {
	if p.AllowedCidrs == nil {
		p.AllowedCidrs = jsii.Strings("0.0.0.0/0")
	}
	if p.SslPolicy == "" {
		p.SslPolicy = DefaultSslPolicy
	}
	p.AccessLogs = orBool(p.AccessLogs, true)
	if p.AccessLogsPrefix == nil {
		p.AccessLogsPrefix = jsii.String(nameOf(id))
	}
	p.Hardened = orBool(p.Hardened, false)
	p.DeletionProtection = orBool(p.DeletionProtection, *p.Hardened)
	p.Waf = orBool(p.Waf, *p.Hardened && p.WebAclArn == nil)
	p.WafRateLimit = orNumber(p.WafRateLimit, DefaultWafRateLimit)
	p.HttpsOnly = orBool(p.HttpsOnly, *p.Hardened)
	p.Alarm5xxPercent = orNumber(p.Alarm5xxPercent, DefaultAlarm5xxPercent)
	p.MaxRules = orNumber(p.MaxRules, DefaultMaxRules)
	if p.StrictTransportSecurity == nil {
		p.StrictTransportSecurity = jsii.String(DefaultStrictTransportSecurity)
	}
	return p
}

// nameOf turns a construct id into a name for logs and containers: lower
// case, with every run of characters other than letters and digits a "-".
func nameOf(id string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(id) {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "default"
	}
	return b.String()
}
