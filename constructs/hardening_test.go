package ecsec2_test

import (
	"fmt"
	"strings"
	"testing"
)

// Used alone, a hardened cluster and a hardened service each make a key:
// the cluster's encrypts the flow logs and the custom resources' logs, the
// service's its container logs, its load balancer's WAF logs and alarm
// topic; each key lets CloudWatch Logs and CloudWatch alarms use it. The
// rate limit set wins over the profile's.
func TestHardenedConstructsMakeTheirOwnKeys(t *testing.T) {
	s := synthesized(t, hardenedPartsName)
	clusterKey, _ := byPath(t, s, "AWS::KMS::Key", "/Cluster/EncryptionKey/")
	serviceKey, _ := byPath(t, s, "AWS::KMS::Key", "/Web/EncryptionKey/")
	for id, group := range s.Of("AWS::Logs::LogGroup") {
		want := serviceKey
		if path := fmt.Sprint(group["Metadata"]); strings.Contains(path, "/Cluster/") || strings.Contains(path, "/CustomResourceLogs/") {
			want = clusterKey
		}
		if got := ref(prop(group)["KmsKeyId"]); got != want {
			t.Errorf("log group %s: want key %s, got %q", id, want, got)
		}
	}
	if got := ref(prop(s.Only(t, "AWS::SNS::Topic"))["KmsMasterKeyId"]); got != serviceKey {
		t.Errorf("alarm topic: want the service's key, got %q", got)
	}
	for _, id := range []string{clusterKey, serviceKey} {
		policy := fmt.Sprint(prop(s.Of("AWS::KMS::Key")[id])["KeyPolicy"])
		if !strings.Contains(policy, "CloudWatchLogsEncryptLogGroups") || !strings.Contains(policy, "CloudWatchAlarmsPublishToEncryptedTopics") {
			t.Errorf("key %s: want the statements for CloudWatch Logs and alarms, got %s", id, policy)
		}
	}
	acl := prop(s.Only(t, "AWS::WAFv2::WebACL"))
	if got := fmt.Sprint(acl["Rules"]); !strings.Contains(got, "Limit:500") {
		t.Errorf("web ACL: want the rate limit set, 500, got %s", got)
	}
	s.CountIs(t, "AWS::ElasticLoadBalancingV2::Listener", 1)
}
