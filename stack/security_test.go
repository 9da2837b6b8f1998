package stack

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

var (
	guardOnce sync.Once
	guarded   map[string]map[string][]string
)

// failedControls are the controls cfn-guard finds failed in a variant, with
// the resources that fail them. cfn-guard runs once, over every variant.
func failedControls(t *testing.T, s *cdktest.Synthesized) map[string][]string {
	t.Helper()
	guardOnce.Do(func() {
		var files []string
		for _, v := range allVariants(t) {
			files = append(files, v.File)
		}
		guarded = map[string]map[string][]string{}
		for file, failures := range cdktest.CfnGuard(t, files...) {
			guarded[file] = map[string][]string{}
			for _, f := range failures {
				guarded[file][f.Control] = append(guarded[file][f.Control], f.Resources...)
			}
		}
	})
	return guarded[s.File]
}

// cfn-guard with the AWS Control Tower proactive controls: nothing fails but
// the controls excluded above, and each exclusion is still needed.
func TestTemplatePassesControlTowerRulesButTheExcluded(t *testing.T) {
	failed := failedControls(t, defaultStack(t))
	for control, resources := range failed {
		if _, excluded := cdktest.GuardExclusions[control]; !excluded {
			t.Errorf("cfn-guard: %s fails on %v", control, resources)
		}
	}
	for control := range cdktest.GuardExclusions {
		if _, fails := failed[control]; !fails {
			t.Errorf("cfn-guard: %s passes now; remove it from cdktest.GuardExclusions", control)
		}
	}
}

func TestHttpsTemplateRedirectsAndPassesControlTowerRules(t *testing.T) {
	failed := failedControls(t, httpsStack(t))
	for control, resources := range failed {
		if _, excluded := cdktest.GuardExclusions[control]; !excluded || control == "CT.ELASTICLOADBALANCING.PR.1" {
			t.Errorf("cfn-guard: %s fails on %v", control, resources)
		}
	}
}

// cdk-nag's AwsSolutions pack runs on every synthesized stack (see
// cdktest.SynthAll) and fails it on an unsuppressed error; here neither it
// nor CDK leaves a warning either.
func TestStacksSynthesizeWithoutWarningsOrNagFindings(t *testing.T) {
	for _, s := range allVariants(t) {
		for _, m := range cdktest.Messages(t, s.Assembly, s.Name) {
			t.Errorf("%s: %s", s.Name, m)
		}
	}
}

// Every cdk-nag suppression names a rule of the AwsSolutions pack or of the
// compliance packs (NIST 800-53 R5, PCI DSS 3.2.1, HIPAA) and gives a reason
// a reviewer can check.
func TestNagSuppressionsGiveReasons(t *testing.T) {
	count := 0
	for id, r := range defaultStack(t).ResourcesByID() {
		metadata, _ := r["Metadata"].(map[string]any)
		nag, _ := metadata["cdk_nag"].(map[string]any)
		rules, _ := nag["rules_to_suppress"].([]any)
		for _, rule := range rules {
			entry := rule.(map[string]any)
			count++
			pack, _, _ := strings.Cut(fmt.Sprint(entry["id"]), "-")
			known := slices.Contains([]string{"AwsSolutions", "NIST.800.53.R5", "PCI.DSS.321", "HIPAA.Security"}, pack)
			if reason := fmt.Sprint(entry["reason"]); len(reason) < 40 || !known && entry["id"] != "CdkNagValidationFailure" {
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
	st.HasProps(t, "AWS::EC2::LaunchTemplate", obj{"LaunchTemplateData": like(obj{
		"MetadataOptions":   obj{"HttpTokens": "required", "HttpPutResponseHopLimit": 1},
		"KeyName":           assertions.Match_Absent(),
		"NetworkInterfaces": assertions.Match_Absent(),
	})})
	for id, subnet := range st.Of("AWS::EC2::Subnet") {
		if props(subnet)["MapPublicIpOnLaunch"] != false {
			t.Errorf("subnet %s assigns public IPs", id)
		}
	}
}

func TestVpcFlowLogsAreKeptAYear(t *testing.T) {
	st := defaultStack(t)
	vpc, _ := st.OnlyWithID(t, "AWS::EC2::VPC")
	_, flowLog := st.OnlyWithID(t, "AWS::EC2::FlowLog")
	p := props(flowLog)
	if ref(p["ResourceId"]) != vpc || p["ResourceType"] != "VPC" || p["TrafficType"] != "ALL" || p["LogDestinationType"] != "cloud-watch-logs" {
		t.Errorf("flow log: want all traffic of the VPC to CloudWatch Logs, got %v", p)
	}
	group := st.Of("AWS::Logs::LogGroup")[ref(p["LogGroupName"])]
	if props(group)["RetentionInDays"] != 365.0 || group["DeletionPolicy"] != "Retain" {
		t.Errorf("flow log group: want 365 days, kept after the stack; got %v", group)
	}
}

func TestAccessLogsGoToAPrivateEncryptedTlsOnlyBucket(t *testing.T) {
	st := defaultStack(t)
	bucket, bucketResource := st.OnlyWithID(t, "AWS::S3::Bucket")
	for _, attribute := range []obj{
		{"Key": "access_logs.s3.enabled", "Value": "true"},
		{"Key": "access_logs.s3.bucket", "Value": obj{"Ref": bucket}},
		{"Key": "access_logs.s3.prefix", "Value": "alb"},
	} {
		st.HasProps(t, "AWS::ElasticLoadBalancingV2::LoadBalancer", obj{"LoadBalancerAttributes": arrayWith(attribute)})
	}
	st.HasProps(t, "AWS::S3::Bucket", obj{
		"PublicAccessBlockConfiguration": obj{"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true},
		"BucketEncryption":               obj{"ServerSideEncryptionConfiguration": []any{obj{"ServerSideEncryptionByDefault": obj{"SSEAlgorithm": "AES256"}}}},
		"OwnershipControls":              obj{"Rules": []any{obj{"ObjectOwnership": "BucketOwnerEnforced"}}},
		// Objects expire after a year, their old versions a day later, and
		// the delete markers left then are removed too.
		"LifecycleConfiguration": obj{"Rules": []any{
			like(obj{"ExpirationInDays": 365, "NoncurrentVersionExpiration": obj{"NoncurrentDays": 1}, "Status": "Enabled"}),
			obj{"ExpiredObjectDeleteMarker": true, "Status": "Enabled"},
		}},
	})
	if bucketResource["DeletionPolicy"] != "Retain" {
		t.Errorf("access log bucket: want it kept after the stack, got %v", bucketResource["DeletionPolicy"])
	}
	st.HasProps(t, "AWS::S3::BucketPolicy", obj{
		"Bucket": obj{"Ref": bucket},
		"PolicyDocument": like(obj{"Statement": arrayWith(
			like(obj{"Effect": "Deny", "Action": "s3:*", "Condition": obj{"Bool": obj{"aws:SecureTransport": "false"}}}),
			like(obj{"Effect": "Allow", "Action": "s3:PutObject", "Principal": obj{"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}}),
		)}),
	})
	policy, _ := st.OnlyWithID(t, "AWS::S3::BucketPolicy")
	if _, lb := st.OnlyWithID(t, "AWS::ElasticLoadBalancingV2::LoadBalancer"); !slices.Contains(cdktest.DependsOn(lb), policy) {
		t.Errorf("load balancer must wait for the bucket policy, DependsOn %v", cdktest.DependsOn(lb))
	}
}

func TestContainerRunsAsNonRootOnAReadOnlyFilesystem(t *testing.T) {
	defaultStack(t).HasProps(t, "AWS::ECS::TaskDefinition", obj{"ContainerDefinitions": []any{like(obj{
		"User":                   "65532:65532",
		"ReadonlyRootFilesystem": true,
		"Privileged":             false,
	})}})
}

// The task role has no permissions (the app calls no AWS API); the
// execution role may pull the image from its repository and write the logs.
func TestTaskRolesHaveOnlyWhatTheyNeed(t *testing.T) {
	st := defaultStack(t)
	taskDefinition := props(st.Only(t, "AWS::ECS::TaskDefinition"))
	taskRole, executionRole := ref(taskDefinition["TaskRoleArn"]), ref(taskDefinition["ExecutionRoleArn"])
	policies := map[string][]any{}
	for _, policy := range st.Of("AWS::IAM::Policy") {
		for _, role := range props(policy)["Roles"].([]any) {
			policies[ref(role)] = append(policies[ref(role)], props(policy)["PolicyDocument"].(map[string]any)["Statement"].([]any)...)
		}
	}
	if len(policies[taskRole]) != 0 {
		t.Errorf("task role: want no permissions, got %v", policies[taskRole])
	}
	if managed := props(st.Of("AWS::IAM::Role")[taskRole])["ManagedPolicyArns"]; managed != nil {
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
		st.Template.HasResourceProperties(jsii.String("AWS::CertificateManager::Certificate"), obj{
			"DomainName":              "hostname.example.com",
			"ValidationMethod":        "DNS",
			"DomainValidationOptions": []any{obj{"DomainName": "hostname.example.com", "HostedZoneId": "Z0123456789ABCDEFGHIJ"}},
		})
	})
	certificate, _ := st.OnlyWithID(t, "AWS::CertificateManager::Certificate")
	targetGroup, _ := st.OnlyWithID(t, "AWS::ElasticLoadBalancingV2::TargetGroup")
	st.HasProps(t, "AWS::ElasticLoadBalancingV2::Listener", obj{
		"Port":           443,
		"Protocol":       "HTTPS",
		"SslPolicy":      "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
		"Certificates":   []any{obj{"CertificateArn": obj{"Ref": certificate}}},
		"DefaultActions": []any{obj{"Type": "forward", "TargetGroupArn": obj{"Ref": targetGroup}}},
	})
	st.HasProps(t, "AWS::ElasticLoadBalancingV2::Listener", obj{
		"Port":     80,
		"Protocol": "HTTP",
		"DefaultActions": []any{obj{"Type": "redirect", "RedirectConfig": obj{
			"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301",
		}}},
	})
	st.HasProps(t, "AWS::Route53::RecordSet", obj{
		"Name":         "hostname.example.com.",
		"Type":         "A",
		"HostedZoneId": "Z0123456789ABCDEFGHIJ",
		"AliasTarget":  like(obj{"DNSName": assertions.Match_AnyValue()}),
	})
	albGroup := ref(props(st.Only(t, "AWS::ElasticLoadBalancingV2::LoadBalancer"))["SecurityGroups"].([]any)[0])
	var ports []float64
	for _, rule := range props(st.Of("AWS::EC2::SecurityGroup")[albGroup])["SecurityGroupIngress"].([]any) {
		ports = append(ports, rule.(map[string]any)["FromPort"].(float64))
	}
	slices.Sort(ports)
	if !slices.Equal(ports, []float64{80, 443}) {
		t.Errorf("load balancer group: want 80 (to redirect) and 443 open, got %v", ports)
	}
	if url := fmt.Sprint(st.JSON["Outputs"].(map[string]any)["HostNameUrl"]); !strings.Contains(url, "https://hostname.example.com/host-name") {
		t.Errorf("HostNameUrl: want the domain over HTTPS, got %s", url)
	}
}

// The constructs set every setting themselves: an app whose cdk.json holds
// no feature flag synthesizes the default stack, the hardened one and a
// canary as this repository does, but for how a few policies group the
// same statements and the ECS deployment controller, which the flags name
// explicitly (its default, ECS).
func TestTemplateDoesNotDependOnFeatureFlags(t *testing.T) {
	ctx := cdktest.WithoutFeatureFlags(cdktest.Context(nil))
	app := awscdk.NewApp(&awscdk.AppProps{Context: &ctx, Outdir: jsii.String(cdktest.TempOutdir(t)), BuiltinCloudFormationValidation: jsii.Bool(false)})
	if _, err := NewHostNameStackFromContext(app, defaultName); err != nil {
		t.Fatal(err)
	}
	// The hardened profile and a canary release, whose S3 logging and
	// releases CDK's flags would otherwise shape.
	for _, name := range []string{hardenedName, canaryName} {
		if _, err := NewHostNameStack(app, name, &HostNameStackProps{Config: variantConfigs[name]}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	withoutFlags := cdktest.Synth(t, app, defaultName, hardenedName, canaryName)
	comparable := func(template map[string]any) map[string]string {
		out := map[string]string{}
		for id, original := range template["Resources"].(map[string]any) {
			// A copy: the other tests read the template as it is.
			raw, err := json.Marshal(original)
			if err != nil {
				t.Fatal(err)
			}
			var r map[string]any
			if err := json.Unmarshal(raw, &r); err != nil {
				t.Fatal(err)
			}
			if r["Type"] == "AWS::ECS::Service" {
				p := cdktest.Props(r)
				if dc, _ := p["DeploymentController"].(map[string]any); fmt.Sprint(dc) == "map[Type:ECS]" {
					delete(p, "DeploymentController")
				}
			}
			out[id] = string(cdktest.Normalize(policyAtoms(r).(map[string]any)))
		}
		return out
	}
	for _, st := range []*cdktest.Synthesized{defaultStack(t), hardenedStack(t), canaryStack(t)} {
		with, without := comparable(st.JSON), comparable(withoutFlags[st.Name].JSON)
		for id, w := range with {
			switch wo, ok := without[id]; {
			case !ok:
				t.Errorf("%s: without feature flags, %s is missing", st.Name, id)
			case wo != w:
				t.Errorf("%s: without feature flags, %s differs:\nwith:    %s\nwithout: %s", st.Name, id, w, wo)
			}
		}
		for id := range without {
			if _, ok := with[id]; !ok {
				t.Errorf("%s: without feature flags, %s is added", st.Name, id)
			}
		}
	}
}

// policyAtoms is v with every policy document's statements as a sorted
// set of atoms, one action on one resource for one principal each: CDK's
// @aws-cdk/aws-iam:minimizePolicies flag merges statements that differ
// only in their actions, resources or principals, to the same effect.
func policyAtoms(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if list, ok := x.([]any); ok && k == "Statement" {
				v[k] = statementAtoms(list)
				continue
			}
			policyAtoms(x)
		}
	case []any:
		for _, x := range v {
			policyAtoms(x)
		}
	}
	return v
}

// statementAtoms is statements split into their atoms, sorted, without
// repeats.
func statementAtoms(statements []any) []any {
	list := func(v any) []any {
		if l, ok := v.([]any); ok {
			return l
		}
		return []any{v}
	}
	seen := map[string]bool{}
	for _, s := range statements {
		statement, ok := s.(map[string]any)
		if !ok {
			seen[fmt.Sprint(s)] = true
			continue
		}
		principals := []any{nil}
		if p, ok := statement["Principal"].(map[string]any); ok {
			principals = nil
			for kind, each := range p {
				for _, one := range list(each) {
					principals = append(principals, map[string]any{kind: one})
				}
			}
		}
		for _, action := range list(statement["Action"]) {
			for _, resource := range list(statement["Resource"]) {
				for _, principal := range principals {
					seen[fmt.Sprint(statement["Effect"], action, resource, principal, statement["Condition"], statement["Sid"])] = true
				}
			}
		}
	}
	var atoms []any
	for _, atom := range slices.Sorted(maps.Keys(seen)) {
		atoms = append(atoms, atom)
	}
	return atoms
}

// instanceStatements are the policy statements of the instances' role
// (the one EC2 assumes), and its managed policies.
func instanceStatements(t *testing.T, st *cdktest.Synthesized) (statements []map[string]any, managed any) {
	t.Helper()
	role, r := st.OnlyWhere(t, "AWS::IAM::Role", func(p map[string]any) bool {
		return strings.Contains(fmt.Sprint(p["AssumeRolePolicyDocument"]), "ec2.amazonaws.com")
	})
	for _, policy := range st.Of("AWS::IAM::Policy") {
		for _, attached := range props(policy)["Roles"].([]any) {
			if ref(attached) != role {
				continue
			}
			for _, statement := range props(policy)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
				statements = append(statements, statement.(map[string]any))
			}
		}
	}
	return statements, props(r)["ManagedPolicyArns"]
}

// The instance role holds what the ECS agent and Session Manager need:
// nothing that reads Parameter Store (AmazonSSMManagedInstanceCore allows
// ssm:GetParameter on every parameter) or writes to any log group (the
// tasks log with their execution role), no managed policy.
func TestInstanceRoleReadsNoParameterAndWritesNoLogGroup(t *testing.T) {
	for _, st := range asgVariants(t) {
		statements, managed := instanceStatements(t, st)
		if managed != nil {
			t.Errorf("%s: instance role has managed policies %v", st.Name, managed)
		}
		var actions []string
		for _, statement := range statements {
			for _, action := range cdktest.Strings(statement["Action"]) {
				actions = append(actions, action)
				if action == "*" || strings.HasPrefix(action, "ssm:GetParameter") || action == "ssm:*" ||
					strings.HasPrefix(action, "logs:") || strings.HasPrefix(action, "ecr:") || strings.HasPrefix(action, "s3:") {
					t.Errorf("%s: the instance role allows %s on %v", st.Name, action, statement["Resource"])
				}
			}
		}
		slices.Sort(actions)
		want := []string{"ecs:DeregisterContainerInstance", "ecs:DiscoverPollEndpoint", "ecs:Poll", "ecs:RegisterContainerInstance",
			"ecs:StartTelemetrySession", "ecs:Submit*", "ssm:UpdateInstanceInformation",
			"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"}
		switch st.Name {
		case gravitonSpotName: // Spot draining
			want = append(want, "ecs:UpdateContainerInstancesState")
		case awsvpcName, canaryName: // its own awsvpcTrunking setting
			want = append(want, "ecs:DeleteAccountSetting", "ecs:PutAccountSetting")
		}
		slices.Sort(want)
		if !slices.Equal(actions, want) {
			t.Errorf("%s: instance role actions:\n got %v\nwant %v", st.Name, actions, want)
		}
	}
}

// The instances, and the bridge-mode containers sharing their group, reach
// HTTPS only; DNS, NTP and the metadata service are not filtered by
// security groups.
func TestInstancesReachHttpsOnly(t *testing.T) {
	for _, st := range allVariants(t) {
		_, group := st.OnlyWhere(t, "AWS::EC2::SecurityGroup", func(p map[string]any) bool {
			return strings.HasPrefix(fmt.Sprint(p["GroupDescription"]), "ECS container instances")
		})
		egress := fmt.Sprint(props(group)["SecurityGroupEgress"])
		if want := "[map[CidrIp:0.0.0.0/0 Description:HTTPS to AWS APIs and image registries FromPort:443 IpProtocol:tcp ToPort:443]]"; egress != want {
			t.Errorf("%s: instance egress:\n got %s\nwant %s", st.Name, egress, want)
		}
	}
}

// The S3 gateway endpoint reaches this account's buckets, and the AWS
// buckets the instances read, not any bucket of any account.
func TestS3EndpointReachesThisAccountsBucketsAndTheAwsOnesTheInstancesRead(t *testing.T) {
	st := defaultStack(t)
	policy := props(st.Only(t, "AWS::EC2::VPCEndpoint"))["PolicyDocument"].(map[string]any)
	statements := policy["Statement"].([]any)
	if len(statements) != 2 {
		t.Fatalf("want two statements, got %v", statements)
	}
	account := statements[0].(map[string]any)
	if account["Action"] != "s3:*" || fmt.Sprint(account["Condition"]) != "map[StringEquals:map[aws:ResourceAccount:map[Ref:AWS::AccountId]]]" {
		t.Errorf("want every action on this account's buckets only, got %v", account)
	}
	aws := statements[1].(map[string]any)
	buckets := fmt.Sprint(aws["Resource"])
	for _, bucket := range []string{"-starport-layer-bucket/*", ":s3:::amazon-ssm-", ":s3:::aws-ssm-", ":s3:::al2023-repos-"} {
		if aws["Action"] != "s3:GetObject" || !strings.Contains(buckets, bucket) {
			t.Errorf("want s3:GetObject on %s, got %v on %s", bucket, aws["Action"], buckets)
		}
	}
}

// Containers drop every Linux capability and cannot gain privileges; the
// instances run no privileged container, and no awsvpc task reads the
// instance role's credentials.
func TestContainersHoldNoCapabilityAndInstancesRunNothingPrivileged(t *testing.T) {
	for _, st := range asgVariants(t) {
		st.HasProps(t, "AWS::ECS::TaskDefinition", obj{"ContainerDefinitions": []any{like(obj{
			"LinuxParameters":       obj{"Capabilities": obj{"Drop": []any{"ALL"}}},
			"DockerSecurityOptions": []any{"no-new-privileges"},
			"Privileged":            false,
		})}})
		for id, template := range st.Of("AWS::EC2::LaunchTemplate") {
			userData := fmt.Sprint(props(template)["LaunchTemplateData"].(map[string]any)["UserData"])
			for _, setting := range []string{"ECS_DISABLE_PRIVILEGED=true", "ECS_SELINUX_CAPABLE=true"} {
				if !strings.Contains(userData, setting) {
					t.Errorf("%s: %s: user data lacks %s", st.Name, id, setting)
				}
			}
			// Only where awsvpc tasks run: bridge-mode clusters keep their
			// launch template.
			if awsvpc := st.Name == awsvpcName || st.Name == canaryName; awsvpc != strings.Contains(userData, "ECS_AWSVPC_BLOCK_IMDS=true") {
				t.Errorf("%s: %s: want ECS_AWSVPC_BLOCK_IMDS=true in the user data %v, got %s", st.Name, id, awsvpc, userData)
			}
		}
	}
}

// Tasks in awsvpc mode, on EC2 or on ECS Managed Instances, pass the
// Control Tower control that asks for it (CT.ECS.PR.4; a task definition
// for Managed Instances only is not evaluated by it), and no other control
// fails but the excluded ones.
func TestAwsvpcTasksPassTheControlTowerNetworkModeControl(t *testing.T) {
	for _, st := range []*cdktest.Synthesized{awsvpcStack(t), managedStack(t)} {
		failed := failedControls(t, st)
		if _, fails := failed["CT.ECS.PR.4"]; fails {
			t.Errorf("%s: CT.ECS.PR.4 fails on %v", st.Name, failed["CT.ECS.PR.4"])
		}
		for control, resources := range failed {
			if _, excluded := cdktest.GuardExclusions[control]; !excluded {
				t.Errorf("%s: cfn-guard: %s fails on %v", st.Name, control, resources)
			}
		}
	}
}

// Every listener leaves out the load balancer's Server header; the HTTPS
// listener tells browsers to stay on HTTPS for a year.
func TestResponsesNameNoServerAndHttpsOnesKeepBrowsersOnHttps(t *testing.T) {
	for _, st := range []*cdktest.Synthesized{defaultStack(t), httpsStack(t)} {
		for id, listener := range st.Of("AWS::ElasticLoadBalancingV2::Listener") {
			attributes := fmt.Sprint(props(listener)["ListenerAttributes"])
			if !strings.Contains(attributes, "map[Key:routing.http.response.server.enabled Value:false]") {
				t.Errorf("%s: %s keeps the Server header: %s", st.Name, id, attributes)
			}
			hsts := strings.Contains(attributes, "map[Key:routing.http.response.strict_transport_security.header_value Value:max-age=31536000]")
			if https := props(listener)["Protocol"] == "HTTPS"; hsts != https {
				t.Errorf("%s: %s (%v): want HSTS on HTTPS only, got %s", st.Name, id, props(listener)["Protocol"], attributes)
			}
		}
	}
}

// The roles services assume on the stack's behalf name the account, as AWS
// recommends against the confused deputy: the task role (ECS) and the flow
// logs' role.
func TestServiceRolesTrustOnlyThisAccount(t *testing.T) {
	st := defaultStack(t)
	roles := map[string]string{
		ref(props(st.Only(t, "AWS::ECS::TaskDefinition"))["TaskRoleArn"]):       ":ecs:",
		ref(props(st.Only(t, "AWS::EC2::FlowLog"))["DeliverLogsPermissionArn"]): ":vpc-flow-log/*",
	}
	for id, arn := range roles {
		condition := fmt.Sprint(props(st.Of("AWS::IAM::Role")[id])["AssumeRolePolicyDocument"].(map[string]any)["Statement"].([]any)[0].(map[string]any)["Condition"])
		if !strings.Contains(condition, "StringEquals:map[aws:SourceAccount:map[Ref:AWS::AccountId]]") || !strings.Contains(condition, "ArnLike:map[aws:SourceArn:") || !strings.Contains(condition, arn) {
			t.Errorf("%s: want the account and the source ARN in the trust policy, got %s", id, condition)
		}
	}
}

// ECS Exec, on in the knobs variant only: the service allows it; the task
// role may open Session Manager's channels and write the sessions to the
// container's log group, nothing else; the read-only root filesystem
// stays, with the two paths the SSM agent writes on volumes of the task;
// an init process reaps what a session leaves.
func TestExecuteCommandOpensOnlyWhatECSExecNeeds(t *testing.T) {
	st := knobsStack(t)
	service := props(st.Only(t, "AWS::ECS::Service"))
	tasks := props(st.Only(t, "AWS::ECS::TaskDefinition"))
	container := tasks["ContainerDefinitions"].([]any)[0].(map[string]any)
	if service["EnableExecuteCommand"] != true || container["ReadonlyRootFilesystem"] != true ||
		fmt.Sprint(container["LinuxParameters"].(map[string]any)["InitProcessEnabled"]) != "true" {
		t.Errorf("want ECS Exec on, a read-only root and an init process, got %v, %v, %v", service["EnableExecuteCommand"], container["ReadonlyRootFilesystem"], container["LinuxParameters"])
	}
	mounts := fmt.Sprint(container["MountPoints"])
	for _, path := range []string{"ContainerPath:/var/lib/amazon", "ContainerPath:/var/log/amazon"} {
		if !strings.Contains(mounts, path) || strings.Contains(mounts, "ReadOnly:true") {
			t.Errorf("want %s writable, got %s", path, mounts)
		}
	}
	if volumes := fmt.Sprint(tasks["Volumes"]); strings.Count(volumes, "Name:exec-var-") != 2 || strings.Contains(volumes, "Host:") {
		t.Errorf("want two task volumes, no host path, got %s", volumes)
	}
	taskRole := ref(tasks["TaskRoleArn"])
	var actions []string
	for _, policy := range st.Of("AWS::IAM::Policy") {
		if !strings.Contains(fmt.Sprint(props(policy)["Roles"]), taskRole) {
			continue
		}
		for _, s := range props(policy)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
			s := s.(map[string]any)
			list, ok := s["Action"].([]any)
			if !ok {
				list = []any{s["Action"]}
			}
			for _, a := range list {
				actions = append(actions, fmt.Sprintf("%v on %v", a, s["Resource"]))
			}
		}
	}
	slices.Sort(actions)
	got := strings.Join(actions, "\n")
	for _, want := range []string{"logs:DescribeLogGroups on *", "ssmmessages:CreateControlChannel on *", "ssmmessages:OpenDataChannel on *"} {
		if !strings.Contains(got, want) {
			t.Errorf("task role: want %s, got\n%s", want, got)
		}
	}
	if len(actions) != 8 || !strings.Contains(got, "logs:PutLogEvents on map[Fn::GetAtt:[ServiceLogGroup") {
		t.Errorf("task role: want 4 channel actions and 4 log actions, the writes on the service's log group, got\n%s", got)
	}
	// Off by default: no such property, no task role policy.
	if p := props(defaultStack(t).Only(t, "AWS::ECS::Service")); p["EnableExecuteCommand"] != nil {
		t.Errorf("default: want ECS Exec unset, got %v", p["EnableExecuteCommand"])
	}
}
