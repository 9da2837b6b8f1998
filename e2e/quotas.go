package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The EC2 quotas the stack runs into, by their Service Quotas codes.
const (
	ec2ServiceCode = "ec2"
	// One Elastic IP per NAT gateway; 5 per Region by default.
	quotaElasticIPs = "L-0263D0A3"
	// The on-demand instances, in vCPUs.
	quotaOnDemandStandard = "L-1216C47A"
	// The Spot instances (spotInstanceTypes), in vCPUs.
	quotaSpotStandard = "L-34B43A08"
)

// quotaNames are the quotas' names in Service Quotas, for the messages.
var quotaNames = map[string]string{
	quotaElasticIPs:       "EC2-VPC Elastic IPs",
	quotaOnDemandStandard: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
	quotaSpotStandard:     "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests",
}

// The stack's defaults for what the quotas depend on (constructs/cluster.go:
// DefaultMaxAzs, DefaultMaxInstances, DefaultInstanceType; the VPC has a
// NAT gateway in each zone unless natGateways says otherwise).
const (
	defaultMaxAzs       = 2
	defaultMaxInstances = 5
	defaultInstanceType = "t3.micro"
)

// stackSettings are the -context values the quotas depend on, or the
// stack's defaults where none is given (cdk.json sets none of them).
type stackSettings struct {
	NatGateways  int
	NatWhy       string // where NatGateways comes from, for the messages
	MaxInstances int
	InstanceType string
	SpotTypes    []string
}

// contextValues are the -context key=value pairs; of a key given twice,
// the last value counts, as with cdk -c.
func contextValues(contexts []string) map[string]string {
	m := map[string]string{}
	for _, c := range contexts {
		if k, v, ok := strings.Cut(c, "="); ok {
			m[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return m
}

// contextCount reads a whole number of at least 0, as the stack does (it
// takes "2" and "2.0"); set is whether the key was given.
func contextCount(values map[string]string, key string, def int) (n int, set bool, err error) {
	raw, ok := values[key]
	if !ok {
		return def, false, nil
	}
	f, perr := strconv.ParseFloat(raw, 64)
	if perr != nil || f != math.Trunc(f) || f < 0 || f > 1e6 {
		return 0, true, fmt.Errorf("-context %s=%s is not a whole number: set one, as in -context %s=2", key, raw, key)
	}
	return int(f), true, nil
}

// settingsFromContext reads stackSettings from the -context values.
func settingsFromContext(contexts []string) (stackSettings, error) {
	values := contextValues(contexts)
	s := stackSettings{InstanceType: defaultInstanceType}
	nat, natSet, err := contextCount(values, "natGateways", 0)
	if err != nil {
		return s, err
	}
	azs, azsSet, err := contextCount(values, "maxAzs", defaultMaxAzs)
	if err != nil {
		return s, err
	}
	switch {
	case natSet:
		s.NatGateways, s.NatWhy = nat, fmt.Sprintf("-context natGateways=%d", nat)
	case azsSet:
		s.NatGateways, s.NatWhy = azs, fmt.Sprintf("one per zone, -context maxAzs=%d", azs)
	default:
		s.NatGateways, s.NatWhy = defaultMaxAzs, fmt.Sprintf("one per zone, %d zones by default", defaultMaxAzs)
	}
	if s.MaxInstances, _, err = contextCount(values, "maxInstances", defaultMaxInstances); err != nil {
		return s, err
	}
	if t := values["instanceType"]; t != "" {
		s.InstanceType = t
	}
	for t := range strings.SplitSeq(values["spotInstanceTypes"], ",") {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(s.SpotTypes, t) {
			s.SpotTypes = append(s.SpotTypes, t)
		}
	}
	return s, nil
}

// standardFamily is whether an instance type counts against the Standard
// (A, C, D, H, I, M, R, T, Z) quotas: its family starts with one of those
// letters, except the families with quotas of their own that share a first
// letter (inf, dl, trn, hpc; mac runs on dedicated hosts only).
func standardFamily(instanceType string) bool {
	family, _, _ := strings.Cut(strings.ToLower(instanceType), ".")
	for _, own := range []string{"inf", "dl", "trn", "hpc", "mac"} {
		if strings.HasPrefix(family, own) {
			return false
		}
	}
	return family != "" && strings.ContainsRune("acdhimrtz", rune(family[0]))
}

// elasticIP is an allocated address and the CloudFormation stack that
// created it ("" for none).
type elasticIP struct {
	PublicIP, Stack string
}

// quotaDeps are the quota check's calls to AWS, in the run's Region.
type quotaDeps struct {
	// appliedQuota is Service Quotas GetServiceQuota's value of an ec2
	// quota; defaultQuota GetAWSDefaultServiceQuota's.
	appliedQuota, defaultQuota func(ctx context.Context, code string) (float64, error)
	// elasticIPs is EC2 DescribeAddresses.
	elasticIPs func(ctx context.Context) ([]elasticIP, error)
	// vcpus is EC2 DescribeInstanceTypes' default vCPUs of each type.
	vcpus func(ctx context.Context, types []string) (map[string]int, error)
}

// readError is a call of the quota check that failed, printed short; its
// chain keeps the AWS error, to tell an access denied.
type readError struct {
	what string
	err  error
}

func (e readError) Error() string { return "cannot read " + e.what + ": " + shortError(e.err) }
func (e readError) Unwrap() error { return e.err }

// quota is one quota's value and whether it is AWS's default.
type quota struct {
	code       string
	value      float64
	awsDefault bool
}

func (q quota) String() string {
	s := fmt.Sprintf("%s (%s, %s", formatQuota(q.value), q.code, quotaNames[q.code])
	if q.awsDefault {
		s += "; AWS's default, none applied to the account"
	}
	return s + ")"
}

func formatQuota(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// readQuota is the account's value of a quota, or, when Service Quotas has
// none applied (NoSuchResourceException), AWS's default.
func readQuota(ctx context.Context, d quotaDeps, code string) (quota, error) {
	v, err := d.appliedQuota(ctx, code)
	if apiErrorCode(err) == "NoSuchResourceException" {
		v, err = d.defaultQuota(ctx, code)
		if err != nil {
			return quota{}, readError{"the AWS default of quota " + code + " (Service Quotas GetAWSDefaultServiceQuota)", err}
		}
		return quota{code: code, value: v, awsDefault: true}, nil
	}
	if err != nil {
		return quota{}, readError{"quota " + code + " (Service Quotas GetServiceQuota)", err}
	}
	return quota{code: code, value: v}, nil
}

// increase is the last resort of every quota message.
func increase(code string) string {
	return "or request an increase of " + code + " in the Service Quotas console"
}

// checkElasticIPs: one Elastic IP per NAT gateway, on top of those already
// allocated in the Region, except the stack's own (a deploy over the stack,
// with -allow-existing, keeps them).
func checkElasticIPs(ctx context.Context, region string, s stackSettings, d quotaDeps) (string, error) {
	q, err := readQuota(ctx, d, quotaElasticIPs)
	if err != nil {
		return "", err
	}
	ips, err := d.elasticIPs(ctx)
	if err != nil {
		return "", readError{"the Elastic IPs (EC2 DescribeAddresses)", err}
	}
	var others, ours int
	for _, ip := range ips {
		if ip.Stack == StackName {
			ours++
		} else {
			others++
		}
	}
	own := ""
	if ours > 0 {
		own = fmt.Sprintf(" (not counting the stack's own %d: a deploy over it keeps them)", ours)
	}
	need := s.NatGateways
	if float64(others+need) > q.value {
		fix := "release unused addresses (EC2 console, Elastic IPs), "
		if need > 1 {
			fix += "deploy with -context natGateways=1, "
		}
		return "", fmt.Errorf("not enough Elastic IPs in %s: the stack's %d NAT gateway(s) (%s) need %d, and %d are allocated already%s: %d, above the quota of %s: %s%s",
			region, need, s.NatWhy, need, others, own, others+need, q, fix, increase(quotaElasticIPs))
	}
	return fmt.Sprintf("quota: %d Elastic IP(s) for the NAT gateways (%s) + %d allocated already%s = %d <= %s",
		need, s.NatWhy, others, own, others+need, q), nil
}

// vcpusOf reads the vCPUs of the standard types among types, and lists
// the others, which these quotas do not count.
func vcpusOf(ctx context.Context, d quotaDeps, types []string) (map[string]int, []string, error) {
	var standard, other []string
	for _, t := range types {
		if standardFamily(t) {
			standard = append(standard, t)
		} else {
			other = append(other, t)
		}
	}
	if len(standard) == 0 {
		return nil, other, nil
	}
	v, err := d.vcpus(ctx, standard)
	if err != nil {
		return nil, other, readError{"the vCPUs of " + strings.Join(standard, ", ") + " (EC2 DescribeInstanceTypes)", err}
	}
	return v, other, nil
}

// notStandard is the note for types the standard quotas do not count.
func notStandard(code string, types []string) string {
	return fmt.Sprintf("quota %s not checked for %s: not of the standard families (A, C, D, H, I, M, R, T, Z), which have quotas of their own",
		code, strings.Join(types, ", "))
}

// checkOnDemand: maxInstances instances of instanceType at once, in vCPUs.
// The quota's usage is not measured: the message says that instances
// already running count against it too.
func checkOnDemand(ctx context.Context, region string, s stackSettings, d quotaDeps) (string, error) {
	v, other, err := vcpusOf(ctx, d, []string{s.InstanceType})
	if err != nil {
		return "", err
	}
	if len(other) > 0 {
		return notStandard(quotaOnDemandStandard, other), nil
	}
	q, err := readQuota(ctx, d, quotaOnDemandStandard)
	if err != nil {
		return "", err
	}
	need := s.MaxInstances * v[s.InstanceType]
	sum := fmt.Sprintf("maxInstances %d x %d vCPUs of %s = %d vCPUs", s.MaxInstances, v[s.InstanceType], s.InstanceType, need)
	if float64(need) > q.value {
		return "", fmt.Errorf("not enough On-Demand vCPUs in %s: %s, above the quota of %s, and instances already running count against it too: lower -context maxInstances or choose a smaller -context instanceType, %s",
			region, sum, q, increase(quotaOnDemandStandard))
	}
	return fmt.Sprintf("quota: %s <= %s; instances already running count against it too", sum, q), nil
}

// checkSpot: the Spot group may grow to maxInstances instances (the
// stack's SpotMaxInstances defaults to MaxInstances), of the largest of
// the Spot types at worst.
func checkSpot(ctx context.Context, region string, s stackSettings, d quotaDeps) (string, error) {
	v, other, err := vcpusOf(ctx, d, s.SpotTypes)
	if err != nil {
		return "", err
	}
	if len(v) == 0 {
		return notStandard(quotaSpotStandard, other), nil
	}
	largest, most := "", 0
	for _, t := range s.SpotTypes {
		if n, ok := v[t]; ok && n > most {
			largest, most = t, n
		}
	}
	q, err := readQuota(ctx, d, quotaSpotStandard)
	if err != nil {
		return "", err
	}
	need := s.MaxInstances * most
	sum := fmt.Sprintf("maxInstances %d x %d vCPUs of %s (the largest of spotInstanceTypes) = %d vCPUs", s.MaxInstances, most, largest, need)
	if float64(need) > q.value {
		return "", fmt.Errorf("not enough Spot vCPUs in %s: %s, above the quota of %s, and Spot instances already running count against it too: lower -context maxInstances or drop the larger types from -context spotInstanceTypes, %s",
			region, sum, q, increase(quotaSpotStandard))
	}
	note := fmt.Sprintf("quota: %s <= %s; Spot instances already running count against it too", sum, q)
	if len(other) > 0 {
		note += "; " + notStandard(quotaSpotStandard, other)
	}
	return note, nil
}

// checkQuotas checks, before anything is deployed, that the Region's EC2
// quotas leave room for the stack as -context configures it: Elastic IPs
// for its NAT gateways, On-Demand vCPUs for maxInstances instances, Spot
// vCPUs if spotInstanceTypes is set. It returns a timeline note for each
// check; a check the credentials may not make (access denied) is a note
// too, not a failure. Any other error, or a quota too low, is the error.
func checkQuotas(ctx context.Context, region string, contexts []string, d quotaDeps) ([]string, error) {
	s, err := settingsFromContext(contexts)
	if err != nil {
		return nil, err
	}
	type check struct {
		what, code string
		run        func(context.Context, string, stackSettings, quotaDeps) (string, error)
	}
	checks := []check{
		{"Elastic IPs", quotaElasticIPs, checkElasticIPs},
		{"On-Demand vCPUs", quotaOnDemandStandard, checkOnDemand},
	}
	if len(s.SpotTypes) > 0 {
		checks = append(checks, check{"Spot vCPUs", quotaSpotStandard, checkSpot})
	}
	var notes []string
	for _, c := range checks {
		note, err := c.run(ctx, region, s, d)
		switch {
		case err == nil:
			notes = append(notes, note)
		case isAccessDenied(err):
			notes = append(notes, fmt.Sprintf("quota check of %s (%s) skipped, access denied: %s", c.what, c.code, err))
		case errors.As(err, new(readError)):
			return notes, fmt.Errorf("quota check of %s (%s) in %s: %s", c.what, c.code, region, err)
		default:
			return notes, err
		}
	}
	return notes, nil
}
