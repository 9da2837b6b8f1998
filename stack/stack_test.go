package stack

import (
	"flag"
	"os"
	"sync"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	cdktest.RemoveOutdirs()
	jsii.Close()
	os.Exit(code)
}

type obj = cdktest.Obj

var (
	like      = cdktest.Like
	arrayWith = cdktest.ArrayWith
	ref       = cdktest.Ref
	props     = cdktest.Props
)

// The variants the tests read, each a stack of one app synthesized once.
const (
	// defaultName is the stack as `cdk synth` builds it with cdk.json alone.
	defaultName = "HostNameService"
	// httpsName has a domain in a hosted zone: a DNS-validated certificate,
	// HTTPS, and HTTP redirected to it.
	httpsName = "Https"
	// gravitonSpotName runs on Graviton with Spot capacity next to
	// on-demand, and mails the alarms.
	gravitonSpotName = "GravitonSpot"
	// knobsName sets every setting a context key reaches.
	knobsName = "Knobs"
	// awsvpcName runs the service's tasks in awsvpc mode, on m5.large
	// instances with ENI trunking.
	awsvpcName = "TaskNetworking"
	// managedName runs the service on ECS Managed Instances.
	managedName = "ManagedInstances"
	// canaryName releases the service by canary: awsvpc tasks on m6i.large
	// instances with ENI trunking, 10 % first for 15 minutes, a 20-minute
	// bake; hardened, with a domain, and checked by the compliance packs
	// too.
	canaryName = "Canary"
	// hardenedName is the hardened profile, with a domain, dual-stack:
	// cdk-nag's NIST 800-53 R5, PCI DSS 3.2.1 and HIPAA packs run on it too.
	hardenedName = "Hardened"
)

var variantConfigs = map[string]Config{
	awsvpcName: {
		NetworkMode:    new("awsvpc"),
		InstanceType:   new("m5.large"),
		AwsvpcTrunking: new(true),
	},
	managedName: {
		Capacity: new("managed"),
	},
	hardenedName: {
		Hardened:       new(true),
		DualStack:      new(true),
		DomainName:     new("hostname.example.com"),
		HostedZoneID:   new("Z0123456789ABCDEFGHIJ"),
		HostedZoneName: new("example.com"),
	},
	canaryName: {
		NetworkMode:         new("awsvpc"),
		InstanceType:        new("m6i.large"),
		AwsvpcTrunking:      new(true),
		DeploymentStrategy:  new("canary"),
		TrafficShiftPercent: new(10.0),
		TrafficShiftMinutes: new(15.0),
		BakeMinutes:         new(20.0),
		Hardened:            new(true),
		DomainName:          new("canary.example.com"),
		HostedZoneID:        new("Z0123456789ABCDEFGHIJ"),
		HostedZoneName:      new("example.com"),
	},
	httpsName: {
		DomainName:     new("hostname.example.com"),
		HostedZoneID:   new("Z0123456789ABCDEFGHIJ"),
		HostedZoneName: new("example.com"),
	},
	gravitonSpotName: {
		InstanceType:      new("t4g.small"),
		SpotInstanceTypes: []string{"t4g.small", "t4g.medium"},
		SpotWeight:        new(3.0),
		AlarmEmail:        new("ops@example.com"),
	},
	knobsName: {
		InstanceType:      new("t3.small"),
		MinInstances:      new(2.0),
		MaxInstances:      new(4.0),
		MinTasks:          new(2.0),
		MaxTasks:          new(6.0),
		RequestsPerTarget: new(80.0),
		NatGateways:       new(1.0),
		MaxAzs:            new(2.0),
		WarmPool:          new(true),
		AppVersion:        new("2026.12.1"),
		ExecuteCommand:    new(true),
	},
}

var (
	synthOnce sync.Once
	variants  map[string]*cdktest.Synthesized
)

// variant synthesizes every variant once, with cdk.json's context, and
// returns one.
func variant(t *testing.T, name string) *cdktest.Synthesized {
	t.Helper()
	synthOnce.Do(func() {
		app := cdktest.NewApp(cdktest.TempOutdir(t), nil)
		if _, err := NewHostNameStackFromContext(app, defaultName); err != nil {
			t.Fatalf("%s: %v", defaultName, err)
		}
		names := []string{defaultName}
		for name, cfg := range variantConfigs {
			st, err := NewHostNameStack(app, name, &HostNameStackProps{Config: cfg})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if name == hardenedName || name == canaryName {
				cdktest.AddCompliancePacks(st.Stack)
			}
			names = append(names, name)
		}
		variants = cdktest.SynthAll(t, app, names...)
	})
	if variants == nil {
		t.Fatal("the variants did not synthesize")
	}
	return variants[name]
}

func defaultStack(t *testing.T) *cdktest.Synthesized { t.Helper(); return variant(t, defaultName) }

func httpsStack(t *testing.T) *cdktest.Synthesized { t.Helper(); return variant(t, httpsName) }

func gravitonSpotStack(t *testing.T) *cdktest.Synthesized {
	t.Helper()
	return variant(t, gravitonSpotName)
}

func knobsStack(t *testing.T) *cdktest.Synthesized { t.Helper(); return variant(t, knobsName) }

// allVariants are every synthesized variant, for the checks that apply to
// each.
func allVariants(t *testing.T) []*cdktest.Synthesized {
	t.Helper()
	return []*cdktest.Synthesized{defaultStack(t), httpsStack(t), gravitonSpotStack(t), knobsStack(t), awsvpcStack(t), managedStack(t), canaryStack(t), hardenedStack(t)}
}

// asgVariants are the variants whose cluster has Auto Scaling groups of
// its own.
func asgVariants(t *testing.T) []*cdktest.Synthesized {
	t.Helper()
	return []*cdktest.Synthesized{defaultStack(t), httpsStack(t), gravitonSpotStack(t), knobsStack(t), awsvpcStack(t), canaryStack(t), hardenedStack(t)}
}

func awsvpcStack(t *testing.T) *cdktest.Synthesized { t.Helper(); return variant(t, awsvpcName) }

func managedStack(t *testing.T) *cdktest.Synthesized { t.Helper(); return variant(t, managedName) }

func canaryStack(t *testing.T) *cdktest.Synthesized { t.Helper(); return variant(t, canaryName) }

func hardenedStack(t *testing.T) *cdktest.Synthesized { t.Helper(); return variant(t, hardenedName) }
