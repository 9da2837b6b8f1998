package stack

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

// guardExcluded are the AWS Control Tower controls the default template
// fails on purpose, each with the reason.
var guardExcluded = map[string]string{
	"CT.ECS.PR.4": "bridge network mode instead of awsvpc: dynamic host ports let many small tasks share one instance " +
		"(awsvpc gives each task an ENI, and a t3.micro has 2, one for the instance), and the security group rule " +
		"still admits only the load balancer",
	"CT.ELASTICLOADBALANCING.PR.1": "HTTP is not redirected when no certificate or domain is given, since there is no HTTPS " +
		"to redirect to; with CertificateArn or DomainName it is, and the HTTPS test requires this control to pass",
	"CT.ELASTICLOADBALANCING.PR.5": "deletion protection is off by default so that `cdk destroy` works; DeletionProtection turns it on",
	"CT.CLOUDWATCH.PR.3": "log groups are encrypted at rest by CloudWatch Logs; a customer managed KMS key costs a monthly fee " +
		"and a key policy, so it is a prop (LogEncryptionKey) rather than the default",
	"CT.EC2.PR.10": "detailed monitoring costs about 2 USD per instance a month and nothing here reads it: scaling follows " +
		"ECS's capacity metric and the load balancer's request count; DetailedMonitoring turns it on",
	"CT.AUTOSCALING.PR.6": "one instance type per Auto Scaling group: the capacity provider sizes instances for the tasks, " +
		"and the synth-time check that a task fits needs to know the type",
	"CT.LAMBDA.PR.3": "the only Lambda function is CDK's custom resource that removes the rules of the VPC's default " +
		"security group at deploy time; it calls the EC2 API only and needs no VPC",
	"CT.S3.PR.2":  "the access log bucket itself: logging its own access would only log the log delivery",
	"CT.S3.PR.4":  "nothing consumes new access log objects; notifications would have no target",
	"CT.S3.PR.9":  "object lock would keep log objects past their one-year lifecycle; bring a locked bucket with AccessLogsBucket",
	"CT.S3.PR.10": "ALB access log delivery supports SSE-S3 only, not KMS keys",
}

// failedControls are the controls cfn-guard finds failed, with resources.
func failedControls(t *testing.T, s *synthesized) map[string][]string {
	t.Helper()
	failed := map[string][]string{}
	for _, f := range cdktest.CfnGuard(t, s.file) {
		failed[f.Control] = append(failed[f.Control], f.Resources...)
	}
	return failed
}

// cfn-guard with the AWS Control Tower proactive controls: nothing fails but
// the controls excluded above, and each exclusion is still needed.
func TestTemplatePassesControlTowerRulesButTheExcluded(t *testing.T) {
	failed := failedControls(t, defaultStack(t))
	for control, resources := range failed {
		if _, excluded := guardExcluded[control]; !excluded {
			t.Errorf("cfn-guard: %s fails on %v", control, resources)
		}
	}
	for control := range guardExcluded {
		if _, fails := failed[control]; !fails {
			t.Errorf("cfn-guard: %s passes now; remove it from guardExcluded", control)
		}
	}
}

func TestHttpsTemplateRedirectsAndPassesControlTowerRules(t *testing.T) {
	failed := failedControls(t, httpsStack(t))
	for control, resources := range failed {
		if _, excluded := guardExcluded[control]; !excluded || control == "CT.ELASTICLOADBALANCING.PR.1" {
			t.Errorf("cfn-guard: %s fails on %v", control, resources)
		}
	}
}

// cdk-nag's AwsSolutions pack runs on every synthesized stack (see synth) and
// fails it on an unsuppressed error; here neither it nor CDK leaves a
// warning either.
func TestStacksSynthesizeWithoutWarningsOrNagFindings(t *testing.T) {
	for name, s := range map[string]*synthesized{"default": defaultStack(t), "https": httpsStack(t)} {
		for _, m := range cdktest.Messages(t, s.assembly, "HostNameService") {
			t.Errorf("%s: %s", name, m)
		}
	}
}

// Every cdk-nag suppression names its rule and gives a reason a reviewer can
// check.
func TestNagSuppressionsGiveReasons(t *testing.T) {
	count := 0
	for id, r := range defaultStack(t).resources() {
		metadata, _ := r["Metadata"].(map[string]any)
		nag, _ := metadata["cdk_nag"].(map[string]any)
		rules, _ := nag["rules_to_suppress"].([]any)
		for _, rule := range rules {
			entry := rule.(map[string]any)
			count++
			if reason := fmt.Sprint(entry["reason"]); len(reason) < 40 || !strings.HasPrefix(fmt.Sprint(entry["id"]), "AwsSolutions-") && entry["id"] != "CdkNagValidationFailure" {
				t.Errorf("%s: suppression %v lacks a rule or a real reason", id, entry)
			}
		}
	}
	if count == 0 {
		t.Error("found no suppressions: the nag pack cannot have passed without them")
	}
}

// Instances: IMDSv2 only with a hop limit of 1 (bridge-mode containers
// cannot reach the instance role), no public IPs anywhere, no SSH key.
func TestInstancesAreUnreachableAndKeepTheirRoleFromContainers(t *testing.T) {
	st := defaultStack(t)
	hasProps(t, st, "AWS::EC2::LaunchTemplate", obj{"LaunchTemplateData": like(obj{
		"MetadataOptions":   obj{"HttpTokens": "required", "HttpPutResponseHopLimit": 1},
		"KeyName":           assertions.Match_Absent(),
		"NetworkInterfaces": assertions.Match_Absent(),
	})})
	for id, subnet := range cdktest.Resources(st.json, "AWS::EC2::Subnet") {
		if props(subnet)["MapPublicIpOnLaunch"] != false {
			t.Errorf("subnet %s assigns public IPs", id)
		}
	}
}

func TestVpcFlowLogsAreKeptAYear(t *testing.T) {
	st := defaultStack(t)
	vpc, _ := st.onlyWithID(t, "AWS::EC2::VPC")
	_, flowLog := st.onlyWithID(t, "AWS::EC2::FlowLog")
	p := props(flowLog)
	if ref(p["ResourceId"]) != vpc || p["ResourceType"] != "VPC" || p["TrafficType"] != "ALL" || p["LogDestinationType"] != "cloud-watch-logs" {
		t.Errorf("flow log: want all traffic of the VPC to CloudWatch Logs, got %v", p)
	}
	group := cdktest.Resources(st.json, "AWS::Logs::LogGroup")[ref(p["LogGroupName"])]
	if props(group)["RetentionInDays"] != 365.0 || group["DeletionPolicy"] != "Retain" {
		t.Errorf("flow log group: want 365 days, kept after the stack; got %v", group)
	}
}

func TestAccessLogsGoToAPrivateEncryptedTlsOnlyBucket(t *testing.T) {
	st := defaultStack(t)
	bucket, bucketResource := st.onlyWithID(t, "AWS::S3::Bucket")
	for _, attribute := range []obj{
		{"Key": "access_logs.s3.enabled", "Value": "true"},
		{"Key": "access_logs.s3.bucket", "Value": obj{"Ref": bucket}},
		{"Key": "access_logs.s3.prefix", "Value": "alb"},
	} {
		hasProps(t, st, "AWS::ElasticLoadBalancingV2::LoadBalancer", obj{"LoadBalancerAttributes": arrayWith(attribute)})
	}
	hasProps(t, st, "AWS::S3::Bucket", obj{
		"PublicAccessBlockConfiguration": obj{"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true},
		"BucketEncryption":               obj{"ServerSideEncryptionConfiguration": []any{obj{"ServerSideEncryptionByDefault": obj{"SSEAlgorithm": "AES256"}}}},
		"OwnershipControls":              obj{"Rules": []any{obj{"ObjectOwnership": "BucketOwnerEnforced"}}},
		"LifecycleConfiguration":         obj{"Rules": []any{like(obj{"ExpirationInDays": 365, "Status": "Enabled"})}},
	})
	if bucketResource["DeletionPolicy"] != "Retain" {
		t.Errorf("access log bucket: want it kept after the stack, got %v", bucketResource["DeletionPolicy"])
	}
	hasProps(t, st, "AWS::S3::BucketPolicy", obj{
		"Bucket": obj{"Ref": bucket},
		"PolicyDocument": like(obj{"Statement": arrayWith(
			like(obj{"Effect": "Deny", "Action": "s3:*", "Condition": obj{"Bool": obj{"aws:SecureTransport": "false"}}}),
			like(obj{"Effect": "Allow", "Action": "s3:PutObject", "Principal": obj{"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}}),
		)}),
	})
	policy, _ := st.onlyWithID(t, "AWS::S3::BucketPolicy")
	if _, lb := st.onlyWithID(t, "AWS::ElasticLoadBalancingV2::LoadBalancer"); !slices.Contains(cdktest.DependsOn(lb), policy) {
		t.Errorf("load balancer must wait for the bucket policy, DependsOn %v", cdktest.DependsOn(lb))
	}
}

func TestContainerRunsAsNonRootOnAReadOnlyFilesystem(t *testing.T) {
	hasProps(t, defaultStack(t), "AWS::ECS::TaskDefinition", obj{"ContainerDefinitions": []any{like(obj{
		"User":                   "65532:65532",
		"ReadonlyRootFilesystem": true,
		"Privileged":             false,
	})}})
}

// The task role has no permissions (the app calls no AWS API); the
// execution role may pull the image from its repository and write the logs.
func TestTaskRolesHaveOnlyWhatTheyNeed(t *testing.T) {
	st := defaultStack(t)
	taskDefinition := props(st.only(t, "AWS::ECS::TaskDefinition"))
	taskRole, executionRole := ref(taskDefinition["TaskRoleArn"]), ref(taskDefinition["ExecutionRoleArn"])
	policies := map[string][]any{}
	for _, policy := range cdktest.Resources(st.json, "AWS::IAM::Policy") {
		for _, role := range props(policy)["Roles"].([]any) {
			policies[ref(role)] = append(policies[ref(role)], props(policy)["PolicyDocument"].(map[string]any)["Statement"].([]any)...)
		}
	}
	if len(policies[taskRole]) != 0 {
		t.Errorf("task role: want no permissions, got %v", policies[taskRole])
	}
	if managed := props(cdktest.Resources(st.json, "AWS::IAM::Role")[taskRole])["ManagedPolicyArns"]; managed != nil {
		t.Errorf("task role: want no managed policies, got %v", managed)
	}
	var actions []string
	for _, statement := range policies[executionRole] {
		s := statement.(map[string]any)
		actions = append(actions, cdktest.Strings(s["Action"])...)
		if s["Resource"] == "*" && fmt.Sprint(s["Action"]) != "ecr:GetAuthorizationToken" {
			t.Errorf("execution role: %v on every resource", s["Action"])
		}
	}
	slices.Sort(actions)
	want := []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetAuthorizationToken", "ecr:GetDownloadUrlForLayer", "logs:CreateLogStream", "logs:PutLogEvents"}
	if !slices.Equal(actions, want) {
		t.Errorf("execution role actions: want %v, got %v", want, actions)
	}
}

// A domain in a hosted zone gets a DNS-validated certificate, an HTTPS
// listener with a current TLS policy, HTTP redirected to HTTPS and an alias.
func TestDomainGetsCertificateHttpsRedirectAndAlias(t *testing.T) {
	st := httpsStack(t)
	cdktest.Check(t, func() {
		st.template.HasResourceProperties(jsii.String("AWS::CertificateManager::Certificate"), obj{
			"DomainName":              "hostname.example.com",
			"ValidationMethod":        "DNS",
			"DomainValidationOptions": []any{obj{"DomainName": "hostname.example.com", "HostedZoneId": "Z0123456789ABCDEFGHIJ"}},
		})
	})
	certificate, _ := st.onlyWithID(t, "AWS::CertificateManager::Certificate")
	targetGroup, _ := st.onlyWithID(t, "AWS::ElasticLoadBalancingV2::TargetGroup")
	hasProps(t, st, "AWS::ElasticLoadBalancingV2::Listener", obj{
		"Port":           443,
		"Protocol":       "HTTPS",
		"SslPolicy":      "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
		"Certificates":   []any{obj{"CertificateArn": obj{"Ref": certificate}}},
		"DefaultActions": []any{obj{"Type": "forward", "TargetGroupArn": obj{"Ref": targetGroup}}},
	})
	hasProps(t, st, "AWS::ElasticLoadBalancingV2::Listener", obj{
		"Port":     80,
		"Protocol": "HTTP",
		"DefaultActions": []any{obj{"Type": "redirect", "RedirectConfig": obj{
			"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301",
		}}},
	})
	hasProps(t, st, "AWS::Route53::RecordSet", obj{
		"Name":         "hostname.example.com.",
		"Type":         "A",
		"HostedZoneId": "Z0123456789ABCDEFGHIJ",
		"AliasTarget":  like(obj{"DNSName": assertions.Match_AnyValue()}),
	})
	albGroup := ref(props(st.only(t, "AWS::ElasticLoadBalancingV2::LoadBalancer"))["SecurityGroups"].([]any)[0])
	var ports []float64
	for _, rule := range props(cdktest.Resources(st.json, "AWS::EC2::SecurityGroup")[albGroup])["SecurityGroupIngress"].([]any) {
		ports = append(ports, rule.(map[string]any)["FromPort"].(float64))
	}
	slices.Sort(ports)
	if !slices.Equal(ports, []float64{80, 443}) {
		t.Errorf("load balancer group: want 80 (to redirect) and 443 open, got %v", ports)
	}
	if url := fmt.Sprint(st.json["Outputs"].(map[string]any)["HostNameUrl"]); !strings.Contains(url, "https://hostname.example.com/host-name") {
		t.Errorf("HostNameUrl: want the domain over HTTPS, got %s", url)
	}
}

// resources are the template's resources by logical ID.
func (s *synthesized) resources() map[string]map[string]any {
	all := map[string]map[string]any{}
	for id, r := range s.json["Resources"].(map[string]any) {
		all[id] = r.(map[string]any)
	}
	return all
}
