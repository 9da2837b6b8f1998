package stack

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

// The hardened profile puts a web ACL in front of the load balancer: AWS's
// managed rule groups for bad addresses, common exploits and known bad
// inputs, then a rate limit per client address that blocks; its logs go to
// a log group named as AWS WAF requires, without the credentials in the
// Authorization and Cookie headers.
func TestHardenedLoadBalancerHasAWebAclThatLogs(t *testing.T) {
	st := hardenedStack(t)
	aclID, acl := st.OnlyWithID(t, "AWS::WAFv2::WebACL")
	p := props(acl)
	if p["Scope"] != "REGIONAL" || fmt.Sprint(p["DefaultAction"]) != "map[Allow:map[]]" {
		t.Errorf("web ACL: want a regional one that allows by default, got %v", p)
	}
	var rules []string
	for _, rule := range p["Rules"].([]any) {
		rule := rule.(map[string]any)
		statement := rule["Statement"].(map[string]any)
		switch {
		case statement["ManagedRuleGroupStatement"] != nil:
			group := statement["ManagedRuleGroupStatement"].(map[string]any)
			rules = append(rules, fmt.Sprintf("%v:%v/%v", rule["Priority"], group["VendorName"], group["Name"]))
		case statement["RateBasedStatement"] != nil:
			rate := statement["RateBasedStatement"].(map[string]any)
			rules = append(rules, fmt.Sprintf("%v:rate %v per %vs per %v, %v", rule["Priority"], rate["Limit"], rate["EvaluationWindowSec"], rate["AggregateKeyType"], rule["Action"]))
		}
	}
	want := []string{"0:AWS/AWSManagedRulesAmazonIpReputationList", "1:AWS/AWSManagedRulesCommonRuleSet", "2:AWS/AWSManagedRulesKnownBadInputsRuleSet",
		"3:rate 2000 per 300s per IP, map[Block:map[]]"}
	if !slices.Equal(rules, want) {
		t.Errorf("web ACL rules:\n got %v\nwant %v", rules, want)
	}
	loadBalancer, _ := st.OnlyWithID(t, "AWS::ElasticLoadBalancingV2::LoadBalancer")
	association := props(st.Only(t, "AWS::WAFv2::WebACLAssociation"))
	if ref(association["ResourceArn"]) != loadBalancer || ref(association["WebACLArn"]) != aclID {
		t.Errorf("association: want %s on %s, got %v", aclID, loadBalancer, association)
	}
	logging := props(st.Only(t, "AWS::WAFv2::LoggingConfiguration"))
	groupID, group := st.OnlyWhere(t, "AWS::Logs::LogGroup", func(p map[string]any) bool {
		return strings.HasPrefix(fmt.Sprint(p["LogGroupName"]), "aws-waf-logs-")
	})
	destination := fmt.Sprint(logging["LogDestinationConfigs"])
	if ref(logging["ResourceArn"]) != aclID || !strings.Contains(destination, groupID) || strings.Contains(destination, ":*") {
		t.Errorf("logging: want the ACL's logs to %s, named by an ARN without :*, got %v", groupID, logging)
	}
	if got := fmt.Sprint(logging["RedactedFields"]); got != "[map[SingleHeader:map[Name:authorization]] map[SingleHeader:map[Name:cookie]]]" {
		t.Errorf("logging: want the Authorization and Cookie headers redacted, got %s", got)
	}
	if props(group)["RetentionInDays"] != 365.0 {
		t.Errorf("WAF logs: want a year, got %v", props(group)["RetentionInDays"])
	}
}

// HTTPS only: one listener, on 443 with the certificate, and nothing on 80,
// not even a redirect; the load balancer's group admits 443 only; deletion
// protection on.
func TestHardenedLoadBalancerServesHttpsOnlyAndResistsDeletion(t *testing.T) {
	st := hardenedStack(t)
	listener := props(st.Only(t, "AWS::ElasticLoadBalancingV2::Listener"))
	if listener["Port"] != 443.0 || listener["Protocol"] != "HTTPS" || listener["Certificates"] == nil {
		t.Errorf("want one HTTPS listener on 443 with a certificate, got %v", listener)
	}
	_, group := st.OnlyWhere(t, "AWS::EC2::SecurityGroup", func(p map[string]any) bool {
		return strings.Contains(fmt.Sprint(p["GroupDescription"]), "Load balancer")
	})
	if got := fmt.Sprint(props(group)["SecurityGroupIngress"]); strings.Contains(got, "FromPort:80 ") || !strings.Contains(got, "FromPort:443") {
		t.Errorf("load balancer group: want 443 only, got %s", got)
	}
	st.HasProps(t, "AWS::ElasticLoadBalancingV2::LoadBalancer", obj{"LoadBalancerAttributes": arrayWith(
		obj{"Key": "deletion_protection.enabled", "Value": "true"},
	)})
}

// One customer-managed key, rotated and kept after the stack, encrypts
// every log group and the alarm topic; its policy lets CloudWatch Logs use
// it for this account's log groups and CloudWatch alarms for this
// account's alarms, nothing else beyond the account's own IAM.
func TestHardenedStackEncryptsLogsAndAlarmsWithItsOwnKey(t *testing.T) {
	st := hardenedStack(t)
	keyID, key := st.OnlyWithID(t, "AWS::KMS::Key")
	if props(key)["EnableKeyRotation"] != true || key["DeletionPolicy"] != "Retain" {
		t.Errorf("key: want rotation and Retain, got %v, %v", props(key)["EnableKeyRotation"], key["DeletionPolicy"])
	}
	for id, group := range st.Of("AWS::Logs::LogGroup") {
		if ref(props(group)["KmsKeyId"]) != keyID {
			t.Errorf("log group %s (%s) is not encrypted with the key", id, cdktest.Path(group))
		}
	}
	for id, topic := range st.Of("AWS::SNS::Topic") {
		if ref(props(topic)["KmsMasterKeyId"]) != keyID {
			t.Errorf("topic %s is not encrypted with the key", id)
		}
	}
	statements := map[string]map[string]any{}
	for _, s := range props(key)["KeyPolicy"].(map[string]any)["Statement"].([]any) {
		s := s.(map[string]any)
		statements[fmt.Sprint(s["Sid"])] = s
	}
	logs := statements["CloudWatchLogsEncryptLogGroups"]
	if logs == nil || !strings.Contains(fmt.Sprint(logs["Principal"]), "logs.") ||
		!strings.Contains(fmt.Sprint(logs["Condition"]), "kms:EncryptionContext:aws:logs:arn") || !strings.Contains(fmt.Sprint(logs["Condition"]), ":log-group:*") {
		t.Errorf("key policy: want CloudWatch Logs on this account's log groups, got %v", logs)
	}
	alarms := statements["CloudWatchAlarmsPublishToEncryptedTopics"]
	if alarms == nil || fmt.Sprint(alarms["Principal"]) != "map[Service:cloudwatch.amazonaws.com]" ||
		!strings.Contains(fmt.Sprint(alarms["Condition"]), "aws:SourceAccount") || !strings.Contains(fmt.Sprint(alarms["Condition"]), ":alarm:*") {
		t.Errorf("key policy: want CloudWatch alarms of this account, got %v", alarms)
	}
	if len(statements) != 3 {
		t.Errorf("key policy: want the account's statement and the two above, got %v", statements)
	}
}

// The access log bucket logs its own access to a bucket of its own, which
// logs nothing further; both stay after the stack, private, TLS only.
func TestHardenedAccessLogBucketLogsItsOwnAccess(t *testing.T) {
	st := hardenedStack(t)
	logsID, logs := st.OnlyWhere(t, "AWS::S3::Bucket", func(p map[string]any) bool { return p["LoggingConfiguration"] != nil })
	target := ref(props(logs)["LoggingConfiguration"].(map[string]any)["DestinationBucketName"])
	buckets := st.Of("AWS::S3::Bucket")
	if len(buckets) != 2 || buckets[target] == nil || target == logsID {
		t.Fatalf("want the access log bucket %s to log to a second bucket, got %s among %d", logsID, target, len(buckets))
	}
	for id, bucket := range buckets {
		if bucket["DeletionPolicy"] != "Retain" || fmt.Sprint(props(bucket)["PublicAccessBlockConfiguration"]) == "<nil>" {
			t.Errorf("bucket %s: want it private and kept, got %v", id, bucket)
		}
	}
}

// The defaults stay as cheap as before: no key, no WAF, the HTTP listener.
func TestTheDefaultsLeaveTheHardenedProfileOff(t *testing.T) {
	for _, st := range []*cdktest.Synthesized{defaultStack(t), httpsStack(t)} {
		for _, resourceType := range []string{"AWS::KMS::Key", "AWS::WAFv2::WebACL", "AWS::WAFv2::WebACLAssociation"} {
			st.CountIs(t, resourceType, 0)
		}
	}
	httpsStack(t).CountIs(t, "AWS::ElasticLoadBalancingV2::Listener", 2)
}

// Dual-stack: the VPC has Amazon's IPv6 block in every subnet, which hands
// out no address on its own; the load balancer answers over IPv6 too, from
// ::/0 as from 0.0.0.0/0, with an AAAA alias beside the A one; the private
// subnets reach out over IPv6 through an egress-only gateway only.
func TestDualStackLoadBalancerAnswersOverIpv6(t *testing.T) {
	st := hardenedStack(t)
	st.HasProps(t, "AWS::EC2::VPCCidrBlock", obj{"AmazonProvidedIpv6CidrBlock": true})
	for id, subnet := range st.Of("AWS::EC2::Subnet") {
		if p := props(subnet); p["Ipv6CidrBlock"] == nil || p["AssignIpv6AddressOnCreation"] != false || p["MapPublicIpOnLaunch"] != false {
			t.Errorf("subnet %s: want an IPv6 block that assigns nothing, got %v", id, p)
		}
	}
	st.HasProps(t, "AWS::ElasticLoadBalancingV2::LoadBalancer", obj{"IpAddressType": "dualstack"})
	st.CountIs(t, "AWS::EC2::EgressOnlyInternetGateway", 1)
	_, group := st.OnlyWhere(t, "AWS::EC2::SecurityGroup", func(p map[string]any) bool {
		return strings.Contains(fmt.Sprint(p["GroupDescription"]), "Load balancer")
	})
	if got := fmt.Sprint(props(group)["SecurityGroupIngress"]); !strings.Contains(got, "CidrIpv6:::/0") || !strings.Contains(got, "CidrIp:0.0.0.0/0") {
		t.Errorf("load balancer group: want 443 from ::/0 and 0.0.0.0/0, got %s", got)
	}
	st.HasProps(t, "AWS::Route53::RecordSet", obj{"Type": "AAAA", "Name": "hostname.example.com."})
	st.HasProps(t, "AWS::Route53::RecordSet", obj{"Type": "A", "Name": "hostname.example.com."})
	defaultStack(t).CountIs(t, "AWS::EC2::VPCCidrBlock", 0)
}
