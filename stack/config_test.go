package stack

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

func TestConfigFromContextAcceptsJSONNumbersAndCommandLineStrings(t *testing.T) {
	app := awscdk.NewApp(&awscdk.AppProps{Context: &map[string]any{
		"instanceType": "t3.small",
		"maxInstances": "3",   // -c maxInstances=3
		"minTasks":     2.0,   // cdk.json: "minTasks": 2
		"natGateways":  " 1 ", // spaces around a -c value
	}})
	cfg, err := ConfigFromContext(app.Node())
	if err != nil {
		t.Fatal(err)
	}
	if *cfg.InstanceType != "t3.small" || *cfg.MaxInstances != 3 || *cfg.MinTasks != 2 || *cfg.NatGateways != 1 {
		t.Errorf("got %+v", cfg)
	}
	if cfg.MinInstances != nil || cfg.MaxTasks != nil || cfg.RequestsPerTarget != nil || cfg.MaxAzs != nil {
		t.Errorf("unset keys must stay nil, got %+v", cfg)
	}
}

func TestConfigFromContextFailsOnMalformedValuesAndNamesThemAll(t *testing.T) {
	app := awscdk.NewApp(&awscdk.AppProps{Context: &map[string]any{
		"maxInstances":      "abc",
		"requestsPerTarget": "2.5",
		"maxTasks":          true,
		"instanceType":      "large",
	}})
	_, err := ConfigFromContext(app.Node())
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{
		`context maxInstances ("abc") is not a number: set a whole number, for example -c maxInstances=2`,
		`context requestsPerTarget (2.5) is not a whole number`,
		`context maxTasks (true) is not a number`,
		`context instanceType (large) is not an instance type: use a name such as t3.micro`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

// Context values that parse but break a rule get the constructs' messages,
// all at once, and no stack is built.
func TestNewHostNameStackFailsOnInvalidConfigWithEveryProblem(t *testing.T) {
	app := awscdk.NewApp(nil)
	_, err := NewHostNameStack(app, "Invalid", &HostNameStackProps{Config: Config{
		MinInstances: new(4.0),
		MaxInstances: new(2.0),
		MaxTasks:     new(0.0),
		NatGateways:  new(3.0),
	}})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{
		"MinInstances (4) is above MaxInstances (2)",
		"NatGateways (3) is more than the availability zones (2)",
		"MaxTasks (0) must be a whole number of at least 1",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if children := len(*app.Node().Children()); children != 0 {
		t.Errorf("want no stack in the app, found %d children", children)
	}
}

// Every knob set with -c reaches the template.
func TestContextValuesReachTheTemplate(t *testing.T) {
	s := synth(t, "knobs", map[string]any{
		"instanceType":      "t3.small",
		"minInstances":      "2",
		"maxInstances":      "4",
		"minTasks":          "2",
		"maxTasks":          "6",
		"requestsPerTarget": "80",
		"natGateways":       "1",
		"maxAzs":            "2",
	})
	hasProps(t, s, "AWS::EC2::LaunchTemplate", obj{"LaunchTemplateData": like(obj{"InstanceType": "t3.small"})})
	hasProps(t, s, "AWS::AutoScaling::AutoScalingGroup", obj{"MinSize": "2", "MaxSize": "4"})
	hasProps(t, s, "AWS::ApplicationAutoScaling::ScalableTarget", obj{"MinCapacity": 2, "MaxCapacity": 6})
	hasProps(t, s, "AWS::ApplicationAutoScaling::ScalingPolicy", obj{
		"TargetTrackingScalingPolicyConfiguration": like(obj{"TargetValue": 80}),
	})
	countIs(t, s, "AWS::EC2::NatGateway", 1)
	countIs(t, s, "AWS::EC2::Subnet", 4)
}

// The README's table of context keys lists exactly the keys the stack reads.
func TestReadmeDocumentsEveryContextKey(t *testing.T) {
	readme, err := os.ReadFile(cdktest.RepoRoot() + "/README.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-zA-Z]+)` \\|").FindAllStringSubmatch(string(readme), -1) {
		documented[m[1]] = true
	}
	for _, key := range ContextKeys {
		if !documented[key] {
			t.Errorf("README.md has no table row for context key %q", key)
		}
		delete(documented, key)
	}
	for key := range documented {
		if strings.ToLower(key[:1]) == key[:1] {
			t.Errorf("README.md documents context key %q, which the stack does not read", key)
		}
	}
}
