package stack

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// synthesized is one stack synthesized once and read by many tests.
type synthesized struct {
	stack    *HostNameStack
	template assertions.Template
	json     map[string]any
	file     string // the template as cdk.out holds it
	assembly string // the cloud assembly folder
}

var synthCache = map[string]*synthesized{}

// synth builds the stack with cdk.json's context plus extra, once per
// distinct name; later calls return the same template.
func synth(t *testing.T, name string, extra map[string]any) *synthesized {
	t.Helper()
	if s, ok := synthCache[name]; ok {
		return s
	}
	outdir, err := os.MkdirTemp("", "cdk.out-"+name)
	if err != nil {
		t.Fatal(err)
	}
	app := cdktest.NewApp(outdir, extra)
	// cdk-nag's AwsSolutions pack reviews every stack the tests build: an
	// unsuppressed finding fails the synthesis.
	awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}), nil)
	cfg, err := ConfigFromContext(app.Node())
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	st, err := NewHostNameStack(app, "HostNameService", &HostNameStackProps{Config: cfg})
	if err != nil {
		t.Fatalf("new stack: %v", err)
	}
	var s *synthesized
	cdktest.Check(t, func() {
		assembly := app.Synth(nil)
		file := filepath.Join(*assembly.Directory(), "HostNameService.template.json")
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var tpl map[string]any
		if err := json.Unmarshal(raw, &tpl); err != nil {
			t.Fatal(err)
		}
		s = &synthesized{stack: st, template: assertions.Template_FromJSON(&tpl, nil), json: tpl, file: file, assembly: *assembly.Directory()}
	})
	if s == nil {
		t.FailNow()
	}
	synthCache[name] = s
	return s
}

// defaultStack is the stack as `cdk synth` builds it with cdk.json alone.
func defaultStack(t *testing.T) *synthesized {
	t.Helper()
	return synth(t, "default", nil)
}

// httpsStack is the stack with a domain in a hosted zone: a DNS-validated
// certificate, HTTPS, and HTTP redirected to it.
func httpsStack(t *testing.T) *synthesized {
	t.Helper()
	return synth(t, "https", map[string]any{
		"domainName":     "hostname.example.com",
		"hostedZoneId":   "Z0123456789ABCDEFGHIJ",
		"hostedZoneName": "example.com",
	})
}
