package ecsec2

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	elb "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
)

// Validate reports every invalid prop, required ones included, naming the
// field, the value and the fix; unresolved tokens are skipped.
func (p AlbFrontedServiceProps) Validate() error {
	return p.problems().err("AlbFrontedServiceProps")
}

// problems are Validate's problems.
func (p AlbFrontedServiceProps) problems() problems {
	var errs problems
	if p.Cluster == nil {
		errs.addf("%s is required: pass a PrivateEcsEc2Cluster, or ExistingCluster(...) for a cluster made elsewhere", field("Cluster"))
	} else {
		validateCluster(&errs, p.Cluster)
	}
	if p.Image == nil {
		errs.addf("%s is required: pass an awsecs.ContainerImage, such as awsecs.ContainerImage_FromDockerImageAsset", field("Image"))
	}
	if p.Alb != nil {
		errs.conflicts("Alb", "shapes the load balancer the service makes", map[field]bool{
			"Vpc": p.Vpc != nil, "CertificateArn": p.CertificateArn != nil,
			"DomainName": p.DomainName != nil, "HostedZone": p.HostedZone != nil, "SslPolicy": p.SslPolicy != "",
			"AccessLogs": p.AccessLogs != nil, "AccessLogsBucket": p.AccessLogsBucket != nil,
			"AccessLogsPrefix": p.AccessLogsPrefix != nil, "DeletionProtection": p.DeletionProtection != nil,
			"StrictTransportSecurity": p.StrictTransportSecurity != nil, "Waf": p.Waf != nil, "WebAclArn": p.WebAclArn != nil,
			"WafRateLimit": p.WafRateLimit != nil, "HttpsOnly": p.HttpsOnly != nil, "IpAddressType": p.IpAddressType != "",
		})
		validateCidrs(&errs, p.AllowedCidrs)
		if p.Cluster != nil && p.Cluster.EcsCluster() != nil && !sameVpc(p.Alb.vpc, p.Cluster.EcsCluster().Vpc()) {
			errs.addf("%s is in another VPC than %s: a load balancer reaches the instances of its own VPC only; use a load balancer in the cluster's VPC", field("Alb"), field("Cluster"))
		}
	} else {
		p.albProps(p.Vpc).edgeProblems(&errs)
		vpc := p.Vpc
		if p.Cluster != nil && p.Cluster.EcsCluster() != nil {
			if vpc == nil {
				vpc = p.Cluster.EcsCluster().Vpc()
			} else if !sameVpc(vpc, p.Cluster.EcsCluster().Vpc()) {
				errs.addf("%s is another VPC than %s's: a load balancer reaches the instances of its own VPC only; leave %s unset to use the cluster's", field("Vpc"), field("Cluster"), field("Vpc"))
			}
		}
		if vpc != nil {
			validatePublicSubnets(&errs, vpc)
		}
		if cluster, ours := p.Cluster.(*PrivateEcsEc2Cluster); ours && p.Vpc == nil && p.IpAddressType == elb.IpAddressType_DUAL_STACK &&
			cluster.settings.Vpc == nil && !*cluster.settings.DualStack {
			errs.addf("%s (%s) needs IPv6 blocks in the cluster's VPC: set the cluster's DualStack", field("IpAddressType"), p.IpAddressType)
		}
	}
	p.validateRoute(&errs)

	r := p.withDefaults("")
	if r.CpuArchitecture != awsec2.InstanceArchitecture_X86_64 && r.CpuArchitecture != awsec2.InstanceArchitecture_ARM_64 {
		errs.addf("%s (%q) is not an architecture: use awsec2.InstanceArchitecture_X86_64 or awsec2.InstanceArchitecture_ARM_64", field("CpuArchitecture"), r.CpuArchitecture)
	}
	if knownString(p.ContainerName) && !containerName.MatchString(*p.ContainerName) {
		errs.addf("%s (%q) must be 1 to 255 letters, digits, hyphens and underscores", field("ContainerName"), *p.ContainerName)
	}
	errs.wholeInRange("ContainerPort", r.ContainerPort, 1, 65535)
	r.validateNetwork(&errs, p.AllowAllOutbound != nil)
	if knownString(r.HealthCheckPath) && !strings.HasPrefix(*r.HealthCheckPath, "/") {
		errs.addf("%s (%q) must start with /: use a path such as %s", field("HealthCheckPath"), *r.HealthCheckPath, DefaultHealthCheckPath)
	}
	errs.wholeAtLeast("Cpu", r.Cpu, 0)
	// Docker refuses a container with less than 6 MiB.
	errs.wholeAtLeast("MemoryLimitMiB", r.MemoryLimitMiB, 6)
	errs.wholeAtLeast("MemoryReservationMiB", r.MemoryReservationMiB, 6)
	if known(r.MemoryLimitMiB) && known(r.MemoryReservationMiB) && *r.MemoryReservationMiB > *r.MemoryLimitMiB {
		errs.addf("%s (%v) is above %s (%v): the reservation is a soft limit under the hard one; lower %s or raise %s",
			field("MemoryReservationMiB"), *r.MemoryReservationMiB, field("MemoryLimitMiB"), *r.MemoryLimitMiB, field("MemoryReservationMiB"), field("MemoryLimitMiB"))
	}
	errs.wholeAtLeast("MinTasks", r.MinTasks, 0)
	errs.wholeAtLeast("MaxTasks", r.MaxTasks, 1)
	errs.ordered("MinTasks", r.MinTasks, "MaxTasks", r.MaxTasks)
	if known(r.RequestsPerTarget) && *r.RequestsPerTarget <= 0 {
		errs.addf("%s (%v) must be positive: it is the requests a minute each task should serve, %v by default", field("RequestsPerTarget"), *r.RequestsPerTarget, DefaultRequestsPerTarget)
	}
	errs.secondsInRange("StopTimeout", r.StopTimeout, 1, 120)
	if p.Cluster != nil && p.Cluster.InstanceType() != nil {
		validateFit(&errs, r, p.Cluster.InstanceType())
	}
	errs.inRange("CpuTargetPercent", r.CpuTargetPercent, 1, 100)
	errs.inRange("MemoryTargetPercent", r.MemoryTargetPercent, 1, 100)
	if p.HighResolutionMetrics != nil && *p.HighResolutionMetrics && p.CpuTargetPercent == nil && p.MemoryTargetPercent == nil {
		errs.addf("%s applies to the CPU and memory policies, which are off: set %s or %s, or drop %s",
			field("HighResolutionMetrics"), field("CpuTargetPercent"), field("MemoryTargetPercent"), field("HighResolutionMetrics"))
	}
	errs.secondsInRange("ScaleOutCooldown", r.ScaleOutCooldown, 0, 3600)
	errs.secondsInRange("ScaleInCooldown", r.ScaleInCooldown, 0, 3600)
	r.validateDeploys(&errs)
	validateDelivery(&errs, p, r)
	validateTestHeader(&errs, p.TestTrafficHeader)
	if knownString(r.User) && isRoot(*r.User) {
		errs.addf("%s (%q) is root or empty: run the container as a non-root uid such as the default %s", field("User"), *r.User, DefaultUser)
	}
	for _, key := range slices.Sorted(maps.Keys(derefMap(p.Environment))) {
		if secretLike(key) {
			errs.addf("%s key %s looks like a secret, which would sit in plain text in the task definition, readable by anyone who may describe it: "+
				"pass it in %s (from Secrets Manager or Parameter Store); if it is not one, add it after construction with service.Container.AddEnvironment",
				field("Environment"), key, field("Secrets"))
		}
	}
	return errs
}

// validateNetwork checks the network mode against the cluster's capacity.
func (r AlbFrontedServiceProps) validateNetwork(errs *problems, allowAllOutboundSet bool) {
	switch r.NetworkMode {
	case awsecs.NetworkMode_BRIDGE:
		if r.Cluster != nil && r.Cluster.capacityKind() == ManagedInstancesCapacity {
			errs.addf("%s (%s) cannot run on ECS Managed Instances, whose tasks have a network interface of their own (AWS_VPC) "+
				"or the host's (\"Amazon ECS Managed Instances networking\", ECS guide): set %s to AWS_VPC, or run the service on a cluster whose %s is AutoScalingGroupCapacity",
				field("NetworkMode"), r.NetworkMode, field("NetworkMode"), field("Capacity"))
		}
		if allowAllOutboundSet {
			errs.addf("%s applies to AWS_VPC tasks, which have a security group of their own; BRIDGE tasks share the instances': "+
				"set the cluster's AllowAllOutbound, or NetworkMode to awsecs.NetworkMode_AWS_VPC", field("AllowAllOutbound"))
		}
	case awsecs.NetworkMode_AWS_VPC:
	default:
		errs.addf("%s (%s) is not a network mode for a service behind a load balancer here: use awsecs.NetworkMode_BRIDGE or awsecs.NetworkMode_AWS_VPC",
			field("NetworkMode"), r.NetworkMode)
	}
}

var containerName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)

// validateCluster checks what the service needs of its cluster.
func validateCluster(errs *problems, cluster ServiceCluster) {
	ecs := cluster.EcsCluster()
	if ecs == nil {
		errs.addf("%s has no ECS cluster (EcsCluster() is nil): pass a PrivateEcsEc2Cluster, or ExistingCluster with an awsecs.ICluster", field("Cluster"))
	} else if len(*ecs.Connections().SecurityGroups()) == 0 {
		errs.addf("%s has no security group in its Connections(): a bridge-mode service opens the host ports to its load balancer through them; "+
			"pass a PrivateEcsEc2Cluster, or add the instances' group with Connections().AddSecurityGroup", field("Cluster"))
	}
	if cluster.InstanceType() != nil {
		checkInstanceType(errs, "Cluster", *cluster.InstanceType().ToString())
	}
	if len(cluster.CapacityProviderStrategies()) == 0 {
		errs.addf("%s has no capacity provider strategy: managed scaling launches instances only for tasks placed through one", field("Cluster"))
	}
}

// sameVpc reports whether a and b are the same VPC: the same construct, or
// the same known VPC id.
func sameVpc(a, b awsec2.IVpc) bool {
	if a == nil || b == nil {
		return true
	}
	if *a.Node().Addr() == *b.Node().Addr() {
		return true
	}
	return knownString(a.VpcId()) && knownString(b.VpcId()) && *a.VpcId() == *b.VpcId()
}

// validateDeploys checks the health check and deployment props, whose
// limits are the load balancer's and ECS's, and the alarms'.
func (r AlbFrontedServiceProps) validateDeploys(errs *problems) {
	interval := errs.secondsInRange("HealthCheckInterval", r.HealthCheckInterval, 5, 300)
	timeout := errs.secondsInRange("HealthCheckTimeout", r.HealthCheckTimeout, 2, 120)
	if interval >= 0 && timeout >= 0 && timeout >= interval {
		errs.addf("%s (%vs) must be shorter than %s (%vs)", field("HealthCheckTimeout"), timeout, field("HealthCheckInterval"), interval)
	}
	errs.wholeInRange("HealthyThreshold", r.HealthyThreshold, 2, 10)
	errs.wholeInRange("UnhealthyThreshold", r.UnhealthyThreshold, 2, 10)
	errs.secondsInRange("HealthCheckGracePeriod", r.HealthCheckGracePeriod, 0, 2147483647)
	errs.secondsInRange("DeregistrationDelay", r.DeregistrationDelay, 0, 3600)
	errs.inRange("MinHealthyPercent", r.MinHealthyPercent, 0, 100)
	errs.inRange("MaxHealthyPercent", r.MaxHealthyPercent, 100, 2000)
	if known(r.MinHealthyPercent) && known(r.MaxHealthyPercent) && *r.MaxHealthyPercent <= *r.MinHealthyPercent {
		errs.addf("%s (%v) leaves a deploy no room: with %s (%v) it can neither start a new task nor stop an old one; raise %s or lower %s",
			field("MaxHealthyPercent"), *r.MaxHealthyPercent, field("MinHealthyPercent"), *r.MinHealthyPercent, field("MaxHealthyPercent"), field("MinHealthyPercent"))
	}
	validatePercent(errs, "Alarm5xxPercent", r.Alarm5xxPercent)
	errs.secondsInRange("AlarmP99Latency", r.AlarmP99Latency, 0.001, 60)
	if knownString(r.AlarmEmail) && !emailAddress.MatchString(*r.AlarmEmail) {
		errs.addf("%s (%q) is not an email address: use one like ops@example.com", field("AlarmEmail"), *r.AlarmEmail)
	}
}

var emailAddress = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

func validatePercent(errs *problems, f field, v *float64) {
	if known(v) && (*v <= 0 || *v > 100) {
		errs.addf("%s (%v) must be above 0 and at most 100", f, *v)
	}
}

// ALB quotas: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
// ("Condition values per rule: 5", "Condition wildcards per rule: 5", not
// adjustable; the rules per load balancer, adjustable, are
// InternetFacingAlbProps.MaxRules, and the target groups per load balancer
// maxTargetGroups) and the listener rule conditions' syntax:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html
const (
	maxConditionValues = 5
	maxWildcards       = 5
	maxConditionLength = 128
)

var (
	hostPattern = regexp.MustCompile(`^[A-Za-z0-9.*?-]+$`)
	pathPattern = regexp.MustCompile(`^[A-Za-z0-9_\-.$/~"'@:+&*?]+$`)
)

// validateRoute checks the listener rule: its conditions against the
// load balancer's syntax and quotas, and its priority against the services
// already behind a shared load balancer.
func (p AlbFrontedServiceProps) validateRoute(errs *problems) {
	conditions := len(deref(p.HostHeaders)) + len(deref(p.PathPatterns))
	// The rule's source ranges, when the service joins a shared load
	// balancer; on one of its own, AllowedCidrs shapes its security group.
	sources := 0
	if p.Alb != nil {
		sources = len(deref(p.AllowedCidrs))
	}
	switch {
	case p.Alb != nil && conditions == 0:
		errs.addf("%s is set without %s or %s: a service joining a shared listener needs a rule; name the hosts or paths that route to it",
			field("Alb"), field("HostHeaders"), field("PathPatterns"))
	case conditions > 0 && p.Priority == nil:
		errs.addf("%s make a listener rule, which needs %s: 1 to 50000, unique on the listener, the lowest matching rule wins",
			routeFields(p.HostHeaders, p.PathPatterns), field("Priority"))
	case conditions == 0 && p.Priority != nil:
		errs.addf("%s (%v) is set without %s or %s: a rule needs a condition; drop Priority to take the listener's default action",
			field("Priority"), *p.Priority, field("HostHeaders"), field("PathPatterns"))
	}
	errs.wholeInRange("Priority", p.Priority, 1, 50000)
	if sources > 0 && known(p.Priority) && *p.Priority >= 50000 {
		errs.addf("%s (%v) leaves no priority after it for the rule that answers clients outside %s with a 403: use at most 49999", field("Priority"), *p.Priority, field("AllowedCidrs"))
	}
	// A test rule adds its header to the production rule's conditions.
	shifting := shiftsTraffic(p.DeploymentStrategy)
	testing := shifting && p.TestTrafficHeader != nil
	test, testHeaders := 0, (*[]*string)(nil)
	if testing {
		test, testHeaders = 1, &[]*string{p.TestTrafficHeader}
	}
	if values := conditions + sources + test; values > maxConditionValues {
		errs.addf("%s hold %d values: a listener rule takes at most %d (an ALB quota); give the service fewer, or wider patterns",
			routeFields(p.HostHeaders, p.PathPatterns, p.AllowedCidrs, testHeaders), values, maxConditionValues)
	}
	if testing && known(p.Priority) && *p.Priority <= 1 {
		errs.addf("%s (%v) leaves no priority before it for the test rule of %s: use at least 2", field("Priority"), *p.Priority, field("TestTrafficHeader"))
	}
	wildcards := 0
	checkValues := func(f field, values []*string, pattern *regexp.Regexp, what string, path bool) {
		seen := map[string]bool{}
		for _, v := range values {
			if !knownString(v) {
				continue
			}
			wildcards += strings.Count(*v, "*") + strings.Count(*v, "?")
			switch {
			case seen[*v]:
				errs.addf("%s holds %q twice", f, *v)
			case !path && strings.Contains(*v, "://"):
				host, _, _ := strings.Cut(strings.SplitN(*v, "://", 2)[1], "/")
				errs.addf("%s entry %q is a URL, not a host name: drop the scheme (and any path); use %q", f, *v, host)
			case len(*v) == 0 || len(*v) > maxConditionLength || !pattern.MatchString(*v):
				errs.addf("%s entry %q is not %s of up to %d characters", f, *v, what, maxConditionLength)
			case path && !strings.HasPrefix(*v, "/") && !strings.HasPrefix(*v, "*"):
				errs.addf("%s entry %q must start with /: a request's path always does; use %q", f, *v, "/"+*v)
			}
			seen[*v] = true
		}
	}
	checkValues("HostHeaders", deref(p.HostHeaders), hostPattern, "a host name (letters, digits, -, ., and the wildcards * and ?)", false)
	checkValues("PathPatterns", deref(p.PathPatterns), pathPattern, "a path pattern (letters, digits, _-.$/~\"'@:+&, and the wildcards * and ?)", true)
	if wildcards > maxWildcards {
		errs.addf("%s and %s hold %d wildcards: a listener rule takes at most %d (an ALB quota)", field("HostHeaders"), field("PathPatterns"), wildcards, maxWildcards)
	}
	if p.Alb == nil {
		return
	}
	held := 0
	for _, r := range p.Alb.routes {
		held += r.targetGroups
	}
	mine := 1
	if shifting {
		mine = 2
	}
	if held+mine > maxTargetGroups {
		errs.addf("%s already holds %d target groups (one per service, two for a service released by traffic shifting); this service needs %d more: "+
			"an Application Load Balancer holds at most %d (a quota AWS does not raise); put this service behind another one",
			field("Alb"), held, mine, maxTargetGroups)
	}
	if conditions == 0 || !known(p.Priority) {
		return
	}
	taken := map[float64]string{}
	rules := 0
	ours := routeConditions(deref(p.HostHeaders), deref(p.PathPatterns))
	slices.Sort(ours)
	for _, r := range p.Alb.routes {
		if r.priority == 0 {
			continue
		}
		for _, priority := range []float64{r.priority, r.denyPriority, r.testPriority} {
			if priority != 0 {
				rules++
				taken[priority] = r.service
			}
		}
		theirs := slices.Clone(r.conditions)
		slices.Sort(theirs)
		if slices.Equal(ours, theirs) {
			errs.addf("%s and %s are those of %s on the shared listener, so one of the two would never be reached: route each service its own hosts or paths",
				field("HostHeaders"), field("PathPatterns"), r.service)
		}
	}
	if service, ok := taken[*p.Priority]; ok {
		errs.addf("%s (%v) is taken on the shared listener by %s: give each service its own", field("Priority"), *p.Priority, service)
	}
	if service, ok := taken[*p.Priority+1]; ok && sources > 0 {
		errs.addf("%s (%v) is followed by %v, taken on the shared listener by %s: with %s the service also needs the next priority, "+
			"for the rule that answers clients outside the ranges with a 403; choose a Priority with a free one after it",
			field("Priority"), *p.Priority, *p.Priority+1, service, field("AllowedCidrs"))
	}
	if service, ok := taken[*p.Priority-1]; ok && testing {
		errs.addf("%s (%v) is preceded by %v, taken on the shared listener by %s: with %s the service also needs the priority before, "+
			"for its test rule; choose a Priority with a free one before it", field("Priority"), *p.Priority, *p.Priority-1, service, field("TestTrafficHeader"))
	}
	if sources > 0 {
		rules++
	}
	if testing {
		rules++
	}
	if float64(rules) >= p.Alb.maxRules {
		errs.addf("%s already holds %d rules, its MaxRules (the account's quota of rules per Application Load Balancer, %v by default): "+
			"put this service behind another one, or raise the quota (Service Quotas code L-7EED9B64) and MaxRules with it", field("Alb"), rules, DefaultMaxRules)
	}
}

// validateFit checks the task against the instance type: the architecture,
// and the CPU and memory left for tasks.
func validateFit(errs *problems, r AlbFrontedServiceProps, instanceType awsec2.InstanceType) {
	name := *instanceType.ToString()
	if arch := instanceType.Architecture(); r.CpuArchitecture != arch {
		errs.addf("%s (%s) does not match the cluster's instance type %s (%s): build the image for %s, or choose an instance type for %s",
			field("CpuArchitecture"), r.CpuArchitecture, name, arch, arch, r.CpuArchitecture)
	}
	cpuUnits, memoryMiB, ok := instanceCapacity(name)
	if !ok {
		return
	}
	if known(r.Cpu) && *r.Cpu > cpuUnits {
		errs.addf("%s (%v) is more than the %v CPU units of a %s: lower Cpu or choose a larger instance type", field("Cpu"), *r.Cpu, cpuUnits, name)
	}
	if known(r.MemoryReservationMiB) && *r.MemoryReservationMiB > memoryMiB {
		errs.addf("the task reserves %v MiB, more than the about %v MiB a %s leaves for tasks after the kernel and the %v MiB kept for the OS and ECS agent: "+
			"lower %s (the soft limit) or choose a larger instance type", *r.MemoryReservationMiB, memoryMiB, name, ReservedMemoryMiB, field("MemoryReservationMiB"))
	}
}

// isRoot reports whether a container's user (user or user:group) is root:
// empty, the name root, or a uid that parses to 0 ("0", "00").
func isRoot(user string) bool {
	name, _, _ := strings.Cut(user, ":")
	if uid, err := strconv.ParseUint(name, 10, 32); err == nil {
		return uid == 0
	}
	return name == "" || name == "root"
}

// secretWords are the parts of an environment variable's name that mark it
// as a secret: trivy's list for its check AWS-0036 (no plaintext secrets in
// a task definition's environment), and a few spellings of the same.
var secretWords = []string{"password", "passwd", "secret", "private_key", "privatekey", "token", "api_key", "apikey", "credential", "aws_access_key_id"}

// secretLike reports whether an environment variable's name marks it as a
// secret, as trivy's AWS-0036 does (which leaves out names that start with
// token_type or version).
func secretLike(key string) bool {
	name := strings.ToLower(key)
	if strings.HasPrefix(name, "token_type") || strings.HasPrefix(name, "version") {
		return false
	}
	for _, word := range secretWords {
		if strings.Contains(name, word) {
			return true
		}
	}
	return false
}

// routeFields names the set ones of a rule's condition props, with their
// values, for a message.
func routeFields(lists ...*[]*string) string {
	names := []field{"HostHeaders", "PathPatterns", "AllowedCidrs", "TestTrafficHeader"}
	var parts []string
	for i, list := range lists {
		var values []string
		for _, v := range deref(list) {
			if v != nil {
				values = append(values, *v)
			}
		}
		if len(values) > 0 {
			parts = append(parts, fmt.Sprintf("%s (%s)", names[i], strings.Join(values, ", ")))
		}
	}
	return strings.Join(parts, " and ")
}
