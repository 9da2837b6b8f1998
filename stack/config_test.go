package stack

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

func appWithContext(ctx map[string]any) awscdk.App {
	return awscdk.NewApp(&awscdk.AppProps{Context: &ctx})
}

func TestConfigFromContextAcceptsJSONValuesAndCommandLineStrings(t *testing.T) {
	cfg, err := ConfigFromContext(appWithContext(map[string]any{
		"instanceType":      "t3.small",
		"maxInstances":      "3",   // -c maxInstances=3
		"minTasks":          2.0,   // cdk.json: "minTasks": 2
		"natGateways":       " 1 ", // spaces around a -c value
		"warmPool":          "true",
		"spotInstanceTypes": "t3.small, t3a.small",
		// CDK's and other tools' keys are not this stack's business.
		"@aws-cdk/aws-ec2:restrictDefaultSecurityGroup": true,
		"aws:cdk:enable-path-metadata":                  true,
		"cli-telemetry":                                 false,
		"acknowledged-issue-numbers":                    []any{},
	}).Node())
	if err != nil {
		t.Fatal(err)
	}
	if *cfg.InstanceType != "t3.small" || *cfg.MaxInstances != 3 || *cfg.MinTasks != 2 || *cfg.NatGateways != 1 || !*cfg.WarmPool ||
		strings.Join(cfg.SpotInstanceTypes, ",") != "t3.small,t3a.small" {
		t.Errorf("got %+v", cfg)
	}
	if cfg.MinInstances != nil || cfg.MaxTasks != nil || cfg.RequestsPerTarget != nil || cfg.MaxAzs != nil {
		t.Errorf("unset keys must stay nil, got %+v", cfg)
	}
}

func TestConfigFromContextFailsOnEveryBadValueAndMisspelledKeyAtOnce(t *testing.T) {
	for name, tc := range map[string]struct {
		context map[string]any
		want    []string
	}{
		"malformed values": {
			context: map[string]any{"maxInstances": "abc", "requestsPerTarget": "2.5", "maxTasks": true, "instanceType": "large", "warmPool": "maybe"},
			want: []string{
				`context maxInstances ("abc") is not a number: set a whole number, for example -c maxInstances=2`,
				`context requestsPerTarget (2.5) is not a whole number`,
				`context maxTasks (true) is not a number`,
				`context instanceType (large) is not an instance type: use a name such as t3.micro`,
				`context warmPool (maybe) is not true or false`,
			},
		},
		"a key in the wrong case": {
			context: map[string]any{"maxtasks": "20"},
			want:    []string{"context maxtasks is not a setting of this stack: did you mean maxTasks?"},
		},
		"a key with a typo": {
			context: map[string]any{"instanceTyp": "t3.small", "spotInstanceType": "t3.small"},
			want: []string{
				"context instanceTyp is not a setting of this stack: did you mean instanceType?",
				"context spotInstanceType is not a setting of this stack: did you mean spotInstanceTypes?",
			},
		},
		"a network mode and a capacity that are none": {
			context: map[string]any{"networkMode": "vpc", "capacity": "fargate", "awsvpcTrunking": "on"},
			want: []string{
				"context networkMode (vpc) is not one of bridge, awsvpc",
				"context capacity (fargate) is not one of asg, managed",
				"context awsvpcTrunking (on) is not true or false",
			},
		},
		"half a hosted zone": {
			context: map[string]any{"hostedZoneId": "Z0123"},
			want:    []string{"context hostedZoneId and hostedZoneName go together"},
		},
		"a list that is not one of instance types": {
			context: map[string]any{"spotInstanceTypes": "t3.small,large"},
			want:    []string{"context spotInstanceTypes (t3.small,large) is not a list of instance types"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ConfigFromContext(appWithContext(tc.context).Node())
			if err == nil {
				t.Fatal("want an error")
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q:\n%v", want, err)
				}
			}
		})
	}
}

// Malformed values and settings that break a construct's rule come in one
// report that names the keys the user typed, and no stack is built.
func TestNewHostNameStackFromContextReportsEveryProblemUnderItsKey(t *testing.T) {
	app := appWithContext(map[string]any{"maxInstances": "abc", "natGateways": "3", "minTasks": "5", "maxTasks": "2", "maxTask": "4"})
	_, err := NewHostNameStackFromContext(app, "Invalid")
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{
		`context maxInstances ("abc") is not a number`,
		"context maxTask is not a setting of this stack: did you mean maxTasks?",
		"natGateways (3) is more than the availability zones (2)",
		"minTasks (5) is above maxTasks (2): lower minTasks or raise maxTasks",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	for _, goName := range []string{"MinTasks", "NatGateways", "MaxInstances", "Cluster", "Image"} {
		if strings.Contains(err.Error(), goName) {
			t.Errorf("error names the Go field %s instead of the key:\n%v", goName, err)
		}
	}
	if children := len(*app.Node().Children()); children != 0 {
		t.Errorf("want no stack in the app, found %d children", children)
	}
}

// Services that need more than the instances hold are in the same report
// as the other problems, under the keys that change it; the fixes that
// only Go code can apply are left out. A mistyped instance type gets the
// type it probably is.
func TestNewHostNameStackFromContextReportsOvercommitWithTheOtherProblems(t *testing.T) {
	_, err := NewHostNameStackFromContext(appWithContext(map[string]any{"natGateways": "3", "maxTasks": "21", "requestsPerTarget": "0"}), "Invalid")
	if err == nil {
		t.Fatal("want an error")
	}
	if !slices.ContainsFunc(strings.Split(err.Error(), "\n"), func(line string) bool { return strings.HasSuffix(line, "lower maxTasks") }) {
		t.Errorf("want the capacity line to end with the fixes a context key applies, and no more:\n%v", err)
	}
	for _, goOnly := range []string{"Cpu", "MemoryReservationMiB", "AllowOvercommit", "InstanceType"} {
		if strings.Contains(err.Error(), goOnly) {
			t.Errorf("the report names %s, which no context key sets:\n%v", goOnly, err)
		}
	}
	for _, want := range []string{
		"requestsPerTarget (0) must be positive",
		"natGateways (3) is more than the availability zones (2)",
		"the services may reserve 10752 CPU units and 2688 MiB on on-demand capacity at once (Invalid/Service 42 tasks of 256 CPU units and 64 MiB, at maxTasks during a deploy)",
		"that maxInstances (5) instances of instanceType (t3.micro) hold; 6 instances would: raise maxInstances, choose a larger instanceType or lower maxTasks",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if _, err := NewHostNameStackFromContext(appWithContext(map[string]any{"maxTasks": "20"}), "Fits"); err != nil {
		t.Errorf("20 tasks, 40 in a deploy, fill five t3.micro exactly: want no error, got %v", err)
	}
	// A mistyped instance type: its suggestion, and no capacity check of
	// the t3.micro that stood in for it.
	_, err = NewHostNameStackFromContext(appWithContext(map[string]any{"maxTasks": "21", "instanceType": "m6i.larg"}), "Invalid")
	if err == nil || !strings.Contains(err.Error(), "instanceType (m6i.larg) is not an EC2 instance type: did you mean m6i.large?") ||
		strings.Contains(err.Error(), "t3.micro") {
		t.Errorf("want the type's suggestion and no check of the default type, got %v", err)
	}
}

// ECS Managed Instances with the keys of an Auto Scaling group, bridge-mode
// tasks and awsvpc tasks that do not fit: every problem under its key, and
// nothing built.
func TestNewHostNameStackFromContextReportsNetworkAndCapacityProblems(t *testing.T) {
	_, err := NewHostNameStackFromContext(appWithContext(map[string]any{"capacity": "managed", "minInstances": "2", "warmPool": "true", "networkMode": "bridge"}), "Invalid")
	for _, want := range []string{
		"minInstances applies to the cluster's own Auto Scaling group, which ECS Managed Instances replace: drop minInstances",
		"warmPool applies to the cluster's own Auto Scaling group, which ECS Managed Instances replace: drop warmPool",
		"networkMode (bridge) cannot run on ECS Managed Instances",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	_, err = NewHostNameStackFromContext(appWithContext(map[string]any{"networkMode": "awsvpc"}), "Invalid")
	want := "the awsvpc services may run 20 tasks at once on on-demand capacity (Invalid/Service 20, at maxTasks during a deploy), each with a network interface of its own, " +
		"more than the 5 that maxInstances (5) instances of instanceType (t3.micro) hold: 1 each, one per network interface beyond the first; " +
		"20 instances would: raise maxInstances, lower maxTasks, choose an instanceType with a trunk, such as m6i.large with awsvpcTrunking (10 network interfaces for tasks); " +
		"or set the services' networkMode back to bridge"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("awsvpc tasks on t3.micro: want %q, got %v", want, err)
	}
	if _, err := NewHostNameStackFromContext(appWithContext(map[string]any{"networkMode": "awsvpc", "instanceType": "m6i.large", "awsvpcTrunking": "true"}), "Fits"); err != nil {
		t.Errorf("awsvpc tasks on m6i.large with trunking: want no error, got %v", err)
	}
}

// Config's fields are the context keys' values: a Go caller that sets them
// reads the problems under the same key names.
func TestNewHostNameStackNamesConfigFieldsByTheirKeys(t *testing.T) {
	_, err := NewHostNameStack(awscdk.NewApp(nil), "Invalid", &HostNameStackProps{Config: Config{MinTasks: new(5.0), MaxTasks: new(2.0)}})
	if err == nil || !strings.Contains(err.Error(), "minTasks (5) is above maxTasks (2)") {
		t.Errorf("want the keys named, got %v", err)
	}
}

// Every knob the context sets reaches the template.
func TestContextValuesReachTheTemplate(t *testing.T) {
	s := knobsStack(t)
	s.HasProps(t, "AWS::EC2::LaunchTemplate", obj{"LaunchTemplateData": like(obj{"InstanceType": "t3.small"})})
	s.HasProps(t, "AWS::AutoScaling::AutoScalingGroup", obj{"MinSize": "2", "MaxSize": "4"})
	s.HasProps(t, "AWS::ApplicationAutoScaling::ScalableTarget", obj{"MinCapacity": 2, "MaxCapacity": 6})
	s.HasProps(t, "AWS::ApplicationAutoScaling::ScalingPolicy", obj{
		"TargetTrackingScalingPolicyConfiguration": like(obj{"TargetValue": 80}),
	})
	s.CountIs(t, "AWS::EC2::NatGateway", 1)
	s.CountIs(t, "AWS::EC2::Subnet", 4)
	s.CountIs(t, "AWS::AutoScaling::WarmPool", 1)
	s.HasProps(t, "AWS::ECS::TaskDefinition", obj{"ContainerDefinitions": []any{like(obj{
		"Environment": arrayWith(obj{"Name": "APP_VERSION", "Value": "2026.12.1"}),
	})}})
	s.HasProps(t, "AWS::ECS::Service", obj{"EnableExecuteCommand": true})
}

// The README's table of context keys lists exactly the keys the stack reads.
func TestReadmeDocumentsEveryContextKey(t *testing.T) {
	readme, err := os.ReadFile(cdktest.RepoRoot() + "/README.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z][a-zA-Z]+)` \\|").FindAllStringSubmatch(string(readme), -1) {
		documented[m[1]] = true
	}
	for _, key := range ContextKeys {
		if !documented[key] {
			t.Errorf("README.md has no table row for context key %q", key)
		}
		delete(documented, key)
	}
	for key := range documented {
		t.Errorf("README.md documents context key %q, which the stack does not read", key)
	}
}
