package ecsec2

import (
	"errors"
	"fmt"
	"math"
	"net"
	"regexp"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// problems collects every invalid prop so that one error reports them all.
type problems []error

func (p *problems) addf(format string, args ...any) {
	*p = append(*p, fmt.Errorf(format, args...))
}

func (p problems) err(what string) error {
	if len(p) == 0 {
		return nil
	}
	return fmt.Errorf("invalid %s props:\n%w", what, errors.Join(p...))
}

// known reports whether v is set and not an unresolved token.
func known(v *float64) bool {
	return v != nil && !*awscdk.Token_IsUnresolved(v)
}

// knownString reports whether s is set and not an unresolved token.
func knownString(s *string) bool {
	return s != nil && !*awscdk.Token_IsUnresolved(s)
}

// wholeAtLeast checks that a known v is a whole number no smaller than lowest.
func (p *problems) wholeAtLeast(field string, v *float64, lowest float64) {
	if !known(v) {
		return
	}
	if *v != math.Trunc(*v) || *v < lowest {
		p.addf("%s (%v) must be a whole number of at least %v", field, *v, lowest)
	}
}

// wholeInRange checks that a known v is a whole number in [lowest, highest].
func (p *problems) wholeInRange(field string, v *float64, lowest, highest float64) {
	if known(v) && (*v != math.Trunc(*v) || *v < lowest || *v > highest) {
		p.addf("%s (%v) must be a whole number from %v to %v", field, *v, lowest, highest)
	}
}

// inRange checks that a known v lies in [lowest, highest].
func (p *problems) inRange(field string, v *float64, lowest, highest float64) {
	if known(v) && (*v < lowest || *v > highest) {
		p.addf("%s (%v) must be between %v and %v", field, *v, lowest, highest)
	}
}

// secondsInRange checks that a known duration lies in [lowest, highest]
// seconds and returns its seconds, or -1 when it is unset or a token.
func (p *problems) secondsInRange(field string, d awscdk.Duration, lowest, highest float64) float64 {
	if d == nil || *d.IsUnresolved() {
		return -1
	}
	s := *d.ToSeconds(&awscdk.TimeConversionOptions{Integral: jsii.Bool(false)})
	if s < lowest || s > highest {
		p.addf("%s (%vs) must be between %v and %v seconds", field, s, lowest, highest)
	}
	return s
}

// setProp is an optional prop and whether it was given.
type setProp struct {
	field string
	set   bool
}

// ordered checks low <= high when both are known.
func (p *problems) ordered(lowField string, low *float64, highField string, high *float64) {
	if known(low) && known(high) && *low > *high {
		p.addf("%s (%v) is above %s (%v): lower %s or raise %s", lowField, *low, highField, *high, lowField, highField)
	}
}

// Validate reports every invalid prop, naming the field, the value and the
// fix. Unresolved tokens are skipped. ValidateIn adds the checks that need
// the stack.
func (p PrivateEcsEc2ClusterProps) Validate() error {
	var errs problems
	if p.Vpc != nil {
		for _, prop := range []setProp{{"MaxAzs", p.MaxAzs != nil}, {"NatGateways", p.NatGateways != nil}, {"VpcCidr", p.VpcCidr != nil}, {"FlowLogs", p.FlowLogs != nil}, {"LogEncryptionKey", p.LogEncryptionKey != nil}} {
			if prop.set {
				errs.addf("%s shapes a new VPC and cannot be combined with Vpc: drop %s or Vpc", prop.field, prop.field)
			}
		}
	}
	errs.wholeAtLeast("MaxAzs", p.MaxAzs, 2)
	errs.wholeAtLeast("NatGateways", p.NatGateways, 1)
	azs := p.MaxAzs
	if azs == nil && p.Vpc == nil {
		azs = new(float64(DefaultMaxAzs))
	}
	if known(p.NatGateways) && known(azs) && *p.NatGateways > *azs {
		errs.addf("NatGateways (%v) is more than the availability zones (%v): a zone holds one NAT gateway; use at most %v", *p.NatGateways, *azs, *azs)
	}
	if knownString(p.VpcCidr) {
		validateCidr(&errs, *p.VpcCidr, azs)
	}
	if p.Ami != "" && p.Ami != AmazonLinux2023 && p.Ami != AmazonLinux2 {
		errs.addf("Ami (%q) is not an AMI family: use AmazonLinux2023 or AmazonLinux2", p.Ami)
	}
	errs.wholeAtLeast("MinInstances", p.MinInstances, 0)
	errs.wholeAtLeast("MaxInstances", p.MaxInstances, 1)
	minInstances, maxInstances := p.MinInstances, p.MaxInstances
	if minInstances == nil {
		minInstances = new(float64(DefaultMinInstances))
	}
	if maxInstances == nil {
		maxInstances = new(float64(DefaultMaxInstances))
	}
	errs.ordered("MinInstances", minInstances, "MaxInstances", maxInstances)
	errs.wholeAtLeast("RootVolumeGiB", p.RootVolumeGiB, DefaultRootVolumeGiB)
	errs.inRange("TargetCapacityPercent", p.TargetCapacityPercent, 1, 100)
	errs.secondsInRange("InstanceWarmup", p.InstanceWarmup, 0, 10000)
	errs.wholeInRange("MinScalingStepSize", p.MinScalingStepSize, 1, 10000)
	errs.wholeInRange("MaxScalingStepSize", p.MaxScalingStepSize, 1, 10000)
	errs.ordered("MinScalingStepSize", p.MinScalingStepSize, "MaxScalingStepSize", p.MaxScalingStepSize)
	p.validateSpot(&errs)
	if knownString(p.KeyPairName) && *p.KeyPairName == "" {
		errs.addf("KeyPairName is empty: name an existing EC2 key pair, or leave it unset for Session Manager only")
	}
	return errs.err("PrivateEcsEc2Cluster")
}

// ValidateIn is Validate plus the checks that need the stack the cluster
// goes in: a new VPC cannot have more zones than the stack knows (two for
// an environment-agnostic stack; CDK would use fewer without a word).
func (p PrivateEcsEc2ClusterProps) ValidateIn(scope constructs.Construct) error {
	err := p.Validate()
	if p.Vpc != nil || !known(p.MaxAzs) {
		return err
	}
	if zones := len(*awscdk.Stack_Of(scope).AvailabilityZones()); *p.MaxAzs > float64(zones) {
		var errs problems
		errs.addf("MaxAzs (%v) is more than the %d availability zones the stack knows: an environment-agnostic stack knows two; "+
			"give the stack an account and region (its env) to use more", *p.MaxAzs, zones)
		return errors.Join(err, errs.err("PrivateEcsEc2Cluster"))
	}
	return err
}

// validateSpot checks the Spot props: they need SpotInstanceTypes, and the
// Spot types share the on-demand type's architecture (one AMI) and size.
func (p PrivateEcsEc2ClusterProps) validateSpot(errs *problems) {
	if len(p.SpotInstanceTypes) == 0 {
		for _, prop := range []setProp{{"SpotMaxInstances", p.SpotMaxInstances != nil}, {"SpotWeight", p.SpotWeight != nil}, {"OnDemandBaseTasks", p.OnDemandBaseTasks != nil}} {
			if prop.set {
				errs.addf("%s applies to Spot capacity, which is off: set SpotInstanceTypes, or drop %s", prop.field, prop.field)
			}
		}
		return
	}
	errs.wholeAtLeast("SpotMaxInstances", p.SpotMaxInstances, 1)
	errs.wholeInRange("SpotWeight", p.SpotWeight, 0, 1000)
	errs.wholeInRange("OnDemandBaseTasks", p.OnDemandBaseTasks, 0, 100000)
	onDemand := DefaultInstanceType
	if p.InstanceType != nil {
		onDemand = *p.InstanceType.ToString()
	}
	onDemandCPU, onDemandMemory, onDemandKnown := instanceCapacity(onDemand)
	onDemandArch := awsec2.NewInstanceType(&onDemand).Architecture()
	for _, spot := range p.SpotInstanceTypes {
		name := *spot.ToString()
		if arch := spot.Architecture(); arch != onDemandArch {
			errs.addf("SpotInstanceTypes entry %s (%s) does not match InstanceType %s (%s): the instances share one AMI; use %s types", name, arch, onDemand, onDemandArch, onDemandArch)
		}
		if cpu, memory, known := instanceCapacity(name); known && onDemandKnown && (cpu < onDemandCPU || memory < onDemandMemory) {
			errs.addf("SpotInstanceTypes entry %s is smaller than InstanceType %s: a task sized for %s may not fit; use types of its size or larger", name, onDemand, onDemand)
		}
	}
}

// validateCidr checks that cidr is an IPv4 range with room for a /24 public
// and a /22 private subnet in each zone.
func validateCidr(errs *problems, cidr string, azs *float64) {
	_, network, err := net.ParseCIDR(cidr)
	if err != nil || network.IP.To4() == nil {
		errs.addf("VpcCidr (%q) is not an IPv4 CIDR block: use one like %s", cidr, DefaultVpcCidr)
		return
	}
	ones, _ := network.Mask.Size()
	zones := float64(DefaultMaxAzs)
	if known(azs) {
		zones = *azs
	}
	need := zones * (256 + 1024)
	if have := math.Pow(2, float64(32-ones)); ones < 16 || have < need {
		errs.addf("VpcCidr (%q) must be a /16 to /%d block to hold a /24 public and a /22 private subnet in each of %v zones", cidr, 32-int(math.Ceil(math.Log2(need))), zones)
	}
}

// Validate reports every invalid setting, naming the field, the value and
// the fix; unresolved tokens are skipped. It does not require the references
// (Cluster, CapacityProviderStrategies, Image), so that a stack can check its
// settings before it builds the cluster; the constructor requires them too.
func (p AlbFrontedServiceProps) Validate() error {
	var errs problems
	p.validateSettings(&errs)
	return errs.err("AlbFrontedService")
}

// validateAll is Validate plus the required references.
func (p AlbFrontedServiceProps) validateAll() error {
	var errs problems
	if p.Cluster == nil {
		errs.addf("Cluster is required: pass PrivateEcsEc2Cluster.Cluster or an awsecs.ICluster with EC2 capacity")
	} else if len(*p.Cluster.Connections().SecurityGroups()) == 0 {
		errs.addf("Cluster has no security group in its Connections(): a bridge-mode service opens the host ports to its load balancer through them; " +
			"pass PrivateEcsEc2Cluster.Cluster, or add the instances' group with Cluster.Connections().AddSecurityGroup")
	}
	if len(p.CapacityProviderStrategies) == 0 {
		errs.addf("CapacityProviderStrategies is empty: pass PrivateEcsEc2Cluster.CapacityProviderStrategies, so that managed scaling launches instances for the tasks")
	}
	if p.Image == nil {
		errs.addf("Image is required: pass an awsecs.ContainerImage, such as awsecs.ContainerImage_FromDockerImageAsset")
	}
	p.validateSettings(&errs)
	return errs.err("AlbFrontedService")
}

func (p AlbFrontedServiceProps) validateSettings(errs *problems) {
	if p.CpuArchitecture != "" && p.CpuArchitecture != awsec2.InstanceArchitecture_X86_64 && p.CpuArchitecture != awsec2.InstanceArchitecture_ARM_64 {
		errs.addf("CpuArchitecture (%q) is not an architecture: use awsec2.InstanceArchitecture_X86_64 or awsec2.InstanceArchitecture_ARM_64", p.CpuArchitecture)
	}
	errs.wholeInRange("ContainerPort", p.ContainerPort, 1, 65535)
	if knownString(p.HealthCheckPath) && !strings.HasPrefix(*p.HealthCheckPath, "/") {
		errs.addf("HealthCheckPath (%q) must start with /: use a path such as %s", *p.HealthCheckPath, DefaultHealthCheckPath)
	}
	errs.wholeAtLeast("Cpu", p.Cpu, 0)
	// Docker refuses a container with less than 6 MiB.
	errs.wholeAtLeast("MemoryLimitMiB", p.MemoryLimitMiB, 6)
	errs.wholeAtLeast("MemoryReservationMiB", p.MemoryReservationMiB, 6)
	limit, reservation := orNumber(p.MemoryLimitMiB, DefaultMemoryLimitMiB), orNumber(p.MemoryReservationMiB, DefaultMemoryReservationMiB)
	if known(limit) && known(reservation) && *reservation > *limit {
		errs.addf("MemoryReservationMiB (%v) is above MemoryLimitMiB (%v): the reservation is a soft limit under the hard one; lower MemoryReservationMiB or raise MemoryLimitMiB", *reservation, *limit)
	}
	errs.wholeAtLeast("MinTasks", p.MinTasks, 0)
	errs.wholeAtLeast("MaxTasks", p.MaxTasks, 1)
	errs.ordered("MinTasks", orNumber(p.MinTasks, DefaultMinTasks), "MaxTasks", orNumber(p.MaxTasks, DefaultMaxTasks))
	if known(p.RequestsPerTarget) && *p.RequestsPerTarget <= 0 {
		errs.addf("RequestsPerTarget (%v) must be positive: it is the requests a minute each task should serve, %v by default", *p.RequestsPerTarget, DefaultRequestsPerTarget)
	}
	errs.secondsInRange("StopTimeout", p.StopTimeout, 1, 120)
	if p.InstanceType != nil {
		validateFit(errs, p, orNumber(p.Cpu, DefaultCpu), reservation)
	}
	errs.inRange("CpuTargetPercent", p.CpuTargetPercent, 1, 100)
	errs.inRange("MemoryTargetPercent", p.MemoryTargetPercent, 1, 100)
	errs.secondsInRange("ScaleOutCooldown", p.ScaleOutCooldown, 0, 3600)
	errs.secondsInRange("ScaleInCooldown", p.ScaleInCooldown, 0, 3600)
	p.validateDeploys(errs)
	if knownString(p.User) {
		if user, _, _ := strings.Cut(*p.User, ":"); user == "" || user == "0" || user == "root" {
			errs.addf("User (%q) is root or empty: run the container as a non-root uid such as the default %s", *p.User, DefaultUser)
		}
	}
	p.validateEdge(errs)
}

// validateDeploys checks the health check and deployment props, whose
// limits are the load balancer's and ECS's.
func (p AlbFrontedServiceProps) validateDeploys(errs *problems) {
	interval := errs.secondsInRange("HealthCheckInterval", p.HealthCheckInterval, 5, 300)
	timeout := errs.secondsInRange("HealthCheckTimeout", p.HealthCheckTimeout, 2, 120)
	if interval < 0 {
		interval = DefaultHealthCheckIntervalSeconds
	}
	if timeout < 0 {
		timeout = DefaultHealthCheckTimeoutSeconds
	}
	if timeout >= interval {
		errs.addf("HealthCheckTimeout (%vs) must be shorter than HealthCheckInterval (%vs)", timeout, interval)
	}
	errs.wholeInRange("HealthyThreshold", p.HealthyThreshold, 2, 10)
	errs.wholeInRange("UnhealthyThreshold", p.UnhealthyThreshold, 2, 10)
	errs.secondsInRange("HealthCheckGracePeriod", p.HealthCheckGracePeriod, 0, 2147483647)
	errs.secondsInRange("DeregistrationDelay", p.DeregistrationDelay, 0, 3600)
	errs.inRange("MinHealthyPercent", p.MinHealthyPercent, 0, 100)
	errs.inRange("MaxHealthyPercent", p.MaxHealthyPercent, 100, 2000)
	minHealthy, maxHealthy := orNumber(p.MinHealthyPercent, DefaultMinHealthyPercent), orNumber(p.MaxHealthyPercent, DefaultMaxHealthyPercent)
	if known(minHealthy) && known(maxHealthy) && *maxHealthy <= *minHealthy {
		errs.addf("MaxHealthyPercent (%v) leaves a deploy no room: with MinHealthyPercent (%v) it can neither start a new task nor stop an old one; raise MaxHealthyPercent or lower MinHealthyPercent", *maxHealthy, *minHealthy)
	}
	if known(p.Alarm5xxPercent) && (*p.Alarm5xxPercent <= 0 || *p.Alarm5xxPercent > 100) {
		errs.addf("Alarm5xxPercent (%v) must be above 0 and at most 100", *p.Alarm5xxPercent)
	}
	errs.secondsInRange("AlarmP99Latency", p.AlarmP99Latency, 0.001, 60)
	if knownString(p.AlarmEmail) && !emailAddress.MatchString(*p.AlarmEmail) {
		errs.addf("AlarmEmail (%q) is not an email address: use one like ops@example.com", *p.AlarmEmail)
	}
}

var emailAddress = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// validateEdge checks the load balancer's props: who may connect, HTTPS and
// access logs.
func (p AlbFrontedServiceProps) validateEdge(errs *problems) {
	if p.AllowedCidrs != nil && len(p.AllowedCidrs) == 0 {
		errs.addf("AllowedCidrs is empty: nobody could reach the load balancer; leave it unset to allow the internet")
	}
	for _, cidr := range p.AllowedCidrs {
		if !knownString(cidr) {
			continue
		}
		if _, network, err := net.ParseCIDR(*cidr); err != nil || network.IP.To4() == nil {
			errs.addf("AllowedCidrs entry %q is not an IPv4 CIDR block: use one like 203.0.113.0/24", *cidr)
		}
	}
	https := p.CertificateArn != nil || p.DomainName != nil
	if p.CertificateArn != nil && p.DomainName != nil {
		errs.addf("CertificateArn and DomainName are both set: pass CertificateArn for a certificate you manage, or DomainName with HostedZone for one issued here, not both")
	}
	if knownString(p.CertificateArn) && !certificateArn.MatchString(*p.CertificateArn) {
		errs.addf("CertificateArn (%q) is not an ACM certificate ARN: use one like arn:aws:acm:us-east-1:123456789012:certificate/<id>", *p.CertificateArn)
	}
	if p.DomainName != nil && p.HostedZone == nil {
		errs.addf("DomainName (%s) needs HostedZone, the zone that holds its validation and alias records: pass it, or use CertificateArn", *p.DomainName)
	}
	if p.HostedZone != nil && p.DomainName == nil {
		errs.addf("HostedZone is set without DomainName: name the service's domain in the zone, or drop HostedZone")
	}
	if knownString(p.DomainName) && p.HostedZone != nil && knownString(p.HostedZone.ZoneName()) {
		domain, zone := strings.TrimSuffix(*p.DomainName, "."), strings.TrimSuffix(*p.HostedZone.ZoneName(), ".")
		if domain != zone && !strings.HasSuffix(domain, "."+zone) {
			errs.addf("DomainName (%s) is not in HostedZone %s: use a name under %s or the zone that holds it", domain, zone, zone)
		}
	}
	if p.SslPolicy != "" && !https {
		errs.addf("SslPolicy (%s) applies to HTTPS, which is off: set CertificateArn or DomainName, or drop SslPolicy", p.SslPolicy)
	}
	if p.AccessLogsBucket != nil && p.AccessLogs != nil && !*p.AccessLogs {
		errs.addf("AccessLogsBucket is set but AccessLogs is false: drop one of them")
	}
}

var certificateArn = regexp.MustCompile(`^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate/[A-Za-z0-9-]+$`)

// validateFit checks the task against the instance type: the architecture,
// and the CPU and memory left for tasks.
func validateFit(errs *problems, p AlbFrontedServiceProps, cpu, memory *float64) {
	name := *p.InstanceType.ToString()
	if arch := p.InstanceType.Architecture(); p.CpuArchitecture != "" && p.CpuArchitecture != arch {
		errs.addf("CpuArchitecture (%s) does not match InstanceType %s (%s): build the image for %s, or choose an instance type for %s", p.CpuArchitecture, name, arch, arch, p.CpuArchitecture)
	}
	cpuUnits, memoryMiB, ok := instanceCapacity(name)
	if !ok {
		return
	}
	if known(cpu) && *cpu > cpuUnits {
		errs.addf("Cpu (%v) is more than the %v CPU units of a %s: lower Cpu or choose a larger instance type", *cpu, cpuUnits, name)
	}
	if known(memory) && *memory > memoryMiB {
		errs.addf("the task reserves %v MiB, more than the about %v MiB a %s leaves for tasks after the kernel and the %v MiB kept for the OS and ECS agent: lower MemoryReservationMiB (the soft limit) or choose a larger instance type", *memory, memoryMiB, name, ReservedMemoryMiB)
	}
}
