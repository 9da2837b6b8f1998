package cdktest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// Obj is a template object, for matchers.
type Obj = map[string]any

// Like matches an object that has at least m's keys and values.
func Like(m Obj) assertions.Matcher { return assertions.Match_ObjectLike(&m) }

// ArrayWith matches an array that holds the items, in order.
func ArrayWith(items ...any) assertions.Matcher { return assertions.Match_ArrayWith(&items) }

// Synthesized is one synthesized stack that many tests read.
type Synthesized struct {
	Name     string              // the stack's name
	Template assertions.Template // for CDK's matchers
	JSON     map[string]any      // the template
	File     string              // the template file in the cloud assembly
	Assembly string              // the cloud assembly folder
}

// SynthAll synthesizes app once, with cdk-nag's AwsSolutions pack reviewing
// every stack (an unsuppressed finding fails the synthesis), and returns the
// named stacks. Synthesis is the slow part of these tests: one app holds
// every variant a package reads.
func SynthAll(t testing.TB, app awscdk.App, stackNames ...string) map[string]*Synthesized {
	t.Helper()
	awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}), nil)
	return Synth(t, app, stackNames...)
}

// AddCompliancePacks runs cdk-nag's NIST 800-53 R5, PCI DSS 3.2.1 and
// HIPAA Security packs on scope too: their findings, as the AwsSolutions
// pack's, are errors in the assembly's metadata (Messages).
func AddCompliancePacks(scope constructs.IConstruct) {
	for _, pack := range []awscdk.IAspect{
		cdknag.NewNIST80053R5Checks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}),
		cdknag.NewPCIDSS321Checks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}),
		cdknag.NewHIPAASecurityChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}),
	} {
		awscdk.Aspects_Of(scope).Add(pack, nil)
	}
}

// Synth synthesizes app once and returns the named stacks.
func Synth(t testing.TB, app awscdk.App, stackNames ...string) map[string]*Synthesized {
	t.Helper()
	var dir string
	Check(t, func() { dir = *app.Synth(nil).Directory() })
	if dir == "" {
		t.FailNow()
	}
	stacks := map[string]*Synthesized{}
	for _, name := range stackNames {
		file := filepath.Join(dir, name+".template.json")
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var tpl map[string]any
		if err := json.Unmarshal(raw, &tpl); err != nil {
			t.Fatal(err)
		}
		stacks[name] = &Synthesized{Name: name, Template: assertions.Template_FromJSON(&tpl, nil), JSON: tpl, File: file, Assembly: dir}
	}
	return stacks
}

// HasProps checks that a resource of the type has the properties.
func (s *Synthesized) HasProps(t testing.TB, resourceType string, props Obj) {
	t.Helper()
	Check(t, func() { s.Template.HasResourceProperties(jsii.String(resourceType), props) })
}

// CountIs checks how many resources of the type the template has.
func (s *Synthesized) CountIs(t testing.TB, resourceType string, n int) {
	t.Helper()
	if got := len(Resources(s.JSON, resourceType)); got != n {
		t.Errorf("%s: %s: want %d, found %d", s.Name, resourceType, n, got)
	}
}

// Of returns the template's resources of one type by logical ID.
func (s *Synthesized) Of(resourceType string) map[string]map[string]any {
	return Resources(s.JSON, resourceType)
}

// Only returns the one resource of a type.
func (s *Synthesized) Only(t testing.TB, resourceType string) map[string]any {
	t.Helper()
	_, r := Only(t, s.JSON, resourceType)
	return r
}

// OnlyWithID returns the logical ID and the one resource of a type.
func (s *Synthesized) OnlyWithID(t testing.TB, resourceType string) (string, map[string]any) {
	t.Helper()
	return Only(t, s.JSON, resourceType)
}

// OnlyWhere returns the logical ID and the one resource of a type whose
// properties match.
func (s *Synthesized) OnlyWhere(t testing.TB, resourceType string, match func(props map[string]any) bool) (string, map[string]any) {
	t.Helper()
	var id string
	var found map[string]any
	for candidate, r := range Resources(s.JSON, resourceType) {
		if match(Props(r)) {
			if found != nil {
				t.Fatalf("%s: more than one matching %s", s.Name, resourceType)
			}
			id, found = candidate, r
		}
	}
	if found == nil {
		t.Fatalf("%s: no matching %s", s.Name, resourceType)
	}
	return id, found
}

// ResourcesByID are all the template's resources by logical ID.
func (s *Synthesized) ResourcesByID() map[string]map[string]any {
	all := map[string]map[string]any{}
	for id, r := range s.JSON["Resources"].(map[string]any) {
		all[id] = r.(map[string]any)
	}
	return all
}

// PublicSubnets are the subnets whose route table sends 0.0.0.0/0 to the
// internet gateway.
func (s *Synthesized) PublicSubnets(t testing.TB) map[string]bool {
	t.Helper()
	igw, _ := s.OnlyWithID(t, "AWS::EC2::InternetGateway")
	toInternet := map[string]bool{}
	for _, route := range s.Of("AWS::EC2::Route") {
		if p := Props(route); Ref(p["GatewayId"]) == igw && p["DestinationCidrBlock"] == "0.0.0.0/0" {
			toInternet[Ref(p["RouteTableId"])] = true
		}
	}
	public := map[string]bool{}
	for _, a := range s.Of("AWS::EC2::SubnetRouteTableAssociation") {
		if toInternet[Ref(Props(a)["RouteTableId"])] {
			public[Ref(Props(a)["SubnetId"])] = true
		}
	}
	return public
}

// Ref is the {"Ref": id} or {"Fn::GetAtt": [id, ...]} target of v, or "".
func Ref(v any) string {
	m, _ := v.(map[string]any)
	if id, ok := m["Ref"].(string); ok {
		return id
	}
	if getAtt, ok := m["Fn::GetAtt"].([]any); ok && len(getAtt) > 0 {
		return fmt.Sprint(getAtt[0])
	}
	return ""
}

// Props is a resource's Properties.
func Props(r map[string]any) map[string]any {
	p, _ := r["Properties"].(map[string]any)
	return p
}

// Path is a resource's construct path, from its metadata.
func Path(r map[string]any) string {
	metadata, _ := r["Metadata"].(map[string]any)
	path, _ := metadata["aws:cdk:path"].(string)
	return path
}
