package ecsec2

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapplicationautoscaling"
	cw "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	elb "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Defaults of AlbFrontedServiceProps.
const (
	DefaultContainerPort        = 8000
	DefaultHealthCheckPath      = "/healthz"
	DefaultCpu                  = 256
	DefaultMemoryLimitMiB       = 128
	DefaultMemoryReservationMiB = 64
	DefaultMinTasks             = 1
	DefaultMaxTasks             = 10
	DefaultRequestsPerTarget    = 50
	DefaultStopTimeoutSeconds   = 30
	// DefaultUser is the conventional "nonroot" user of distroless images.
	DefaultUser = "65532:65532"

	DefaultScaleOutCooldownSeconds       = 60
	DefaultScaleInCooldownSeconds        = 120
	DefaultHealthCheckIntervalSeconds    = 10
	DefaultHealthCheckTimeoutSeconds     = 5
	DefaultHealthyThreshold              = 2
	DefaultUnhealthyThreshold            = 3
	DefaultHealthCheckGracePeriodSeconds = 20
	DefaultDeregistrationDelaySeconds    = 10
	DefaultMinHealthyPercent             = 100
	DefaultMaxHealthyPercent             = 200
	DefaultAlarmP99LatencySeconds        = 1
)

// AlbFrontedServiceProps configures an AlbFrontedService.
type AlbFrontedServiceProps struct {
	// Cluster the service runs on: a PrivateEcsEc2Cluster, or a cluster made
	// elsewhere through ExistingCluster. Required.
	Cluster ServiceCluster
	// Image of the container. Required.
	Image awsecs.ContainerImage
	// A load balancer to join, made with NewInternetFacingAlb or by another
	// service (its Alb field). The service then gets a listener rule: it
	// needs HostHeaders or PathPatterns, and a Priority.
	// Default: a new InternetFacingAlb, shaped by the props from Vpc to
	// DeletionProtection below, whose listener forwards to this service.
	Alb *InternetFacingAlb
	// Host names (Host header values, wildcards * and ? allowed) that route
	// to this service on its load balancer's listener.
	// Default: any host.
	HostHeaders *[]*string
	// URL path patterns (case-sensitive, starting with / or a wildcard,
	// wildcards * and ? allowed, such as /api/* or *.json) that route to
	// this service.
	// Default: any path.
	PathPatterns *[]*string
	// Priority of the listener rule, 1 to 50000, unique on the listener:
	// the lowest matching rule wins. Required with HostHeaders or
	// PathPatterns.
	// Default: none; the service takes the listener's default action.
	Priority *float64
	// Name of the container, also its log stream prefix.
	// Default: the construct's id in lower case ("Api" gives "api").
	ContainerName *string
	// CPU architecture of the image.
	// Default: the architecture of the cluster's instance type, else X86_64.
	CpuArchitecture awsec2.InstanceArchitecture
	// Network mode of the tasks. BRIDGE maps the container port to a
	// dynamic host port (32768-65535) of the instance, so that many tasks
	// share one instance and its security group. AWS_VPC gives each task a
	// network interface in the cluster's private subnets and a security
	// group of its own, which admits the load balancer only: an instance
	// then runs one task per network interface beyond its first (a
	// t3.micro one; see the cluster's AwsvpcTrunking), and the target group
	// registers the tasks' addresses. ECS Managed Instances run AWS_VPC
	// tasks only.
	// Default: BRIDGE on an Auto Scaling group's capacity, AWS_VPC on ECS
	// Managed Instances.
	NetworkMode awsecs.NetworkMode
	// Port the container listens on. In bridge mode it is mapped to a
	// dynamic host port (32768-65535), so several tasks share an instance.
	// Default: 8000.
	ContainerPort *float64
	// Path of the health endpoint the target group checks.
	// Default: /healthz.
	HealthCheckPath *string
	// CPU units reserved for the container (1024 = one vCPU). In bridge mode
	// this is a share, not a cap: an idle instance lends the rest.
	// Default: 256.
	Cpu *float64
	// Hard memory limit of the container; it is killed above it.
	// Default: 128.
	MemoryLimitMiB *float64
	// Memory reserved for the container when it is placed: the figure that
	// decides how many tasks fit an instance.
	// Default: 64.
	MemoryReservationMiB *float64
	// Environment variables of the container; put secrets in Secrets.
	// Default: none.
	Environment *map[string]*string
	// Secrets from Secrets Manager or SSM Parameter Store, given to the
	// container as environment variables; the execution role may read them.
	// Default: none.
	Secrets *map[string]awsecs.Secret
	// User (uid:gid) the container runs as. The image's files must be
	// readable by it, and it cannot bind ports below 1024.
	// Default: 65532:65532, never root.
	User *string
	// Mount the container's root filesystem read-only: a compromised process
	// cannot change the image. An app that writes files needs a volume.
	// Default: true.
	ReadonlyRootFilesystem *bool
	// Let an AWS_VPC task connect anywhere on any port; otherwise its
	// security group allows HTTPS out only. (A BRIDGE task shares the
	// instances' group: see the cluster's AllowAllOutbound.)
	// Default: false.
	AllowAllOutbound *bool
	// ECS Exec: `aws ecs execute-command` runs a command in a task, through
	// Session Manager, logged to the container's log group (ECS Exec's
	// DEFAULT logging). The task role gets Session Manager's channels and
	// that log group; with ReadonlyRootFilesystem, two writable volumes for
	// the SSM agent ECS starts in the container (/var/lib/amazon,
	// /var/log/amazon); an init process reaps what a session leaves. The
	// image needs the command to run: a shell for a shell.
	// Default: false.
	EnableExecuteCommand *bool
	// Linux capabilities the container keeps; every other one is dropped,
	// and no process in it can gain privileges (no-new-privileges), so a
	// setuid binary cannot raise one either. A non-root app listening on
	// a port above 1023 needs none.
	// Default: none.
	Capabilities *[]awsecs.Capability
	// Container health check run by the ECS agent.
	// Default: none; the load balancer's health check still applies.
	ContainerHealthCheck *awsecs.HealthCheck
	// Time between SIGTERM and SIGKILL when a task stops; give the
	// application a shorter drain deadline.
	// Default: 30 seconds.
	StopTimeout awscdk.Duration
	// Fewest running tasks, also the count at creation.
	// Default: 1.
	MinTasks *float64
	// Most running tasks.
	// Default: 10.
	MaxTasks *float64
	// Requests a minute per healthy task that task autoscaling holds, both
	// ways: out under load, in to MinTasks when traffic stops.
	// Default: 50, the number of the blog post this library automates,
	// which scaled its Auto Scaling group on ALBRequestCountPerTarget 50.
	RequestsPerTarget *float64
	// Average CPU utilization (%) of the service that a second target
	// tracking policy holds; the policy asking for more tasks wins.
	// Default: no CPU policy.
	CpuTargetPercent *float64
	// Average memory utilization (%) that a third policy holds.
	// Default: no memory policy.
	MemoryTargetPercent *float64
	// Publish the service's CPU and memory utilization every 20 seconds,
	// not 60, and let the CPU and memory policies track them at that
	// resolution: a scale-out on CPU or memory starts in about 1.5 minutes
	// instead of 6. CloudWatch bills them as it does custom metrics.
	// Default: true when CpuTargetPercent or MemoryTargetPercent is set.
	HighResolutionMetrics *bool
	// Time after a scale-out before another: long enough for new tasks to
	// turn healthy and take traffic.
	// Default: 60 seconds.
	ScaleOutCooldown awscdk.Duration
	// Time after a scale-in before another, so that the count steps down
	// gently; scale-in itself waits for 15 minutes of low load.
	// Default: 120 seconds.
	ScaleInCooldown awscdk.Duration
	// Time between two health checks of a target.
	// Default: 10 seconds (a new task is healthy after HealthyThreshold of them).
	HealthCheckInterval awscdk.Duration
	// Time a health check may take; less than HealthCheckInterval.
	// Default: 5 seconds.
	HealthCheckTimeout awscdk.Duration
	// Consecutive passed checks that make a target healthy.
	// Default: 2.
	HealthyThreshold *float64
	// Consecutive failed checks that make a target unhealthy.
	// Default: 3.
	UnhealthyThreshold *float64
	// Time after a task starts during which failed load balancer health
	// checks do not stop it.
	// Default: 20 seconds (the app answers within a second of starting).
	HealthCheckGracePeriod awscdk.Duration
	// Time the load balancer lets in-flight requests finish on a target
	// being removed, before ECS stops its task.
	// Default: 10 seconds (requests take milliseconds; AWS's default is 300).
	DeregistrationDelay awscdk.Duration
	// Running tasks, as a share of the desired count, that a deploy keeps.
	// Default: 100, so a deploy never lowers capacity.
	MinHealthyPercent *float64
	// Tasks a deploy may run at once, as a share of the desired count.
	// Default: 200, so a deploy starts every new task at once.
	MaxHealthyPercent *float64
	// Roll a deploy back when the service's 5xx or latency alarm goes off
	// while it runs or bakes, besides the circuit breaker's rollback of
	// tasks that never turn healthy.
	// Default: true.
	RollbackOnAlarm *bool
	// How a release reaches the traffic. ROLLING replaces the tasks in
	// place. BLUE_GREEN starts the new revision at full size beside the
	// old one, in a second target group, and moves all traffic at once;
	// CANARY moves TrafficShiftPercent first, the rest after
	// TrafficShiftBakeTime; LINEAR moves TrafficShiftPercent at a time,
	// TrafficShiftBakeTime apart. The three keep the old revision for
	// BakeTime after the last shift, so that a rollback moves the traffic
	// back without starting a task. They need AWS_VPC tasks (ECS documents
	// them for IP targets) and a listener rule of the service's own, which
	// ECS rewrites: a service that makes its load balancer routes through
	// a /* rule at priority 50000 instead of the listener's default
	// action.
	// Default: ROLLING.
	DeploymentStrategy awsecs.DeploymentStrategy
	// Time both revisions keep running after all traffic reached the new
	// one; a rollback until then is a rule change. 0 to 1440 minutes.
	// Default: 10 minutes, twice the rollback alarms' window (ECS's own,
	// 36 hours, would double the tasks for a day and a half).
	BakeTime awscdk.Duration
	// Share of the traffic (%) CANARY moves first (0.1 to 100), or LINEAR
	// moves at each step (3 to 100); multiples of 0.1.
	// Default: ECS's, 5 for CANARY and 10 for LINEAR.
	TrafficShiftPercent *float64
	// Time CANARY waits after its first shift, or LINEAR after each step
	// but the last. 0 to 1440 minutes.
	// Default: ECS's, 10 minutes for CANARY and 6 for LINEAR.
	TrafficShiftBakeTime awscdk.Duration
	// Lambda functions ECS calls at the stages of a BLUE_GREEN, CANARY or
	// LINEAR release (awsecs.NewDeploymentLifecycleLambdaTarget), such as
	// a test of the new revision through TestTrafficHeader before it takes
	// production traffic.
	// Default: none.
	LifecycleHooks *[]awsecs.IDeploymentLifecycleHookTarget
	// Name of an HTTP header that sends a request to the new revision
	// during a BLUE_GREEN, CANARY or LINEAR release, before and while
	// production traffic moves: a test rule at Priority-1 (49999 on a load
	// balancer the service makes), with the production rule's conditions
	// and source ranges, and the header with any value.
	// Default: no test route.
	TestTrafficHeader *string
	// Retention of the container logs.
	// Default: one year.
	LogRetention awslogs.RetentionDays
	// Customer-managed KMS key for the container logs, the alarm topic the
	// service makes, and the WAF logs and alarm topic of the load balancer
	// it makes; a key of this app gets the key policy statements CloudWatch
	// Logs and CloudWatch alarms need, an imported key's policy must have
	// them.
	// Default: with Hardened, a new key (1 USD a month, kept after the
	// stack); else AWS's own encryption.
	EncryptionKey awskms.IKey
	// The hardened profile (see InternetFacingAlbProps): a customer-managed
	// key for the service's logs and alarm topic and, on the load balancer
	// the service makes, a WAF, HTTPS only, deletion protection and the
	// access-log bucket's own access logs. Needs CertificateArn or
	// DomainName without Alb.
	// Default: false.
	Hardened *bool
	// A WAF web ACL on the load balancer the service makes (see
	// InternetFacingAlbProps).
	// Default: Hardened.
	Waf *bool
	// ARN of an existing regional web ACL for the load balancer the service
	// makes, instead of one of its own.
	// Default: none.
	WebAclArn *string
	// Requests a client address may send in 5 minutes before the web ACL
	// of the load balancer the service makes blocks it.
	// Default: 2000.
	WafRateLimit *float64
	// No plain HTTP listener on the load balancer the service makes (see
	// InternetFacingAlbProps).
	// Default: Hardened.
	HttpsOnly *bool
	// DUAL_STACK: the load balancer the service makes answers over IPv6
	// too; the cluster's VPC needs DualStack (see InternetFacingAlbProps).
	// Default: IPV4.
	IpAddressType elb.IpAddressType
	// VPC of the load balancer the service makes.
	// Default: the cluster's VPC.
	Vpc awsec2.IVpc
	// IPv4 ranges allowed to reach the service. On a load balancer the
	// service makes, its security group admits only them. Joining a shared
	// one (Alb), the service's rule matches requests from them only, and a
	// rule at Priority+1 answers the others for its hosts and paths with a
	// 403, so that they do not fall through to another service; that
	// priority must be free.
	// Default: 0.0.0.0/0, the internet (on a shared load balancer, the
	// ranges its own AllowedCidrs admit).
	AllowedCidrs *[]*string
	// ARN of an ACM certificate for HTTPS on the load balancer the service
	// makes; HTTP then redirects. Cannot be combined with DomainName.
	// Default: no HTTPS unless DomainName is set.
	CertificateArn *string
	// Domain name of the load balancer the service makes; with HostedZone
	// it gets a DNS-validated certificate, HTTPS and an alias record.
	// Default: none.
	DomainName *string
	// Hosted zone of DomainName.
	// Default: none; required with DomainName.
	HostedZone awsroute53.IHostedZone
	// TLS policy of the HTTPS listener.
	// Default: TLS 1.3 and 1.2 with post-quantum key exchange, without
	// AES-CBC ciphers (TLS13_12_RES_PQ), as AWS recommends.
	SslPolicy elb.SslPolicy
	// Access logs of the load balancer the service makes.
	// Default: true.
	AccessLogs *bool
	// An existing bucket for those access logs.
	// Default: a new bucket.
	AccessLogsBucket awss3.IBucket
	// Key prefix of those access logs.
	// Default: the service's construct id in lower case.
	AccessLogsPrefix *string
	// Strict-Transport-Security header of the load balancer the service
	// makes, with HTTPS.
	// Default: max-age=31536000 (see InternetFacingAlbProps).
	StrictTransportSecurity *string
	// Deletion protection of the load balancer the service makes.
	// Default: Hardened.
	DeletionProtection *bool
	// Add the service's rows to the cluster's dashboard, or to a dashboard
	// of its own when the cluster has none (3 USD a month beyond an
	// account's first three dashboards).
	// Default: true.
	Dashboard *bool
	// Topic the alarms notify. One of this stack gets a grant for
	// CloudWatch to publish to it; an imported one's policy must have it
	// already.
	// Default: the topic of the load balancer the service makes, or a new
	// topic when it joins one.
	AlarmTopic awssns.ITopic
	// Email address subscribed to the alarm topic; the address confirms the
	// subscription once.
	// Default: no subscription.
	AlarmEmail *string
	// Share of the service's requests answered with a 5xx by its tasks (%)
	// that raises its error alarm; also the threshold of the error alarm of
	// the load balancer the service makes (its own 5xx, without Alb).
	// Default: 5.
	Alarm5xxPercent *float64
	// 99th percentile of the tasks' response time that raises the latency
	// alarm.
	// Default: 1 second.
	AlarmP99Latency awscdk.Duration
}

// AlbFrontedService is an ECS service on EC2 in bridge mode behind an
// internet-facing Application Load Balancer, its own or a shared one,
// scaling its task count on the requests per task.
type AlbFrontedService struct {
	constructs.Construct
	// Alb is the load balancer the service is behind, made or joined.
	Alb *InternetFacingAlb
	// ListenerRule routes the service's hosts and paths to it (all paths,
	// at priority 50000, for a service released by traffic shifting on a
	// load balancer it made), or is nil when it has the listener's default
	// action.
	ListenerRule elb.ApplicationListenerRule
	// DenyRule answers the requests for the service's hosts and paths from
	// outside AllowedCidrs with a 403, or is nil: joining a shared load
	// balancer with AllowedCidrs only.
	DenyRule elb.ApplicationListenerRule
	// AlternateTargetGroup holds the new revision's tasks during a
	// BLUE_GREEN, CANARY or LINEAR release (ECS swaps the two groups'
	// roles at each release), or is nil.
	AlternateTargetGroup elb.ApplicationTargetGroup
	// TestRule sends requests with TestTrafficHeader to the new revision,
	// or is nil.
	TestRule elb.ApplicationListenerRule
	// DeploymentRole is the role ECS assumes to move the traffic of a
	// BLUE_GREEN, CANARY or LINEAR release, or nil.
	DeploymentRole awsiam.Role
	// TargetGroup holds the tasks, registered by ECS: as their instance on
	// their host port in BRIDGE mode, as their own address in AWS_VPC mode.
	TargetGroup elb.ApplicationTargetGroup
	// TaskDefinition is the task definition: an EC2 one, or one for ECS
	// Managed Instances.
	TaskDefinition awsecs.TaskDefinition
	// TaskSecurityGroup is the tasks' security group in AWS_VPC mode, which
	// admits the load balancer on the container port only, or nil in
	// BRIDGE mode (the tasks share the instances' group).
	TaskSecurityGroup awsec2.SecurityGroup
	// Container is the task's only container.
	Container awsecs.ContainerDefinition
	// LogGroup receives the container's logs.
	LogGroup awslogs.LogGroup
	// Service is the ECS service: an Ec2Service on an Auto Scaling group's
	// capacity, a FargateService (as CDK requires) on ECS Managed
	// Instances.
	Service awsecs.BaseService
	// ScalableTarget scales the service's task count.
	ScalableTarget awsecs.ScalableTaskCount
	// ScalingPolicy tracks the requests per task.
	ScalingPolicy awsapplicationautoscaling.CfnScalingPolicy
	// AlarmTopic receives the alarms' state changes.
	AlarmTopic awssns.ITopic
	// ServerErrorAlarm watches the share of the service's requests its
	// tasks answer with a 5xx; it rolls a deploy back.
	ServerErrorAlarm cw.Alarm
	// UnhealthyHostsAlarm watches targets failing their health check.
	UnhealthyHostsAlarm cw.Alarm
	// LatencyAlarm watches the 99th percentile of the response time; it
	// rolls a deploy back.
	LatencyAlarm cw.Alarm
	// TasksBelowDesiredAlarm watches tasks that cannot be placed or keep
	// failing.
	TasksBelowDesiredAlarm cw.Alarm
	// Dashboard shows the service: the cluster's, or its own, or nil.
	Dashboard cw.Dashboard

	ownsAlb bool // the service made Alb
}

// Connections returns the load balancer's connections (none when the
// service's props had problems that left it unbuilt).
func (s *AlbFrontedService) Connections() awsec2.Connections {
	if s.Alb == nil {
		return awsec2.NewConnections(nil)
	}
	return s.Alb.Connections()
}

// NewAlbFrontedService builds the service. Problems of the props are
// reported by Check, and by `cdk synth`, as errors; the service is built
// with the invalid props at their defaults, or not at all when that leaves
// problems (no cluster, no image, a rule without a condition).
func NewAlbFrontedService(scope constructs.Construct, id *string, props *AlbFrontedServiceProps) *AlbFrontedService {
	p := AlbFrontedServiceProps{}
	if props != nil {
		p = *props
	}
	s := &AlbFrontedService{}
	constructs.NewConstruct_Override(s, scope, id)
	if errs := p.problems(); len(errs) > 0 {
		report(s, "AlbFrontedServiceProps", errs)
		// With the invalid props at their defaults, unless that leaves
		// problems (a service without a cluster or image, or a rule):
		// then nothing is built.
		if p = withoutFields(p, errs); len(p.problems()) > 0 {
			return s
		}
	}
	if p.Alb != nil && p.Alb.LoadBalancer == nil {
		// Its load balancer's props had problems, reported there.
		return s
	}
	p = p.withDefaults(*id)
	if p.EncryptionKey == nil && *p.Hardened {
		p.EncryptionKey = newEncryptionKey(s)
	}
	letUseKey(p.EncryptionKey)

	cluster := p.Cluster.EcsCluster()
	vpc := p.Vpc
	switch {
	case p.Alb != nil:
		vpc = p.Alb.vpc
	case vpc == nil:
		vpc = cluster.Vpc()
	}

	s.TargetGroup = newTargetGroup(s, "TargetGroup", &p, vpc)
	route := routeSpec{target: s.TargetGroup, priority: p.Priority, hostHeaders: deref(p.HostHeaders), pathPatterns: deref(p.PathPatterns)}
	if shiftsTraffic(p.DeploymentStrategy) {
		s.AlternateTargetGroup = newTargetGroup(s, "AlternateTargetGroup", &p, vpc)
		route.alternate, route.testHeader = s.AlternateTargetGroup, p.TestTrafficHeader
	}
	s.Alb, s.ownsAlb = p.Alb, p.Alb == nil
	if s.ownsAlb {
		s.Alb = &InternetFacingAlb{}
		// "Default" keeps the load balancer's logical IDs those of a
		// service that made its resources itself.
		constructs.NewConstruct_Override(s.Alb, s, jsii.String("Default"))
		var defaultTarget elb.IApplicationTargetGroup
		if len(route.hostHeaders)+len(route.pathPatterns) == 0 && route.alternate == nil {
			defaultTarget = s.TargetGroup
		}
		s.Alb.build(p.albProps(vpc).withDefaults(*id), defaultTarget)
	} else {
		route.sources = deref(p.AllowedCidrs)
	}
	s.ListenerRule, s.DenyRule, s.TestRule = s.Alb.addRoute(s, route)
	s.newTaskDefinition(&p)

	s.AlarmTopic = p.AlarmTopic
	switch {
	case s.AlarmTopic != nil:
		letAlarmsPublish(s.AlarmTopic)
	case p.Alb == nil:
		s.AlarmTopic = s.Alb.AlarmTopic
	default:
		s.AlarmTopic = newAlarmTopic(s, p.EncryptionKey)
	}
	if p.AlarmEmail != nil {
		s.AlarmTopic.AddSubscription(awssnssubscriptions.NewEmailSubscription(p.AlarmEmail, nil))
	}
	m := s.targetMetrics()
	s.newTargetAlarms(&p, m)

	var deploymentAlarms *awsecs.DeploymentAlarmConfig
	if *p.RollbackOnAlarm {
		// The alarms read the target group only: an alarm on the service's
		// task counts would depend on the service that depends on it.
		deploymentAlarms = &awsecs.DeploymentAlarmConfig{
			AlarmNames: &[]*string{s.ServerErrorAlarm.AlarmName(), s.LatencyAlarm.AlarmName()},
			Behavior:   awsecs.AlarmBehavior_ROLLBACK_ON_ALARM,
		}
	}
	strategies := p.Cluster.CapacityProviderStrategies()
	s.Service = s.newEcsService(&p, strategies, deploymentAlarms)
	if *p.EnableExecuteCommand {
		s.suppressExecPolicy()
	}
	redeployOnStrategyChange(s.Service, strategies)
	s.attachTargetGroups(&p)
	s.waitForTheAssociation(cluster)

	s.TasksBelowDesiredAlarm = s.newTasksBelowDesiredAlarm(cluster)
	s.scaleTasks(&p)
	if *p.Dashboard {
		s.addDashboardRows(p.Cluster, m)
	}
	p.Cluster.reserveCapacity(p.reservation(*s.Node().Path()))
	return s
}

// waitForTheAssociation makes the service depend on the resource that
// associates the cluster's capacity providers with it: ECS refuses a
// strategy that names a provider not yet associated, and on delete the
// service must go before the association (aws-cdk#19275). CDK makes that
// resource at synthesis, in an aspect of the cluster; this aspect runs
// after it (read-only priority) and adds that one edge, not one on the
// whole cluster, whose other resources the service already references.
// A cluster made elsewhere has none in this app.
func (s *AlbFrontedService) waitForTheAssociation(cluster awsecs.ICluster) {
	check := constructs.NewConstruct(s, jsii.String("AssociationDependency"))
	awscdk.Aspects_Of(check).Add(&associationAspect{service: s.Service, cluster: cluster},
		&awscdk.AspectOptions{Priority: awscdk.AspectPriority_READONLY()})
}

// associationAspect adds the service's dependency on its cluster's
// capacity provider association; it visits one construct, made for it.
type associationAspect struct {
	service awsecs.BaseService
	cluster awsecs.ICluster
	done    bool
}

// Visit adds the dependency once.
func (a *associationAspect) Visit(constructs.IConstruct) {
	if a.done {
		return
	}
	a.done = true
	for _, c := range *a.cluster.Node().Children() {
		if association, ok := c.(awsecs.CfnClusterCapacityProviderAssociations); ok {
			a.service.Node().DefaultChild().(awscdk.CfnResource).AddResourceDependency(association,
				jsii.String("ECS places tasks only through capacity providers associated with the cluster"))
		}
	}
}

// redeployOnStrategyChange makes a change of the service's capacity
// provider strategy (Spot added, its weight or base changed, Spot retired)
// an update that ECS accepts: ECS refuses a new strategy unless the same
// UpdateService call forces a new deployment, and CloudFormation forces one
// only when asked (aws-cdk#29826, #34631; cloudformation-coverage-roadmap
// #2214). The nonce is a hash of the strategy, so it changes exactly when
// the strategy does, and the property asks for the deployment. Neither
// property replaces the service: its name, desired count and scalable
// target stay.
func redeployOnStrategyChange(service awsecs.BaseService, strategies []*awsecs.CapacityProviderStrategy) {
	resolved, err := json.Marshal(awscdk.Stack_Of(service).Resolve(strategies))
	if err != nil {
		panic(fmt.Errorf("ecsec2: the capacity provider strategy does not resolve to JSON: %w", err))
	}
	hash := sha256.Sum256(resolved)
	service.Node().DefaultChild().(awsecs.CfnService).SetForceNewDeployment(&awsecs.CfnService_ForceNewDeploymentProperty{
		EnableForceNewDeployment: jsii.Bool(true),
		ForceNewDeploymentNonce:  jsii.Sprintf("capacity-provider-strategy-%x", hash[:8]),
	})
}

// albProps are the props of the load balancer the service makes.
func (p *AlbFrontedServiceProps) albProps(vpc awsec2.IVpc) InternetFacingAlbProps {
	return InternetFacingAlbProps{
		Vpc:                     vpc,
		AllowedCidrs:            p.AllowedCidrs,
		CertificateArn:          p.CertificateArn,
		DomainName:              p.DomainName,
		HostedZone:              p.HostedZone,
		SslPolicy:               p.SslPolicy,
		AccessLogs:              p.AccessLogs,
		AccessLogsBucket:        p.AccessLogsBucket,
		AccessLogsPrefix:        p.AccessLogsPrefix,
		DeletionProtection:      p.DeletionProtection,
		StrictTransportSecurity: p.StrictTransportSecurity,
		AlarmTopic:              p.AlarmTopic,
		Alarm5xxPercent:         p.Alarm5xxPercent,
		Hardened:                p.Hardened,
		Waf:                     p.Waf,
		WebAclArn:               p.WebAclArn,
		WafRateLimit:            p.WafRateLimit,
		HttpsOnly:               p.HttpsOnly,
		EncryptionKey:           p.EncryptionKey,
		IpAddressType:           p.IpAddressType,
	}
}

// withDefaults fills the unset props; p is a copy, id the construct's.
func (p AlbFrontedServiceProps) withDefaults(id string) AlbFrontedServiceProps {
	if p.CpuArchitecture == "" {
		p.CpuArchitecture = awsec2.InstanceArchitecture_X86_64
		if p.Cluster != nil && p.Cluster.InstanceType() != nil {
			p.CpuArchitecture = p.Cluster.InstanceType().Architecture()
		}
	}
	if p.ContainerName == nil {
		p.ContainerName = jsii.String(nameOf(id))
	}
	if p.AccessLogsPrefix == nil && p.Alb == nil {
		p.AccessLogsPrefix = jsii.String(nameOf(id))
	}
	if p.NetworkMode == "" {
		p.NetworkMode = awsecs.NetworkMode_BRIDGE
		if p.Cluster != nil && p.Cluster.capacityKind() == ManagedInstancesCapacity {
			p.NetworkMode = awsecs.NetworkMode_AWS_VPC
		}
	}
	p.AllowAllOutbound = orBool(p.AllowAllOutbound, false)
	p.ContainerPort = orNumber(p.ContainerPort, DefaultContainerPort)
	if p.HealthCheckPath == nil {
		p.HealthCheckPath = jsii.String(DefaultHealthCheckPath)
	}
	p.Cpu = orNumber(p.Cpu, DefaultCpu)
	p.MemoryLimitMiB = orNumber(p.MemoryLimitMiB, DefaultMemoryLimitMiB)
	p.MemoryReservationMiB = orNumber(p.MemoryReservationMiB, DefaultMemoryReservationMiB)
	if p.User == nil {
		p.User = jsii.String(DefaultUser)
	}
	p.ReadonlyRootFilesystem = orBool(p.ReadonlyRootFilesystem, true)
	p.StopTimeout = orSeconds(p.StopTimeout, DefaultStopTimeoutSeconds)
	p.MinTasks = orNumber(p.MinTasks, DefaultMinTasks)
	p.MaxTasks = orNumber(p.MaxTasks, DefaultMaxTasks)
	p.RequestsPerTarget = orNumber(p.RequestsPerTarget, DefaultRequestsPerTarget)
	p.HighResolutionMetrics = orBool(p.HighResolutionMetrics, p.CpuTargetPercent != nil || p.MemoryTargetPercent != nil)
	p.ScaleOutCooldown = orSeconds(p.ScaleOutCooldown, DefaultScaleOutCooldownSeconds)
	p.ScaleInCooldown = orSeconds(p.ScaleInCooldown, DefaultScaleInCooldownSeconds)
	p.HealthCheckInterval = orSeconds(p.HealthCheckInterval, DefaultHealthCheckIntervalSeconds)
	p.HealthCheckTimeout = orSeconds(p.HealthCheckTimeout, DefaultHealthCheckTimeoutSeconds)
	p.HealthyThreshold = orNumber(p.HealthyThreshold, DefaultHealthyThreshold)
	p.UnhealthyThreshold = orNumber(p.UnhealthyThreshold, DefaultUnhealthyThreshold)
	p.HealthCheckGracePeriod = orSeconds(p.HealthCheckGracePeriod, DefaultHealthCheckGracePeriodSeconds)
	p.DeregistrationDelay = orSeconds(p.DeregistrationDelay, DefaultDeregistrationDelaySeconds)
	p.MinHealthyPercent = orNumber(p.MinHealthyPercent, DefaultMinHealthyPercent)
	p.MaxHealthyPercent = orNumber(p.MaxHealthyPercent, DefaultMaxHealthyPercent)
	p.RollbackOnAlarm = orBool(p.RollbackOnAlarm, true)
	p.Hardened = orBool(p.Hardened, false)
	p.EnableExecuteCommand = orBool(p.EnableExecuteCommand, false)
	p = p.withDeliveryDefaults()
	if p.LogRetention == "" {
		p.LogRetention = DefaultLogRetention
	}
	p.Dashboard = orBool(p.Dashboard, true)
	p.Alarm5xxPercent = orNumber(p.Alarm5xxPercent, DefaultAlarm5xxPercent)
	p.AlarmP99Latency = orSeconds(p.AlarmP99Latency, DefaultAlarmP99LatencySeconds)
	return p
}

// taskArchitecture is the task definition's name for an architecture.
func taskArchitecture(arch awsec2.InstanceArchitecture) string {
	if arch == awsec2.InstanceArchitecture_ARM_64 {
		return "ARM64"
	}
	return "X86_64"
}
