package ecsec2

import (
	"net"
	"regexp"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elb "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
)

// Validate reports every invalid prop, naming the field, the value and the
// fix; unresolved tokens are skipped.
func (p InternetFacingAlbProps) Validate() error {
	return p.problems().err("InternetFacingAlbProps")
}

// problems are Validate's problems.
func (p InternetFacingAlbProps) problems() problems {
	var errs problems
	if p.Vpc == nil {
		errs.addf("%s is required: the load balancer goes in its public subnets", field("Vpc"))
	} else {
		validatePublicSubnets(&errs, p.Vpc)
	}
	p.edgeProblems(&errs)
	errs.wholeAtLeast("MaxRules", p.MaxRules, 1)
	return errs
}

// validatePublicSubnets checks that an internet-facing load balancer has
// public subnets in two zones.
func validatePublicSubnets(errs *problems, vpc awsec2.IVpc) {
	if n := zonesOf(*vpc.PublicSubnets()); n < 2 {
		errs.addf("%s has public subnets in %d availability zones: an internet-facing load balancer needs two (awsec2.Vpc_FromVpcAttributes: PublicSubnetIds)", field("Vpc"), n)
	}
}

// edgeProblems checks who may connect, HTTPS, access logs and the alarm.
func (p InternetFacingAlbProps) edgeProblems(errs *problems) {
	validateCidrs(errs, p.AllowedCidrs)
	https := p.CertificateArn != nil || p.DomainName != nil
	if p.CertificateArn != nil && p.DomainName != nil {
		errs.addf("%s and %s are both set: pass CertificateArn for a certificate you manage, or DomainName with HostedZone for one issued here, not both",
			field("CertificateArn"), field("DomainName"))
	}
	if knownString(p.CertificateArn) && !certificateArn.MatchString(*p.CertificateArn) {
		errs.addf("%s (%q) is not an ACM certificate ARN: use one like arn:aws:acm:us-east-1:123456789012:certificate/<id>", field("CertificateArn"), *p.CertificateArn)
	}
	if p.DomainName != nil && p.HostedZone == nil {
		errs.addf("%s (%s) needs %s, the zone that holds its validation and alias records: pass it, or use %s", field("DomainName"), *p.DomainName, field("HostedZone"), field("CertificateArn"))
	}
	if p.HostedZone != nil && p.DomainName == nil {
		errs.addf("%s is set without %s: name the service's domain in the zone, or drop HostedZone", field("HostedZone"), field("DomainName"))
	}
	if knownString(p.DomainName) && p.HostedZone != nil && knownString(p.HostedZone.ZoneName()) {
		domain, zone := strings.TrimSuffix(*p.DomainName, "."), strings.TrimSuffix(*p.HostedZone.ZoneName(), ".")
		if domain != zone && !strings.HasSuffix(domain, "."+zone) {
			errs.addf("%s (%s) is not in %s %s: use a name under %s or the zone that holds it", field("DomainName"), domain, field("HostedZone"), zone, zone)
		}
	}
	if knownString(p.StrictTransportSecurity) && *p.StrictTransportSecurity != "" {
		if !https {
			errs.addf("%s (%q) applies to HTTPS, which is off (browsers ignore the header over HTTP): set CertificateArn or DomainName, or drop StrictTransportSecurity",
				field("StrictTransportSecurity"), *p.StrictTransportSecurity)
		} else if !hstsValue.MatchString(*p.StrictTransportSecurity) {
			errs.addf("%s (%q) is not a Strict-Transport-Security value: use one like %s; includeSubDomains", field("StrictTransportSecurity"), *p.StrictTransportSecurity, DefaultStrictTransportSecurity)
		}
	}
	if p.SslPolicy != "" && !https {
		errs.addf("%s (%s) applies to HTTPS, which is off: set CertificateArn or DomainName, or drop SslPolicy", field("SslPolicy"), p.SslPolicy)
	}
	if p.AccessLogsBucket != nil && p.AccessLogs != nil && !*p.AccessLogs {
		errs.addf("%s is set but %s is false: drop one of them", field("AccessLogsBucket"), field("AccessLogs"))
	}
	if knownString(p.AccessLogsPrefix) {
		// Elastic Load Balancing refuses a prefix with "AWSLogs", which it
		// adds itself, and one that starts or ends with a slash.
		if prefix := *p.AccessLogsPrefix; prefix == "" || strings.Contains(prefix, "AWSLogs") || strings.HasPrefix(prefix, "/") || strings.HasSuffix(prefix, "/") {
			errs.addf("%s (%q) must be non-empty, without AWSLogs and without a slash at either end: use one like web", field("AccessLogsPrefix"), prefix)
		}
	}
	validatePercent(errs, "Alarm5xxPercent", p.Alarm5xxPercent)
	p.hardeningProblems(errs, https)
	if p.IpAddressType != "" && p.IpAddressType != elb.IpAddressType_IPV4 && p.IpAddressType != elb.IpAddressType_DUAL_STACK {
		errs.addf("%s (%s) is not one this load balancer takes: use elb.IpAddressType_IPV4 or elb.IpAddressType_DUAL_STACK", field("IpAddressType"), p.IpAddressType)
	}
}

// hardeningProblems checks the hardened profile's props.
func (p InternetFacingAlbProps) hardeningProblems(errs *problems, https bool) {
	hardened := p.Hardened != nil && *p.Hardened
	switch {
	case https:
	case p.HttpsOnly != nil && *p.HttpsOnly:
		errs.addf("%s needs HTTPS: set %s, or %s with %s, or drop %s", field("HttpsOnly"), field("CertificateArn"), field("DomainName"), field("HostedZone"), field("HttpsOnly"))
	case hardened && (p.HttpsOnly == nil || *p.HttpsOnly):
		errs.addf("%s serves HTTPS only, which needs a certificate: set %s, or %s with %s", field("Hardened"), field("CertificateArn"), field("DomainName"), field("HostedZone"))
	}
	if p.WebAclArn != nil && p.Waf != nil && *p.Waf {
		errs.addf("%s and %s are both set: the load balancer takes one web ACL, the one it makes or yours; drop one", field("Waf"), field("WebAclArn"))
	}
	if knownString(p.WebAclArn) && !webAclArn.MatchString(*p.WebAclArn) {
		errs.addf("%s (%q) is not a regional web ACL's ARN: use one like arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/<name>/<id>", field("WebAclArn"), *p.WebAclArn)
	}
	// AWS WAF: "The lowest limit setting allowed is 10"; the highest,
	// CloudFormation's schema's.
	errs.wholeInRange("WafRateLimit", p.WafRateLimit, 10, 2000000000)
	if p.WafRateLimit != nil && (p.Waf == nil && !hardened || p.Waf != nil && !*p.Waf) {
		errs.addf("%s applies to the web ACL the load balancer makes, which is off: set %s (or %s), or drop %s", field("WafRateLimit"), field("Waf"), field("Hardened"), field("WafRateLimit"))
	}
}

var webAclArn = regexp.MustCompile(`^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional/webacl/[^/]+/[^/]+$`)

// validateCidrs checks AllowedCidrs: IPv4 ranges, each written as its
// network (a range with host bits set is most often a typo), and not none.
func validateCidrs(errs *problems, cidrs *[]*string) {
	if cidrs != nil && len(*cidrs) == 0 {
		errs.addf("%s is empty: nobody could reach it; leave it unset to allow the internet", field("AllowedCidrs"))
	}
	for _, cidr := range deref(cidrs) {
		if !knownString(cidr) {
			continue
		}
		ip, network, err := net.ParseCIDR(*cidr)
		switch {
		case err != nil || network.IP.To4() == nil:
			errs.addf("%s entry %q is not an IPv4 CIDR block: use one like 203.0.113.0/24", field("AllowedCidrs"), *cidr)
		case !ip.Equal(network.IP):
			errs.addf("%s entry %q has host bits set, so it names the range %s: write %q, or a /32 for the one address", field("AllowedCidrs"), *cidr, network, network.String())
		}
	}
}

// hstsValue is RFC 6797's header value: max-age, and optionally
// includeSubDomains and preload, separated by semicolons.
var hstsValue = regexp.MustCompile(`^max-age=\d+(\s*;\s*(includeSubDomains|preload))*$`)

var certificateArn = regexp.MustCompile(`^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate/[A-Za-z0-9-]+$`)
