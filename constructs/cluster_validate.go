package ecsec2

import (
	"math"
	"net"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/constructs-go/constructs/v10"
)

// Validate reports every invalid prop, naming the field, the value and the
// fix; unresolved tokens are skipped. ValidateIn adds the checks that need
// the stack.
func (p PrivateEcsEc2ClusterProps) Validate() error {
	return p.problems().err("PrivateEcsEc2ClusterProps")
}

// ValidateIn is Validate plus the checks that need the stack the cluster
// goes in: a new VPC cannot have more zones than the stack knows (two for
// an environment-agnostic stack; CDK would use fewer without a word).
func (p PrivateEcsEc2ClusterProps) ValidateIn(scope constructs.Construct) error {
	return p.problemsIn(scope).err("PrivateEcsEc2ClusterProps")
}

// problemsIn are ValidateIn's problems.
func (p PrivateEcsEc2ClusterProps) problemsIn(scope constructs.Construct) problems {
	errs := p.problems()
	if p.Vpc == nil && known(p.MaxAzs) {
		if zones := len(*awscdk.Stack_Of(scope).AvailabilityZones()); *p.MaxAzs > float64(zones) {
			errs.addf("%s (%v) is more than the %d availability zones the stack knows: an environment-agnostic stack knows two; "+
				"give the stack an account and region (its env) to use more", field("MaxAzs"), *p.MaxAzs, zones)
		}
	}
	return errs
}

func (p PrivateEcsEc2ClusterProps) problems() problems {
	var errs problems
	if p.Vpc != nil {
		errs.conflicts("Vpc", "shapes a new VPC", map[field]bool{
			"MaxAzs": p.MaxAzs != nil, "NatGateways": p.NatGateways != nil, "VpcCidr": p.VpcCidr != nil,
			"FlowLogs": p.FlowLogs != nil, "DualStack": p.DualStack != nil,
		})
		validateExistingVpc(&errs, p.Vpc)
	}
	if len(deref(p.SpotInstanceTypes)) == 0 {
		for _, f := range sortedFields(map[field]bool{
			"SpotMaxInstances": p.SpotMaxInstances != nil, "SpotWeight": p.SpotWeight != nil,
			"OnDemandBaseTasks": p.OnDemandBaseTasks != nil, "RetireSpot": p.RetireSpot != nil,
		}) {
			errs.addf("%s applies to Spot capacity, which is off: set %s, or drop %s", f, field("SpotInstanceTypes"), f)
		}
	}
	if p.InstanceType != nil {
		checkInstanceType(&errs, "InstanceType", *p.InstanceType.ToString())
	}
	for _, spot := range deref(p.SpotInstanceTypes) {
		checkInstanceType(&errs, "SpotInstanceTypes", *spot.ToString())
	}
	switch p.Capacity {
	case "", AutoScalingGroupCapacity:
		if p.ManagedInstanceTypes != nil {
			errs.addf("%s applies to ECS Managed Instances: set %s to ManagedInstancesCapacity, or drop %s", field("ManagedInstanceTypes"), field("Capacity"), field("ManagedInstanceTypes"))
		}
	case ManagedInstancesCapacity:
		// What only an Auto Scaling group of the cluster's own has: ECS
		// Managed Instances launch what the tasks need (no bounds, no
		// warm-up, no step), from AWS's own image, replaced within 21 days,
		// with no SSH and no capacity to overcommit; they trunk network
		// interfaces themselves.
		for _, f := range sortedFields(map[field]bool{
			"MinInstances": p.MinInstances != nil, "MaxInstances": p.MaxInstances != nil, "MaxInstanceLifetime": p.MaxInstanceLifetime != nil,
			"CpuCredits": p.CpuCredits != "", "RootVolumeGiB": p.RootVolumeGiB != nil, "KeyPairName": p.KeyPairName != nil, "Ami": p.Ami != "",
			"TargetCapacityPercent": p.TargetCapacityPercent != nil, "InstanceWarmup": p.InstanceWarmup != nil,
			"MinScalingStepSize": p.MinScalingStepSize != nil, "MaxScalingStepSize": p.MaxScalingStepSize != nil, "WarmPool": p.WarmPool != nil,
			"SpotMaxInstances": p.SpotMaxInstances != nil, "AllowOvercommit": p.AllowOvercommit != nil, "AwsvpcTrunking": p.AwsvpcTrunking != nil,
		}) {
			// Naming Capacity would drop it with the field: the cluster
			// would fall back to a group, and hide the services' problems
			// with ECS Managed Instances.
			errs.addf("%s applies to the cluster's own Auto Scaling group, which ECS Managed Instances replace: drop %s", f, f)
		}
		for _, t := range deref(p.ManagedInstanceTypes) {
			checkInstanceType(&errs, "ManagedInstanceTypes", *t.ToString())
		}
	default:
		errs.addf("%s (%q) is not a kind of capacity: use AutoScalingGroupCapacity or ManagedInstancesCapacity", field("Capacity"), p.Capacity)
	}
	if p.Ami != "" && p.Ami != AmazonLinux2023 && p.Ami != AmazonLinux2 {
		errs.addf("%s (%q) is not an AMI family: use AmazonLinux2023 or AmazonLinux2", field("Ami"), p.Ami)
	}
	if p.CpuCredits != "" && p.CpuCredits != awsec2.CpuCredits_STANDARD && p.CpuCredits != awsec2.CpuCredits_UNLIMITED {
		errs.addf("%s (%q) is not a credit mode: use awsec2.CpuCredits_STANDARD or awsec2.CpuCredits_UNLIMITED", field("CpuCredits"), p.CpuCredits)
	}
	if knownString(p.KeyPairName) && *p.KeyPairName == "" {
		errs.addf("%s is empty: name an existing EC2 key pair, or leave it unset for Session Manager only", field("KeyPairName"))
	}

	r := p.withDefaults()
	if p.Vpc == nil {
		errs.wholeAtLeast("MaxAzs", r.MaxAzs, 2)
		errs.wholeAtLeast("NatGateways", r.NatGateways, 1)
		if known(r.NatGateways) && known(r.MaxAzs) && *r.NatGateways > *r.MaxAzs {
			errs.addf("%s (%v) is more than the availability zones (%v): a zone holds one NAT gateway; use at most %v", field("NatGateways"), *r.NatGateways, *r.MaxAzs, *r.MaxAzs)
		}
		if knownString(r.VpcCidr) {
			validateCidr(&errs, *r.VpcCidr, r.MaxAzs)
		}
	}
	errs.wholeAtLeast("MinInstances", r.MinInstances, 0)
	errs.wholeAtLeast("MaxInstances", r.MaxInstances, 1)
	errs.ordered("MinInstances", r.MinInstances, "MaxInstances", r.MaxInstances)
	errs.secondsInRange("MaxInstanceLifetime", r.MaxInstanceLifetime, 86400, 365*86400)
	errs.wholeAtLeast("RootVolumeGiB", r.RootVolumeGiB, DefaultRootVolumeGiB)
	errs.inRange("TargetCapacityPercent", r.TargetCapacityPercent, 1, 100)
	errs.secondsInRange("InstanceWarmup", r.InstanceWarmup, 0, 10000)
	errs.wholeInRange("MinScalingStepSize", r.MinScalingStepSize, 1, 10000)
	errs.wholeInRange("MaxScalingStepSize", r.MaxScalingStepSize, 1, 10000)
	errs.ordered("MinScalingStepSize", r.MinScalingStepSize, "MaxScalingStepSize", r.MaxScalingStepSize)
	if len(deref(r.SpotInstanceTypes)) > 0 {
		r.validateSpot(&errs)
	}
	for _, t := range deref(r.ManagedInstanceTypes) {
		validateAlike(&errs, "ManagedInstanceTypes", t, r.InstanceType)
	}
	// (On ECS Managed Instances, AwsvpcTrunking is an error of its own.)
	if r.AwsvpcTrunking != nil && *r.AwsvpcTrunking && r.Capacity != ManagedInstancesCapacity {
		for _, t := range append([]awsec2.InstanceType{r.InstanceType}, deref(r.SpotInstanceTypes)...) {
			if name := *t.ToString(); burstableFamily(name) {
				errs.addf("%s: %s does not support ENI trunking (ECS trunks no burstable type; \"Supported instances for increased Amazon ECS container network interfaces\"): "+
					"choose an instance type such as m6i.large or m6g.large (10 network interfaces for tasks each), or drop %s", field("AwsvpcTrunking"), name, field("AwsvpcTrunking"))
			}
		}
	}
	return errs
}

// validateExistingVpc checks that the instances and the load balancer have
// subnets: private subnets with egress for the instances, public ones for
// an internet-facing load balancer, each in two zones at least, and that
// every subnet comes with its route table (CDK warns of each one that does
// not, and awsec2.Vpc_FromVpcAttributes takes them).
func validateExistingVpc(errs *problems, vpc awsec2.IVpc) {
	private := *vpc.PrivateSubnets()
	if n := zonesOf(private); n < 2 {
		errs.addf("%s has private subnets with egress in %d availability zones: the instances need them in two at least, "+
			"with a route to a NAT gateway (awsec2.Vpc_FromVpcAttributes: PrivateSubnetIds)", field("Vpc"), n)
	}
	validatePublicSubnets(errs, vpc)
	var missing []string
	for _, subnet := range append(private, *vpc.PublicSubnets()...) {
		if !hasRouteTable(subnet) {
			missing = append(missing, *subnet.SubnetId())
		}
	}
	if len(missing) > 0 {
		errs.addf("%s names subnets without their route tables (%s): pass PrivateSubnetRouteTableIds and PublicSubnetRouteTableIds "+
			"to awsec2.Vpc_FromVpcAttributes, or use awsec2.Vpc_FromLookup", field("Vpc"), strings.Join(missing, ", "))
	}
}

// hasRouteTable reports whether an imported subnet was given its route
// table: reading a missing one fails in jsii, which cannot pass the
// undefined value CDK returns.
func hasRouteTable(subnet awsec2.ISubnet) (has bool) {
	defer func() {
		if recover() != nil {
			has = false
		}
	}()
	return subnet.RouteTable().RouteTableId() != nil
}

// zonesOf counts the availability zones of subnets.
func zonesOf(subnets []awsec2.ISubnet) int {
	zones := map[string]bool{}
	for _, subnet := range subnets {
		zones[*subnet.AvailabilityZone()] = true
	}
	return len(zones)
}

// validateSpot checks the Spot types: they share the on-demand type's
// architecture (its AMI family and image), its size or more (the fit
// check), and are all burstable or none (their launch template sets the
// credit mode for burstable types).
func (r PrivateEcsEc2ClusterProps) validateSpot(errs *problems) {
	errs.wholeAtLeast("SpotMaxInstances", r.SpotMaxInstances, 1)
	errs.wholeInRange("SpotWeight", r.SpotWeight, 0, 1000)
	errs.wholeInRange("OnDemandBaseTasks", r.OnDemandBaseTasks, 0, 100000)
	for _, spot := range *r.SpotInstanceTypes {
		name := *spot.ToString()
		validateAlike(errs, "SpotInstanceTypes", spot, r.InstanceType)
		if first := *(*r.SpotInstanceTypes)[0].ToString(); burstableFamily(name) != burstableFamily(first) {
			errs.addf("%s mixes %s and %s, of which one is burstable and one not: their launch template sets CPU credits, "+
				"which only burstable types accept; use one kind", field("SpotInstanceTypes"), first, name)
		}
	}
}

// validateAlike checks that an instance type of the list f can run what
// InstanceType runs: the same architecture (one image, one AMI family) and
// at least its size (the fit check reads InstanceType).
func validateAlike(errs *problems, f field, t, instanceType awsec2.InstanceType) {
	name, onDemand := *t.ToString(), *instanceType.ToString()
	if arch, want := t.Architecture(), instanceType.Architecture(); arch != want {
		errs.addf("%s entry %s (%s) does not match %s %s (%s): the instances run one image; use %s types",
			f, name, arch, field("InstanceType"), onDemand, want, want)
	}
	cpu, memory, known := instanceCapacity(name)
	wantCPU, wantMemory, wantKnown := instanceCapacity(onDemand)
	if known && wantKnown && (cpu < wantCPU || memory < wantMemory) {
		errs.addf("%s entry %s is smaller than %s %s: a task sized for %s may not fit; use types of its size or larger",
			f, name, field("InstanceType"), onDemand, onDemand)
	}
}

// validateCidr checks that cidr is an IPv4 range with room for a /24 public
// and a /22 private subnet in each zone.
func validateCidr(errs *problems, cidr string, azs *float64) {
	_, network, err := net.ParseCIDR(cidr)
	if err != nil || network.IP.To4() == nil {
		errs.addf("%s (%q) is not an IPv4 CIDR block: use one like %s", field("VpcCidr"), cidr, DefaultVpcCidr)
		return
	}
	ones, _ := network.Mask.Size()
	zones := float64(DefaultMaxAzs)
	if known(azs) {
		zones = *azs
	}
	need := zones * (256 + 1024)
	if have := math.Pow(2, float64(32-ones)); ones < 16 || have < need {
		errs.addf("%s (%q) must be a /16 to /%d block to hold a /24 public and a /22 private subnet in each of %v zones",
			field("VpcCidr"), cidr, 32-int(math.Ceil(math.Log2(need))), zones)
	}
}
