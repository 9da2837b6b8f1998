package main

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sqtypes "github.com/aws/aws-sdk-go-v2/service/servicequotas/types"
	"github.com/aws/smithy-go"
)

func TestStandardFamily(t *testing.T) {
	for _, tc := range []struct {
		instanceType string
		want         bool
	}{
		{"t3.micro", true}, {"t4g.small", true}, {"m7g.large", true}, {"c6gn.xlarge", true}, {"r5dn.large", true},
		{"a1.medium", true}, {"d3en.xlarge", true}, {"h1.2xlarge", true}, {"i4i.large", true}, {"im4gn.large", true},
		{"z1d.large", true}, {"M5.Large", true},
		{"g4dn.xlarge", false}, {"p4d.24xlarge", false}, {"x2idn.16xlarge", false}, {"f1.2xlarge", false},
		{"inf2.xlarge", false}, {"dl1.24xlarge", false}, {"trn1.2xlarge", false}, {"hpc7g.4xlarge", false},
		{"mac2.metal", false}, {"u-6tb1.metal", false}, {"vt1.3xlarge", false}, {"", false},
	} {
		if got := standardFamily(tc.instanceType); got != tc.want {
			t.Errorf("standardFamily(%q) = %v, want %v", tc.instanceType, got, tc.want)
		}
	}
}

func TestSettingsFromContext(t *testing.T) {
	for _, tc := range []struct {
		contexts []string
		want     stackSettings
		err      string
	}{
		{nil, stackSettings{NatGateways: 2, NatWhy: "one per zone, 2 zones by default", MaxInstances: 5, InstanceType: "t3.micro"}, ""},
		{[]string{"natGateways=1", "maxAzs=3"}, stackSettings{NatGateways: 1, NatWhy: "-context natGateways=1", MaxInstances: 5, InstanceType: "t3.micro"}, ""},
		{[]string{"maxAzs=3", "maxInstances=10", "instanceType=m5.large"},
			stackSettings{NatGateways: 3, NatWhy: "one per zone, -context maxAzs=3", MaxInstances: 10, InstanceType: "m5.large"}, ""},
		{[]string{"maxInstances=2", "maxInstances=4.0", "spotInstanceTypes=t3.micro, t3a.micro,,t3.micro"},
			stackSettings{NatGateways: 2, NatWhy: "one per zone, 2 zones by default", MaxInstances: 4, InstanceType: "t3.micro", SpotTypes: []string{"t3.micro", "t3a.micro"}}, ""},
		{[]string{"natGateways=0"}, stackSettings{NatGateways: 0, NatWhy: "-context natGateways=0", MaxInstances: 5, InstanceType: "t3.micro"}, ""},
		{[]string{"natGateways=two"}, stackSettings{}, "-context natGateways=two is not a whole number: set one, as in -context natGateways=2"},
		{[]string{"maxAzs=1.5"}, stackSettings{}, "-context maxAzs=1.5 is not a whole number"},
		{[]string{"maxInstances=-1"}, stackSettings{}, "-context maxInstances=-1 is not a whole number"},
	} {
		got, err := settingsFromContext(tc.contexts)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.contexts, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: %+v, %v\nwant %+v", tc.contexts, got, err, tc.want)
		}
	}
}

// quotaWorld is a Region's quotas, addresses and instance types.
type quotaWorld struct {
	applied  map[string]float64 // a code not here: NoSuchResourceException
	defaults map[string]float64
	ips      []elasticIP
	vcpus    map[string]int
	// sqErr and ec2Err are the answer of every Service Quotas, EC2 call.
	sqErr, ec2Err error
	asked         [][]string // the types DescribeInstanceTypes was asked for
}

func (w *quotaWorld) deps() quotaDeps {
	return quotaDeps{
		appliedQuota: func(_ context.Context, code string) (float64, error) {
			if w.sqErr != nil {
				return 0, w.sqErr
			}
			v, ok := w.applied[code]
			if !ok {
				return 0, &smithy.OperationError{ServiceID: "Service Quotas", OperationName: "GetServiceQuota",
					Err: &sqtypes.NoSuchResourceException{Message: aws.String("The request failed because the specified resource does not exist.")}}
			}
			return v, nil
		},
		defaultQuota: func(_ context.Context, code string) (float64, error) {
			v, ok := w.defaults[code]
			if !ok {
				return 0, errors.New("no default for " + code)
			}
			return v, nil
		},
		elasticIPs: func(context.Context) ([]elasticIP, error) { return w.ips, w.ec2Err },
		vcpus: func(_ context.Context, types []string) (map[string]int, error) {
			w.asked = append(w.asked, types)
			if w.ec2Err != nil {
				return nil, w.ec2Err
			}
			m := map[string]int{}
			for _, t := range types {
				v, ok := w.vcpus[t]
				if !ok {
					return nil, &smithy.GenericAPIError{Code: "InvalidInstanceType", Message: "The following supplied instance types do not exist: [" + t + "]"}
				}
				m[t] = v
			}
			return m, nil
		},
	}
}

// roomy is an account where the default stack just fits: 3 addresses of
// 5 taken, 10 On-Demand vCPUs, 20 Spot vCPUs.
func roomy() *quotaWorld {
	return &quotaWorld{
		applied:  map[string]float64{quotaElasticIPs: 5, quotaOnDemandStandard: 10, quotaSpotStandard: 20},
		defaults: map[string]float64{quotaElasticIPs: 5, quotaOnDemandStandard: 5, quotaSpotStandard: 5},
		ips:      []elasticIP{{PublicIP: "198.51.100.1"}, {PublicIP: "198.51.100.2"}, {PublicIP: "198.51.100.3", Stack: "Other"}},
		vcpus:    map[string]int{"t3.micro": 2, "t3a.micro": 2, "m5.xlarge": 4, "g4dn.xlarge": 4},
	}
}

func TestCheckQuotas(t *testing.T) {
	denied := &smithy.OperationError{ServiceID: "Service Quotas", OperationName: "GetServiceQuota",
		Err: &sqtypes.AccessDeniedException{Message: aws.String("User: arn:aws:iam::123456789012:user/me is not authorized to perform: servicequotas:GetServiceQuota")}}
	for _, tc := range []struct {
		name     string
		contexts []string
		change   func(*quotaWorld)
		notes    []string // each a part of a note
		err      string   // "" for none
	}{
		{
			name: "fits exactly",
			notes: []string{
				"quota: 2 Elastic IP(s) for the NAT gateways (one per zone, 2 zones by default) + 3 allocated already = 5 <= 5 (L-0263D0A3, EC2-VPC Elastic IPs)",
				"quota: maxInstances 5 x 2 vCPUs of t3.micro = 10 vCPUs <= 10 (L-1216C47A, Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances); instances already running count against it too",
			},
		},
		{
			name:   "one Elastic IP short",
			change: func(w *quotaWorld) { w.ips = append(w.ips, elasticIP{PublicIP: "198.51.100.4"}) },
			err: "not enough Elastic IPs in us-east-1: the stack's 2 NAT gateway(s) (one per zone, 2 zones by default) need 2, and 4 are allocated already: 6, " +
				"above the quota of 5 (L-0263D0A3, EC2-VPC Elastic IPs): release unused addresses (EC2 console, Elastic IPs), deploy with -context natGateways=1, " +
				"or request an increase of L-0263D0A3 in the Service Quotas console",
		},
		{
			name:     "one NAT gateway fits where two do not",
			contexts: []string{"natGateways=1"},
			change:   func(w *quotaWorld) { w.ips = append(w.ips, elasticIP{PublicIP: "198.51.100.4"}) },
			notes:    []string{"quota: 1 Elastic IP(s) for the NAT gateways (-context natGateways=1) + 4 allocated already = 5 <= 5"},
		},
		{
			name:     "one NAT gateway short: no advice to set natGateways=1",
			contexts: []string{"natGateways=1"},
			change:   func(w *quotaWorld) { w.ips = append(w.ips, elasticIP{}, elasticIP{}) },
			err:      "need 1, and 5 are allocated already: 6, above the quota of 5 (L-0263D0A3, EC2-VPC Elastic IPs): release unused addresses (EC2 console, Elastic IPs), or request an increase",
		},
		{
			name:     "maxAzs sets the NAT gateways",
			contexts: []string{"maxAzs=3"},
			err:      "the stack's 3 NAT gateway(s) (one per zone, -context maxAzs=3) need 3, and 3 are allocated already: 6, above the quota of 5",
		},
		{
			name:     "the stack's own addresses are not counted (-allow-existing)",
			contexts: []string{"maxAzs=3"},
			change: func(w *quotaWorld) {
				w.ips = []elasticIP{{PublicIP: "198.51.100.1"}, {Stack: StackName}, {Stack: StackName}, {Stack: StackName}}
			},
			notes: []string{"+ 1 allocated already (not counting the stack's own 3: a deploy over it keeps them) = 4 <= 5"},
		},
		{
			name:     "On-Demand vCPUs over",
			contexts: []string{"maxInstances=6"},
			err: "not enough On-Demand vCPUs in us-east-1: maxInstances 6 x 2 vCPUs of t3.micro = 12 vCPUs, above the quota of 10 " +
				"(L-1216C47A, Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances), and instances already running count against it too: " +
				"lower -context maxInstances or choose a smaller -context instanceType, or request an increase of L-1216C47A in the Service Quotas console",
		},
		{
			name:     "not a standard family: no vCPU check",
			contexts: []string{"instanceType=g4dn.xlarge"},
			notes: []string{"quota: 2 Elastic IP(s)",
				"quota L-1216C47A not checked for g4dn.xlarge: not of the standard families (A, C, D, H, I, M, R, T, Z), which have quotas of their own"},
		},
		{
			name:     "Spot fits exactly",
			contexts: []string{"spotInstanceTypes=t3.micro,m5.xlarge"},
			notes: []string{"quota: 2 Elastic IP(s)", "quota: maxInstances 5 x 2 vCPUs of t3.micro",
				"quota: maxInstances 5 x 4 vCPUs of m5.xlarge (the largest of spotInstanceTypes) = 20 vCPUs <= 20 (L-34B43A08, All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests); Spot instances already running count against it too"},
		},
		{
			name:     "Spot over",
			contexts: []string{"spotInstanceTypes=t3.micro,m5.xlarge", "maxInstances=4"},
			change:   func(w *quotaWorld) { w.applied[quotaSpotStandard] = 15 },
			err: "not enough Spot vCPUs in us-east-1: maxInstances 4 x 4 vCPUs of m5.xlarge (the largest of spotInstanceTypes) = 16 vCPUs, above the quota of 15 " +
				"(L-34B43A08, All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests), and Spot instances already running count against it too: " +
				"lower -context maxInstances or drop the larger types from -context spotInstanceTypes, or request an increase of L-34B43A08 in the Service Quotas console",
		},
		{
			name:     "Spot of other families is noted",
			contexts: []string{"spotInstanceTypes=g4dn.xlarge,t3a.micro"},
			notes: []string{"quota: 2 Elastic IP(s)", "quota: maxInstances 5 x 2 vCPUs of t3.micro",
				"maxInstances 5 x 2 vCPUs of t3a.micro (the largest of spotInstanceTypes) = 10 vCPUs <= 20 (L-34B43A08",
				"; quota L-34B43A08 not checked for g4dn.xlarge"},
		},
		{
			name:     "Spot of other families only",
			contexts: []string{"spotInstanceTypes=g4dn.xlarge"},
			notes:    []string{"quota: 2 Elastic IP(s)", "quota: maxInstances 5", "quota L-34B43A08 not checked for g4dn.xlarge"},
		},
		{
			name:     "Service Quotas denied: skipped",
			contexts: []string{"spotInstanceTypes=t3.micro"},
			change:   func(w *quotaWorld) { w.sqErr = denied },
			notes: []string{
				"quota check of Elastic IPs (L-0263D0A3) skipped, access denied: cannot read quota L-0263D0A3 (Service Quotas GetServiceQuota): ",
				"quota check of On-Demand vCPUs (L-1216C47A) skipped, access denied: ",
				"quota check of Spot vCPUs (L-34B43A08) skipped, access denied: ",
			},
		},
		{
			name: "EC2 denied: skipped",
			change: func(w *quotaWorld) {
				w.ec2Err = &smithy.GenericAPIError{Code: "UnauthorizedOperation", Message: "You are not authorized to perform this operation."}
			},
			notes: []string{
				"quota check of Elastic IPs (L-0263D0A3) skipped, access denied: cannot read the Elastic IPs (EC2 DescribeAddresses): api error UnauthorizedOperation",
				"quota check of On-Demand vCPUs (L-1216C47A) skipped, access denied: cannot read the vCPUs of t3.micro (EC2 DescribeInstanceTypes)",
			},
		},
		{
			name: "no applied value: AWS's default",
			change: func(w *quotaWorld) {
				delete(w.applied, quotaElasticIPs)
				delete(w.applied, quotaOnDemandStandard)
				w.defaults[quotaOnDemandStandard] = 32
			},
			notes: []string{
				"+ 3 allocated already = 5 <= 5 (L-0263D0A3, EC2-VPC Elastic IPs; AWS's default, none applied to the account)",
				"= 10 vCPUs <= 32 (L-1216C47A, Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances; AWS's default, none applied to the account)",
			},
		},
		{
			name:   "no applied value, and the default too low",
			change: func(w *quotaWorld) { delete(w.applied, quotaOnDemandStandard) },
			err:    "= 10 vCPUs, above the quota of 5 (L-1216C47A, Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances; AWS's default, none applied to the account)",
		},
		{
			name: "throttled: fails",
			change: func(w *quotaWorld) {
				w.sqErr = &smithy.GenericAPIError{Code: "TooManyRequestsException", Message: "Rate exceeded"}
			},
			err: "quota check of Elastic IPs (L-0263D0A3) in us-east-1: cannot read quota L-0263D0A3 (Service Quotas GetServiceQuota): api error TooManyRequestsException: Rate exceeded",
		},
		{
			name:     "an instance type EC2 does not know",
			contexts: []string{"instanceType=t3.mikro"},
			err:      "quota check of On-Demand vCPUs (L-1216C47A) in us-east-1: cannot read the vCPUs of t3.mikro (EC2 DescribeInstanceTypes): api error InvalidInstanceType",
		},
		{
			name:     "a context value that is not a number",
			contexts: []string{"maxInstances=many"},
			err:      "-context maxInstances=many is not a whole number",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := roomy()
			if tc.change != nil {
				tc.change(w)
			}
			notes, err := checkQuotas(context.Background(), "us-east-1", tc.contexts, w.deps())
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v\nwant %q", err, tc.err)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("not one line: %q", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// A note per check: Elastic IPs, On-Demand, and Spot if set.
			checks := 2
			if strings.Contains(strings.Join(tc.contexts, " "), "spotInstanceTypes=") {
				checks = 3
			}
			all := strings.Join(notes, "\n")
			if len(notes) != checks {
				t.Errorf("%d notes, want %d:\n%s", len(notes), checks, all)
			}
			for _, want := range tc.notes {
				if !strings.Contains(all, want) {
					t.Errorf("no note has %q:\n%s", want, all)
				}
			}
			for _, n := range notes {
				if strings.Contains(n, "\n") {
					t.Errorf("not one line: %q", n)
				}
			}
		})
	}
}

// The vCPUs are read only for the types the standard quotas count.
func TestCheckQuotasAsksOnlyForStandardTypes(t *testing.T) {
	w := roomy()
	if _, err := checkQuotas(context.Background(), "us-east-1", []string{"instanceType=g4dn.xlarge", "spotInstanceTypes=g4dn.xlarge,t3.micro,m5.xlarge"}, w.deps()); err != nil {
		t.Fatal(err)
	}
	if want := [][]string{{"t3.micro", "m5.xlarge"}}; !reflect.DeepEqual(w.asked, want) {
		t.Errorf("DescribeInstanceTypes asked for %q, want %q", w.asked, want)
	}
}
