package ecsec2_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"

	ecsec2 "github.com/ecsec2/ecsec2/constructs"
	"github.com/ecsec2/ecsec2/internal/cdktest"
)

type obj = cdktest.Obj

var (
	like = cdktest.Like
	ref  = cdktest.Ref
	prop = cdktest.Props
)

// The stacks of this package's template tests, one app synthesized once.
const (
	// sharedName: two services on one cluster behind one load balancer.
	sharedName = "Shared"
	// twoAlbsName: two services with a load balancer each, sharing one
	// access log bucket.
	twoAlbsName = "TwoAlbs"
	// legacyRegionName and newRegionName have an environment: a region
	// with a documented ELB account, and one without.
	legacyRegionName = "LegacyRegion"
	newRegionName    = "NewRegion"
	// gravitonName: a Graviton cluster on Amazon Linux 2 with SSH and one
	// NAT gateway.
	gravitonName = "Graviton"
	// retiredSpotName: a service on a cluster whose Spot capacity is being
	// removed, step one.
	retiredSpotName = "RetiredSpot"
	// ecsShopName: the same cluster and service with Spot in use, in a stack
	// whose name starts with a word ECS reserves for capacity providers.
	ecsShopName = "EcsShop"
	// mixedModesName: a bridge-mode service and an awsvpc one behind one
	// load balancer, on m5.large instances with ENI trunking.
	mixedModesName = "MixedModes"
	// managedName: a service on ECS Managed Instances, on-demand and Spot.
	managedName = "Managed"
	// canaryName: a canary release with a test header, on a load balancer
	// of its own; canaryNextName, the same with another image and other
	// sizes, as the next `cdk deploy` would make it.
	canaryName     = "Canary"
	canaryNextName = "CanaryNext"
	// releasesName: a linear release and a blue/green one with a lifecycle
	// hook, behind a shared load balancer.
	releasesName = "Releases"
	// hardenedPartsName: a hardened cluster and a hardened service with a
	// certificate, each making its own key.
	hardenedPartsName = "HardenedParts"
)

func image() awsecs.ContainerImage {
	return awsecs.ContainerImage_FromRegistry(jsii.String("public.ecr.aws/docker/library/busybox:1.37"), nil)
}

var allNames = []string{sharedName, twoAlbsName, legacyRegionName, newRegionName, gravitonName, retiredSpotName, ecsShopName, mixedModesName, managedName,
	canaryName, canaryNextName, releasesName, hardenedPartsName}

var (
	synthOnce sync.Once
	stacks    map[string]*cdktest.Synthesized
)

func synthesized(t *testing.T, name string) *cdktest.Synthesized {
	t.Helper()
	synthOnce.Do(func() {
		app := cdktest.NewApp(cdktest.TempOutdir(t), nil)

		shared := awscdk.NewStack(app, jsii.String(sharedName), nil)
		cluster := ecsec2.NewPrivateEcsEc2Cluster(shared, jsii.String("Cluster"), &ecsec2.PrivateEcsEc2ClusterProps{NatGateways: jsii.Number(1)})
		alb := ecsec2.NewInternetFacingAlb(shared, jsii.String("Alb"), &ecsec2.InternetFacingAlbProps{Vpc: cluster.Vpc})
		ecsec2.NewAlbFrontedService(shared, jsii.String("Web"), &ecsec2.AlbFrontedServiceProps{
			Cluster: cluster, Image: image(), Alb: alb, AlarmTopic: alb.AlarmTopic,
			PathPatterns: jsii.Strings("/*"), Priority: jsii.Number(100),
		})
		ecsec2.NewAlbFrontedService(shared, jsii.String("Api"), &ecsec2.AlbFrontedServiceProps{
			Cluster: cluster, Image: image(), Alb: alb, AlarmTopic: alb.AlarmTopic,
			PathPatterns: jsii.Strings("/api/*"), Priority: jsii.Number(10), AllowedCidrs: jsii.Strings("10.0.0.0/8", "203.0.113.0/24"),
			Cpu: jsii.Number(512), MemoryReservationMiB: jsii.Number(128), MemoryLimitMiB: jsii.Number(256), MaxTasks: jsii.Number(4),
		})

		twoAlbs := awscdk.NewStack(app, jsii.String(twoAlbsName), nil)
		cluster = ecsec2.NewPrivateEcsEc2Cluster(twoAlbs, jsii.String("Cluster"), &ecsec2.PrivateEcsEc2ClusterProps{NatGateways: jsii.Number(1)})
		logs := awss3.NewBucket(twoAlbs, jsii.String("Logs"), &awss3.BucketProps{
			BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(), EnforceSSL: jsii.Bool(true), Encryption: awss3.BucketEncryption_S3_MANAGED,
			ServerAccessLogsPrefix: jsii.String("self/"),
		})
		for _, id := range []string{"Shop", "Admin"} {
			ecsec2.NewAlbFrontedService(twoAlbs, jsii.String(id), &ecsec2.AlbFrontedServiceProps{Cluster: cluster, Image: image(), AccessLogsBucket: logs})
		}

		for name, region := range map[string]string{legacyRegionName: "eu-west-1", newRegionName: "ap-southeast-5"} {
			st := awscdk.NewStack(app, jsii.String(name), &awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String(region)}})
			c := ecsec2.NewPrivateEcsEc2Cluster(st, jsii.String("Cluster"), &ecsec2.PrivateEcsEc2ClusterProps{NatGateways: jsii.Number(1), MaxAzs: jsii.Number(2)})
			ecsec2.NewAlbFrontedService(st, jsii.String("Web"), &ecsec2.AlbFrontedServiceProps{Cluster: c, Image: image()})
		}

		graviton := awscdk.NewStack(app, jsii.String(gravitonName), nil)
		ecsec2.NewPrivateEcsEc2Cluster(graviton, jsii.String("Cluster"), &ecsec2.PrivateEcsEc2ClusterProps{
			InstanceType: awsec2.NewInstanceType(jsii.String("t4g.small")),
			Ami:          ecsec2.AmazonLinux2,
			KeyPairName:  jsii.String("ops"),
			NatGateways:  jsii.Number(1),
			MinInstances: jsii.Number(0),
			MaxInstances: jsii.Number(3),
		})
		for name, retire := range map[string]bool{retiredSpotName: true, ecsShopName: false} {
			st := awscdk.NewStack(app, jsii.String(name), nil)
			cluster := ecsec2.NewPrivateEcsEc2Cluster(st, jsii.String("Cluster"), &ecsec2.PrivateEcsEc2ClusterProps{
				NatGateways: jsii.Number(1), SpotInstanceTypes: &[]awsec2.InstanceType{awsec2.NewInstanceType(jsii.String("t3.micro"))}, RetireSpot: jsii.Bool(retire),
			})
			ecsec2.NewAlbFrontedService(st, jsii.String("Web"), &ecsec2.AlbFrontedServiceProps{Cluster: cluster, Image: image()})
		}

		mixed := awscdk.NewStack(app, jsii.String(mixedModesName), nil)
		cluster = ecsec2.NewPrivateEcsEc2Cluster(mixed, jsii.String("Cluster"), &ecsec2.PrivateEcsEc2ClusterProps{
			NatGateways: jsii.Number(1), InstanceType: awsec2.NewInstanceType(jsii.String("m5.large")), AwsvpcTrunking: jsii.Bool(true),
		})
		alb = ecsec2.NewInternetFacingAlb(mixed, jsii.String("Alb"), &ecsec2.InternetFacingAlbProps{Vpc: cluster.Vpc})
		ecsec2.NewAlbFrontedService(mixed, jsii.String("Web"), &ecsec2.AlbFrontedServiceProps{
			Cluster: cluster, Image: image(), Alb: alb, AlarmTopic: alb.AlarmTopic,
			PathPatterns: jsii.Strings("/*"), Priority: jsii.Number(100),
		})
		ecsec2.NewAlbFrontedService(mixed, jsii.String("Api"), &ecsec2.AlbFrontedServiceProps{
			Cluster: cluster, Image: image(), Alb: alb, AlarmTopic: alb.AlarmTopic, NetworkMode: awsecs.NetworkMode_AWS_VPC,
			PathPatterns: jsii.Strings("/api/*"), Priority: jsii.Number(10), ContainerPort: jsii.Number(9000),
		})

		managed := awscdk.NewStack(app, jsii.String(managedName), nil)
		cluster = ecsec2.NewPrivateEcsEc2Cluster(managed, jsii.String("Cluster"), &ecsec2.PrivateEcsEc2ClusterProps{
			NatGateways: jsii.Number(1), Capacity: ecsec2.ManagedInstancesCapacity,
			ManagedInstanceTypes: &[]awsec2.InstanceType{awsec2.NewInstanceType(jsii.String("m7i.large")), awsec2.NewInstanceType(jsii.String("m6i.large"))},
			SpotInstanceTypes:    &[]awsec2.InstanceType{awsec2.NewInstanceType(jsii.String("m7i.large"))},
		})
		ecsec2.NewAlbFrontedService(managed, jsii.String("Web"), &ecsec2.AlbFrontedServiceProps{Cluster: cluster, Image: image()})
		for name, next := range map[string]bool{canaryName: false, canaryNextName: true} {
			st := awscdk.NewStack(app, jsii.String(name), nil)
			cluster := ecsec2.NewPrivateEcsEc2Cluster(st, jsii.String("Cluster"), &ecsec2.PrivateEcsEc2ClusterProps{
				NatGateways: jsii.Number(1), InstanceType: awsec2.NewInstanceType(jsii.String("m6i.large")), AwsvpcTrunking: jsii.Bool(true),
			})
			props := &ecsec2.AlbFrontedServiceProps{
				Cluster: cluster, Image: image(), NetworkMode: awsecs.NetworkMode_AWS_VPC,
				DeploymentStrategy: awsecs.DeploymentStrategy_CANARY, TestTrafficHeader: jsii.String("X-Canary"),
			}
			if next {
				props.Image = awsecs.ContainerImage_FromRegistry(jsii.String("public.ecr.aws/docker/library/busybox:1.38"), nil)
				props.MaxTasks, props.Cpu, props.HealthCheckInterval = jsii.Number(6), jsii.Number(512), awscdk.Duration_Seconds(jsii.Number(15))
			}
			ecsec2.NewAlbFrontedService(st, jsii.String("Web"), props)
		}

		releases := awscdk.NewStack(app, jsii.String(releasesName), nil)
		cluster = ecsec2.NewPrivateEcsEc2Cluster(releases, jsii.String("Cluster"), &ecsec2.PrivateEcsEc2ClusterProps{
			NatGateways: jsii.Number(1), Capacity: ecsec2.ManagedInstancesCapacity,
		})
		alb = ecsec2.NewInternetFacingAlb(releases, jsii.String("Alb"), &ecsec2.InternetFacingAlbProps{Vpc: cluster.Vpc})
		ecsec2.NewAlbFrontedService(releases, jsii.String("Api"), &ecsec2.AlbFrontedServiceProps{
			Cluster: cluster, Image: image(), Alb: alb, AlarmTopic: alb.AlarmTopic,
			PathPatterns: jsii.Strings("/api/*"), Priority: jsii.Number(20), AllowedCidrs: jsii.Strings("203.0.113.0/24"),
			DeploymentStrategy: awsecs.DeploymentStrategy_LINEAR, TrafficShiftPercent: jsii.Number(20),
			TrafficShiftBakeTime: awscdk.Duration_Minutes(jsii.Number(3)), TestTrafficHeader: jsii.String("X-Release-Test"),
		})
		// A hook with a role of its own, which may invoke that function
		// only.
		hook := awslambda.Function_FromFunctionArn(releases, jsii.String("Smoke"), jsii.String("arn:aws:lambda:eu-west-1:123456789012:function:smoke-test"))
		hookRole := awsiam.NewRole(releases, jsii.String("HookRole"), &awsiam.RoleProps{AssumedBy: awsiam.NewServicePrincipal(jsii.String("ecs.amazonaws.com"), nil)})
		hookRole.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("lambda:InvokeFunction"), Resources: &[]*string{hook.FunctionArn()}}))
		ecsec2.NewAlbFrontedService(releases, jsii.String("Web"), &ecsec2.AlbFrontedServiceProps{
			Cluster: cluster, Image: image(), Alb: alb, AlarmTopic: alb.AlarmTopic,
			PathPatterns: jsii.Strings("/*"), Priority: jsii.Number(100), DeploymentStrategy: awsecs.DeploymentStrategy_BLUE_GREEN,
			BakeTime: awscdk.Duration_Minutes(jsii.Number(30)),
			LifecycleHooks: &[]awsecs.IDeploymentLifecycleHookTarget{awsecs.NewDeploymentLifecycleLambdaTarget(hook, jsii.String("Smoke"), &awsecs.DeploymentLifecycleLambdaTargetProps{
				LifecycleStages: &[]awsecs.DeploymentLifecycleStage{awsecs.DeploymentLifecycleStage_POST_TEST_TRAFFIC_SHIFT},
				Role:            hookRole,
			})},
		})
		hardened := awscdk.NewStack(app, jsii.String(hardenedPartsName), nil)
		cluster = ecsec2.NewPrivateEcsEc2Cluster(hardened, jsii.String("Cluster"), &ecsec2.PrivateEcsEc2ClusterProps{NatGateways: jsii.Number(1), Hardened: jsii.Bool(true)})
		ecsec2.NewAlbFrontedService(hardened, jsii.String("Web"), &ecsec2.AlbFrontedServiceProps{
			Cluster: cluster, Image: image(), Hardened: jsii.Bool(true), WafRateLimit: jsii.Number(500),
			CertificateArn: jsii.String("arn:aws:acm:eu-west-1:123456789012:certificate/0123-4567"),
		})
		stacks = cdktest.SynthAll(t, app, allNames...)
	})
	if stacks == nil {
		t.Fatal("the stacks did not synthesize")
	}
	return stacks[name]
}

// Two services behind one listener: a rule each, with its conditions and
// priority, forwarding to its own target group; the listener answers 404
// to what no rule matches. The API admits two ranges only: its rule
// matches their requests, and the rule right after it answers the others
// for its paths with a 403, instead of letting them reach the web
// service's /* rule.
func TestTwoServicesShareOneListenerThroughRules(t *testing.T) {
	s := synthesized(t, sharedName)
	s.CountIs(t, "AWS::ElasticLoadBalancingV2::LoadBalancer", 1)
	s.CountIs(t, "AWS::ElasticLoadBalancingV2::TargetGroup", 2)
	s.CountIs(t, "AWS::ECS::Service", 2)
	listener, _ := s.OnlyWithID(t, "AWS::ElasticLoadBalancingV2::Listener")
	s.HasProps(t, "AWS::ElasticLoadBalancingV2::Listener", obj{"DefaultActions": []any{obj{
		"Type": "fixed-response", "FixedResponseConfig": obj{"StatusCode": "404", "ContentType": "text/plain", "MessageBody": "not found"},
	}}})
	groups := s.Of("AWS::ElasticLoadBalancingV2::TargetGroup")
	rules := map[string]string{}
	for _, rule := range s.Of("AWS::ElasticLoadBalancingV2::ListenerRule") {
		p := prop(rule)
		if ref(p["ListenerArn"]) != listener {
			t.Errorf("rule on another listener: %v", p)
		}
		conditions := fmt.Sprint(p["Conditions"])
		action := p["Actions"].([]any)[0].(map[string]any)
		if action["Type"] == "fixed-response" {
			rules[fmt.Sprint(p["Priority"])] = conditions + " -> " + fmt.Sprint(action["FixedResponseConfig"])
			continue
		}
		group := ref(action["TargetGroupArn"])
		if groups[group] == nil {
			t.Errorf("rule forwards to %s, not a target group of the stack", group)
		}
		rules[fmt.Sprint(p["Priority"])] = conditions + " -> " + cdktest.Path(groups[group])
	}
	for priority, want := range map[string][]string{
		"10":  {"/api/*", "Field:source-ip", "10.0.0.0/8 203.0.113.0/24", "Shared/Api/"},
		"11":  {"/api/*", "StatusCode:403", "forbidden"},
		"100": {"/*", "Shared/Web/"},
	} {
		for _, part := range want {
			if !strings.Contains(rules[priority], part) {
				t.Errorf("rule %s: want %q in %q", priority, part, rules[priority])
			}
		}
	}
	if strings.Contains(rules["11"], "source-ip") || len(rules) != 3 {
		t.Errorf("want the 403 rule on the API's paths from anywhere, and three rules, got %v", rules)
	}
}

// Bridge-mode services open the dynamic host ports to their load balancer:
// one rule per load balancer, however many services it fronts.
func TestOneHostPortRulePerLoadBalancer(t *testing.T) {
	for name, want := range map[string]int{sharedName: 1, twoAlbsName: 2} {
		s := synthesized(t, name)
		rules := 0
		for _, r := range s.Of("AWS::EC2::SecurityGroupIngress") {
			if p := prop(r); p["FromPort"] == 32768.0 && p["ToPort"] == 65535.0 {
				rules++
			}
		}
		if rules != want {
			t.Errorf("%s: want %d ingress rules on the dynamic ports, found %d", name, want, rules)
		}
	}
}

// Names follow the construct ids: containers, log streams, access log
// prefixes never collide.
func TestNamesFollowTheConstructIds(t *testing.T) {
	shared := synthesized(t, sharedName)
	var names, prefixes []string
	for _, td := range shared.Of("AWS::ECS::TaskDefinition") {
		c := prop(td)["ContainerDefinitions"].([]any)[0].(map[string]any)
		names = append(names, c["Name"].(string))
		prefixes = append(prefixes, c["LogConfiguration"].(map[string]any)["Options"].(map[string]any)["awslogs-stream-prefix"].(string))
	}
	slices.Sort(names)
	slices.Sort(prefixes)
	if !slices.Equal(names, []string{"api", "web"}) || !slices.Equal(prefixes, []string{"api", "web"}) {
		t.Errorf("want containers and log streams api and web, got %v and %v", names, prefixes)
	}
	var logPrefixes []string
	for _, lb := range synthesized(t, twoAlbsName).Of("AWS::ElasticLoadBalancingV2::LoadBalancer") {
		for _, a := range prop(lb)["LoadBalancerAttributes"].([]any) {
			if a.(map[string]any)["Key"] == "access_logs.s3.prefix" {
				logPrefixes = append(logPrefixes, a.(map[string]any)["Value"].(string))
			}
		}
	}
	slices.Sort(logPrefixes)
	if !slices.Equal(logPrefixes, []string{"admin", "shop"}) {
		t.Errorf("want access log prefixes admin and shop in the shared bucket, got %v", logPrefixes)
	}
}

// Each service's alarms and dashboard rows read its own target group; the
// load balancer's alarm reads the load balancer; the one dashboard is the
// cluster's.
func TestAlarmsAndDashboardBelongToWhatTheyWatch(t *testing.T) {
	s := synthesized(t, sharedName)
	s.CountIs(t, "AWS::CloudWatch::Dashboard", 1)
	_, dashboard := s.OnlyWithID(t, "AWS::CloudWatch::Dashboard")
	if path := cdktest.Path(dashboard); !strings.HasPrefix(path, "Shared/Cluster/") {
		t.Errorf("the dashboard belongs to the cluster, got %s", path)
	}
	body := fmt.Sprint(prop(dashboard)["DashboardBody"])
	for _, heading := range []string{"Service Shared/Web", "Service Shared/Api", "Cluster Shared/Cluster"} {
		if !strings.Contains(body, heading) {
			t.Errorf("dashboard lacks the rows of %s", heading)
		}
	}
	for id, alarm := range s.Of("AWS::CloudWatch::Alarm") {
		path, dims := cdktest.Path(alarm), fmt.Sprint(prop(alarm))
		switch {
		case strings.HasPrefix(path, "Shared/Alb/"):
			if strings.Contains(dims, "TargetGroup") {
				t.Errorf("load balancer alarm %s reads a target group: %s", id, dims)
			}
		case strings.Contains(path, "ServerErrorAlarm"), strings.Contains(path, "LatencyAlarm"), strings.Contains(path, "UnhealthyHostsAlarm"):
			// Every metric the alarm reads, the divisor of a rate included, is
			// its own target group's.
			metrics := alarmMetrics(prop(alarm))
			if len(metrics) == 0 {
				t.Errorf("service alarm %s reads no metric: %s", path, dims)
			}
			for _, m := range metrics {
				if !hasDimension(m, "TargetGroup") {
					t.Errorf("service alarm %s reads %v beyond its target group", path, m["MetricName"])
				}
			}
		}
	}
}

// alarmMetrics are the metrics an alarm's properties read: its own, or
// each MetricStat of its metric math.
func alarmMetrics(p map[string]any) []map[string]any {
	if p["MetricName"] != nil {
		return []map[string]any{p}
	}
	var metrics []map[string]any
	queries, _ := p["Metrics"].([]any)
	for _, q := range queries {
		if stat, ok := q.(map[string]any)["MetricStat"].(map[string]any); ok {
			metrics = append(metrics, stat["Metric"].(map[string]any))
		}
	}
	return metrics
}

// hasDimension reports whether a metric has the dimension name.
func hasDimension(metric map[string]any, name string) bool {
	dims, _ := metric["Dimensions"].([]any)
	for _, d := range dims {
		if d.(map[string]any)["Name"] == name {
			return true
		}
	}
	return false
}

// The access log bucket lets ELB write in every region: the service
// principal everywhere, and the regional ELB account where AWS documents
// one. An environment-agnostic stack chooses the account at deploy time,
// by conditions on the region, falling back to the stack's own account in a
// region CDK does not know: with no lookup that can fail, and without the
// AWS::LanguageExtensions transform, which would apply to a user's whole
// stack.
func TestAccessLogsGrantTheWriterOfEveryRegion(t *testing.T) {
	principalOf := func(s *cdktest.Synthesized) map[string]any {
		t.Helper()
		for _, policy := range s.Of("AWS::S3::BucketPolicy") {
			for _, statement := range prop(policy)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
				st := statement.(map[string]any)
				if st["Action"] == "s3:PutObject" {
					return st["Principal"].(map[string]any)
				}
			}
		}
		t.Fatalf("%s: no PutObject grant", s.Name)
		return nil
	}
	legacy := principalOf(synthesized(t, legacyRegionName))
	if legacy["Service"] != "logdelivery.elasticloadbalancing.amazonaws.com" || !strings.Contains(fmt.Sprint(legacy["AWS"]), "156460612806") {
		t.Errorf("eu-west-1: want the service principal and ELB account 156460612806, got %v", legacy)
	}
	if fresh := principalOf(synthesized(t, newRegionName)); fresh["Service"] != "logdelivery.elasticloadbalancing.amazonaws.com" || fresh["AWS"] != nil {
		t.Errorf("ap-southeast-5: want the service principal only, got %v", fresh)
	}
	agnostic := synthesized(t, sharedName)
	principal := principalOf(agnostic)
	if principal["Service"] != "logdelivery.elasticloadbalancing.amazonaws.com" {
		t.Errorf("environment-agnostic: want the service principal, got %v", principal)
	}
	// The account, as CloudFormation would choose it in each region.
	conditions := agnostic.JSON["Conditions"].(map[string]any)
	for region, want := range map[string]string{
		"us-east-1": "127311923021", "eu-west-1": "156460612806", "us-gov-west-1": "048591011584", "af-south-1": "098369216593",
		"us-west-2": "797873946194", "ap-southeast-5": "map[Ref:AWS::AccountId]", "xx-future-1": "map[Ref:AWS::AccountId]",
	} {
		if got := fmt.Sprint(evaluate(t, principal["AWS"], conditions, region)); got != want {
			t.Errorf("%s: want the ELB account %s, got %s", region, want, got)
		}
	}
	if depth := nesting(principal["AWS"]); depth > 8 {
		t.Errorf("the choice nests %d lists deep: CDK's assertions library takes 2^depth steps on it", depth)
	}
	for _, name := range allNames {
		if transform := synthesized(t, name).JSON["Transform"]; transform != nil {
			t.Errorf("%s: want no transform, got %v", name, transform)
		}
	}
	for _, name := range []string{legacyRegionName, newRegionName} {
		if s := synthesized(t, name); s.JSON["Conditions"] != nil || s.JSON["Mappings"] != nil {
			t.Errorf("%s: a stack with a region needs no lookup, got %v %v", name, s.JSON["Conditions"], s.JSON["Mappings"])
		}
	}
}

func TestClusterSelectsTheArm64Al2ImageForGraviton(t *testing.T) {
	s := synthesized(t, gravitonName)
	s.HasProps(t, "AWS::EC2::LaunchTemplate", obj{"LaunchTemplateData": like(obj{
		"InstanceType": "t4g.small",
		"KeyName":      "ops",
		"ImageId":      "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended/image_id",
	})})
}

func TestClusterHonoursNatGatewaysAndInstanceBounds(t *testing.T) {
	s := synthesized(t, gravitonName)
	s.CountIs(t, "AWS::EC2::NatGateway", 1)
	s.HasProps(t, "AWS::AutoScaling::AutoScalingGroup", obj{"MinSize": "0", "MaxSize": "3"})
}

// cdk-nag ran on every stack (cdktest.SynthAll); neither it nor CDK left a
// warning.
func TestStacksSynthesizeWithoutWarnings(t *testing.T) {
	for _, name := range allNames {
		s := synthesized(t, name)
		for _, m := range cdktest.Messages(t, s.Assembly, name) {
			t.Errorf("%s: %s", name, m)
		}
	}
}

// Removing Spot capacity, step one: the Spot provider stays associated with
// the cluster, but neither the service nor the cluster's default strategy
// names it any more, so a deploy moves the tasks to on-demand and the next
// one may drop the provider.
func TestRetiredSpotStaysAssociatedButPlacesNoTask(t *testing.T) {
	s := synthesized(t, retiredSpotName)
	s.CountIs(t, "AWS::ECS::CapacityProvider", 2)
	var onDemand string
	for id, provider := range s.Of("AWS::ECS::CapacityProvider") {
		group := s.Of("AWS::AutoScaling::AutoScalingGroup")[ref(prop(provider)["AutoScalingGroupProvider"].(map[string]any)["AutoScalingGroupArn"])]
		if prop(group)["MixedInstancesPolicy"] == nil {
			onDemand = id
		}
	}
	association := prop(s.Only(t, "AWS::ECS::ClusterCapacityProviderAssociations"))
	if providers := association["CapacityProviders"].([]any); len(providers) != 2 {
		t.Errorf("want both providers associated, got %v", providers)
	}
	only := []any{obj{"CapacityProvider": obj{"Ref": onDemand}, "Weight": 1.0}}
	if got := association["DefaultCapacityProviderStrategy"]; fmt.Sprint(got) != fmt.Sprint(only) {
		t.Errorf("cluster default strategy: want on-demand only, got %v", got)
	}
	if got := prop(s.Only(t, "AWS::ECS::Service"))["CapacityProviderStrategy"]; fmt.Sprint(got) != fmt.Sprint(only) {
		t.Errorf("service strategy: want on-demand only, got %v", got)
	}
}

// ECS refuses capacity provider names that start with aws, ecs or fargate
// in any case, and CloudFormation names a provider after its stack: in a
// stack named EcsShop, each provider gets a name of its own; elsewhere the
// generated name stays, so that deployed clusters keep their providers.
func TestCapacityProvidersOfAStackNamedEcsShopAreNamedApart(t *testing.T) {
	names := map[string]bool{}
	for _, provider := range synthesized(t, ecsShopName).Of("AWS::ECS::CapacityProvider") {
		name, _ := prop(provider)["Name"].(string)
		if !strings.HasPrefix(name, "cp-EcsShop") || len(name) > 255 {
			t.Errorf("EcsShop: want a name cp-EcsShop..., got %q", name)
		}
		names[name] = true
	}
	if len(names) != 2 {
		t.Errorf("EcsShop: want two distinct provider names, got %v", names)
	}
	for _, name := range []string{sharedName, retiredSpotName} {
		for id, provider := range synthesized(t, name).Of("AWS::ECS::CapacityProvider") {
			if n, set := prop(provider)["Name"]; set {
				t.Errorf("%s: %s: want the generated name, got %v", name, id, n)
			}
		}
	}
}

// Changing the strategy (here step one of retiring Spot) updates the
// service in place with a forced deployment, which ECS requires for a new
// strategy: the same logical ID, no fixed name, the same scalable target;
// only the strategy and the nonce that forces the deployment differ. The
// nonce depends on the strategy alone.
func TestChangingTheStrategyRedeploysTheServiceInPlace(t *testing.T) {
	type service struct{ id, nonce, strategy, target string }
	read := func(name string) service {
		s := synthesized(t, name)
		id, r := s.OnlyWithID(t, "AWS::ECS::Service")
		p := prop(r)
		if _, named := p["ServiceName"]; named {
			t.Errorf("%s: a ServiceName would make a strategy change replace the service", name)
		}
		force, _ := p["ForceNewDeployment"].(map[string]any)
		if force["EnableForceNewDeployment"] != true {
			t.Errorf("%s: want EnableForceNewDeployment, got %v", name, force)
		}
		target, _ := s.OnlyWithID(t, "AWS::ApplicationAutoScaling::ScalableTarget")
		return service{id, fmt.Sprint(force["ForceNewDeploymentNonce"]), fmt.Sprint(p["CapacityProviderStrategy"]), target}
	}
	withSpot, retired, onDemand := read(ecsShopName), read(retiredSpotName), read(legacyRegionName)
	if withSpot.id != retired.id || withSpot.target != retired.target {
		t.Errorf("the service or its scalable target would be replaced: %v, %v", withSpot, retired)
	}
	if withSpot.strategy == retired.strategy || withSpot.nonce == retired.nonce {
		t.Errorf("want the strategy and the nonce to change together: %v, %v", withSpot, retired)
	}
	if retired.strategy != onDemand.strategy || retired.nonce != onDemand.nonce {
		t.Errorf("the same strategy must give the same nonce: %v, %v", retired, onDemand)
	}
}

// evaluate resolves the Fn::If, Fn::Or, Fn::Equals, Condition and Ref
// AWS::Region of a template value as CloudFormation would in region; other
// values stay.
func evaluate(t *testing.T, v any, conditions map[string]any, region string) any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return v
	}
	for fn, arg := range m {
		args, _ := arg.([]any)
		switch fn {
		case "Fn::If":
			if evaluate(t, conditions[args[0].(string)], conditions, region) == true {
				return evaluate(t, args[1], conditions, region)
			}
			return evaluate(t, args[2], conditions, region)
		case "Fn::Or":
			for _, c := range args {
				if evaluate(t, c, conditions, region) == true {
					return true
				}
			}
			return false
		case "Fn::Equals":
			return evaluate(t, args[0], conditions, region) == evaluate(t, args[1], conditions, region)
		case "Condition":
			return evaluate(t, conditions[arg.(string)], conditions, region)
		case "Ref":
			if arg == "AWS::Region" {
				return region
			}
		}
	}
	return v
}

// nesting is how deeply lists nest in a template value.
func nesting(v any) int {
	deepest := 0
	switch x := v.(type) {
	case []any:
		for _, item := range x {
			deepest = max(deepest, nesting(item))
		}
		return deepest + 1
	case map[string]any:
		for _, item := range x {
			deepest = max(deepest, nesting(item))
		}
	}
	return deepest
}

// cfn-lint finds no error and no warning in this package's stacks (one run
// over all of them), and no DependsOn of the constructs' own that a
// reference already implies (W3005): only CDK's own providers write such
// edges (cdktest.CfnLintAccepted). The two stacks with a region are left
// out: CDK names their zones literally, which cfn-lint's W3010 flags in any
// region-bound stack.
func TestStacksPassCfnLint(t *testing.T) {
	var files []string
	for _, name := range allNames {
		if name != legacyRegionName && name != newRegionName {
			files = append(files, synthesized(t, name).File)
		}
	}
	if findings := cdktest.CfnLint(t, files...); findings != "" {
		t.Errorf("cfn-lint:\n%s", findings)
	}
}
