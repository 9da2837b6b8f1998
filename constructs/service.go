package ecsec2

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapplicationautoscaling"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	elb "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
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
	// DefaultSslPolicy accepts TLS 1.3 and 1.2 with a post-quantum hybrid key
	// exchange.
	DefaultSslPolicy = elb.SslPolicy_TLS13_12_PQ

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
	DefaultAlarm5xxPercent               = 5
	DefaultAlarmP99LatencySeconds        = 1
)

// AlbFrontedServiceProps configures an AlbFrontedService.
type AlbFrontedServiceProps struct {
	// Cluster the service runs in. Its Connections() must hold the
	// instances' security group (PrivateEcsEc2Cluster.Cluster does), or no
	// rule lets the load balancer reach the tasks.
	Cluster awsecs.ICluster
	// VPC of the load balancer.
	// Default: the cluster's VPC.
	Vpc awsec2.IVpc
	// Capacity providers the tasks are placed on, for example
	// PrivateEcsEc2Cluster.CapacityProviderStrategies. Required: an explicit
	// strategy is what lets managed scaling launch instances for the tasks.
	CapacityProviderStrategies []*awsecs.CapacityProviderStrategy
	// Instance type the tasks run on. When set, a task that cannot fit it, or
	// an architecture that differs from it, is an error at synth time.
	// Default: no fit check.
	InstanceType awsec2.InstanceType
	// Image of the container. Required.
	Image awsecs.ContainerImage
	// CPU architecture of the image.
	// Default: the architecture of InstanceType, else X86_64.
	CpuArchitecture awsec2.InstanceArchitecture
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
	Environment map[string]*string
	// Secrets from Secrets Manager or SSM Parameter Store, given to the
	// container as environment variables; the execution role may read them.
	// Default: none.
	Secrets map[string]awsecs.Secret
	// User (uid:gid) the container runs as. The image's files must be
	// readable by it, and it cannot bind ports below 1024.
	// Default: 65532:65532, never root.
	User *string
	// Mount the container's root filesystem read-only: a compromised process
	// cannot change the image. An app that writes files needs a volume.
	// Default: true.
	ReadonlyRootFilesystem *bool
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
	// Target of ALBRequestCountPerTarget: requests a minute per task that
	// task-count autoscaling holds.
	// Default: 50, the post's number.
	RequestsPerTarget *float64
	// Average CPU utilization (%) of the service that a second target
	// tracking policy holds; the policy asking for more tasks wins.
	// Default: no CPU policy.
	CpuTargetPercent *float64
	// Average memory utilization (%) that a third policy holds.
	// Default: no memory policy.
	MemoryTargetPercent *float64
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
	// Retention of the container logs.
	// Default: one year.
	LogRetention awslogs.RetentionDays
	// KMS key that encrypts the container logs; its key policy must let the
	// CloudWatch Logs service principal of the region use it.
	// Default: CloudWatch Logs' own encryption at rest.
	LogEncryptionKey awskms.IKey
	// IPv4 ranges allowed to reach the load balancer.
	// Default: 0.0.0.0/0, the internet.
	AllowedCidrs []*string
	// ARN of an ACM certificate for an HTTPS listener; HTTP then redirects
	// to HTTPS. Cannot be combined with DomainName.
	// Default: no HTTPS unless DomainName is set.
	CertificateArn *string
	// Domain name of the service. With HostedZone it gets a DNS-validated
	// certificate, an HTTPS listener and an alias record to the load
	// balancer; HTTP then redirects to HTTPS.
	// Default: none.
	DomainName *string
	// Hosted zone of DomainName, which holds the validation and alias records.
	// Default: none; required with DomainName.
	HostedZone awsroute53.IHostedZone
	// TLS policy of the HTTPS listener.
	// Default: TLS 1.3 and 1.2 with post-quantum key exchange (TLS13_12_PQ).
	SslPolicy elb.SslPolicy
	// Access logs of the load balancer, to an S3 bucket: encrypted, TLS only,
	// never public, objects kept a year, the bucket kept after the stack.
	// Cheap (S3 storage only) and the first thing an incident asks for.
	// Default: true.
	AccessLogs *bool
	// An existing bucket for the access logs, in the stack's region.
	// Default: a new bucket.
	AccessLogsBucket awss3.IBucket
	// Deletion protection of the load balancer. It makes `cdk destroy` fail
	// until it is turned off again.
	// Default: false.
	DeletionProtection *bool
	// A CloudWatch dashboard of the service (3 USD a month beyond an
	// account's first three dashboards).
	// Default: true.
	Dashboard *bool
	// Topic the alarms notify.
	// Default: a new topic.
	AlarmTopic awssns.ITopic
	// Email address subscribed to the alarm topic; the address confirms the
	// subscription once.
	// Default: no subscription.
	AlarmEmail *string
	// Share of requests answered with a 5xx (%) that raises the error alarm.
	// Default: 5.
	Alarm5xxPercent *float64
	// 99th percentile of the tasks' response time that raises the latency
	// alarm.
	// Default: 1 second.
	AlarmP99Latency awscdk.Duration
}

// AlbFrontedService is an ECS service on EC2 in bridge mode behind an
// internet-facing Application Load Balancer, scaling its task count on the
// requests per target.
type AlbFrontedService struct {
	constructs.Construct
	// LoadBalancer is the internet-facing Application Load Balancer.
	LoadBalancer elb.ApplicationLoadBalancer
	// SecurityGroup is the load balancer's security group.
	SecurityGroup awsec2.SecurityGroup
	// Listener forwards to the target group: HTTPS on 443 when a certificate
	// or domain is given, else HTTP on 80.
	Listener elb.ApplicationListener
	// TargetGroup holds the tasks, registered by ECS on their host ports.
	TargetGroup elb.ApplicationTargetGroup
	// Certificate is the certificate issued for DomainName, or nil.
	Certificate awscertificatemanager.Certificate
	// AccessLogsBucket receives the load balancer's access logs, or is nil.
	AccessLogsBucket awss3.IBucket
	// TaskDefinition is the bridge-mode EC2 task definition.
	TaskDefinition awsecs.Ec2TaskDefinition
	// Container is the task's only container.
	Container awsecs.ContainerDefinition
	// LogGroup receives the container's logs.
	LogGroup awslogs.LogGroup
	// Service is the ECS service.
	Service awsecs.Ec2Service
	// ScalableTarget scales the service's task count.
	ScalableTarget awsecs.ScalableTaskCount
	// IdleAlarm sets the task count to MinTasks after 15 minutes without a
	// request.
	IdleAlarm awscloudwatch.Alarm
	// AlarmTopic receives the alarms' state changes.
	AlarmTopic awssns.ITopic
	// ServerErrorAlarm watches the share of 5xx responses.
	ServerErrorAlarm awscloudwatch.Alarm
	// UnhealthyHostsAlarm watches targets failing their health check.
	UnhealthyHostsAlarm awscloudwatch.Alarm
	// LatencyAlarm watches the 99th percentile of the response time.
	LatencyAlarm awscloudwatch.Alarm
	// TasksBelowDesiredAlarm watches tasks that cannot be placed or keep
	// failing.
	TasksBelowDesiredAlarm awscloudwatch.Alarm
	// Dashboard shows the service, or is nil.
	Dashboard awscloudwatch.Dashboard
}

// Connections returns the load balancer's connections.
func (s *AlbFrontedService) Connections() awsec2.Connections {
	return s.LoadBalancer.Connections()
}

// NewAlbFrontedService builds the service. Invalid props panic with an error
// listing every problem; call props.Validate first to handle them.
func NewAlbFrontedService(scope constructs.Construct, id *string, props *AlbFrontedServiceProps) *AlbFrontedService {
	p := AlbFrontedServiceProps{}
	if props != nil {
		p = *props
	}
	if err := p.validateAll(); err != nil {
		panic(fmt.Errorf("%s: %w", *id, err))
	}
	p = p.withDefaults()

	s := &AlbFrontedService{}
	constructs.NewConstruct_Override(s, scope, id)

	s.TargetGroup = elb.NewApplicationTargetGroup(s, jsii.String("TargetGroup"), &elb.ApplicationTargetGroupProps{
		Vpc:        p.Vpc,
		Port:       jsii.Number(80),
		Protocol:   elb.ApplicationProtocol_HTTP,
		TargetType: elb.TargetType_INSTANCE,
		HealthCheck: &elb.HealthCheck{
			Path: p.HealthCheckPath,
			// The dynamic host port each task was registered on.
			Port:                    jsii.String("traffic-port"),
			HealthyHttpCodes:        jsii.String("200"),
			Interval:                p.HealthCheckInterval,
			Timeout:                 p.HealthCheckTimeout,
			HealthyThresholdCount:   p.HealthyThreshold,
			UnhealthyThresholdCount: p.UnhealthyThreshold,
		},
		DeregistrationDelay: p.DeregistrationDelay,
	})
	s.newLoadBalancer(&p)
	s.newTaskDefinition(&p)

	s.Service = awsecs.NewEc2Service(s, jsii.String("Service"), &awsecs.Ec2ServiceProps{
		Cluster:                    p.Cluster,
		TaskDefinition:             s.TaskDefinition,
		CapacityProviderStrategies: &p.CapacityProviderStrategies,
		// Spread over zones first, then fill instances, so that managed
		// scaling can empty and remove instances on scale-in.
		PlacementStrategies: &[]awsecs.PlacementStrategy{
			awsecs.PlacementStrategy_SpreadAcross(awsecs.BuiltInAttributes_AVAILABILITY_ZONE()),
			awsecs.PlacementStrategy_PackedByMemory(),
		},
		// Zero-downtime rolling deploys: new tasks start before old ones stop,
		// and a deploy whose tasks never turn healthy is rolled back.
		MinHealthyPercent:      p.MinHealthyPercent,
		MaxHealthyPercent:      p.MaxHealthyPercent,
		CircuitBreaker:         &awsecs.DeploymentCircuitBreaker{Enable: jsii.Bool(true), Rollback: jsii.Bool(true)},
		HealthCheckGracePeriod: p.HealthCheckGracePeriod,
	})
	s.Service.AttachToApplicationTargetGroup(s.TargetGroup)
	// The strategy names a capacity provider that must be associated with the
	// cluster first; the dependency also deletes the service before it.
	s.Service.Node().DefaultChild().Node().AddDependency(p.Cluster)

	s.scaleTasks(&p)

	m := s.metrics(&p)
	s.newAlarms(&p, m)
	if *p.Dashboard {
		s.newDashboard(m)
	}
	return s
}

// scaleTasks lets the task count follow the requests per target and, when
// asked, the CPU and memory utilization; scale-in stays on.
func (s *AlbFrontedService) scaleTasks(p *AlbFrontedServiceProps) {
	s.ScalableTarget = s.Service.AutoScaleTaskCount(&awsapplicationautoscaling.EnableScalingProps{
		MinCapacity: p.MinTasks,
		MaxCapacity: p.MaxTasks,
	})
	s.ScalableTarget.ScaleOnRequestCount(jsii.String("RequestsPerTarget"), &awsecs.RequestCountScalingProps{
		RequestsPerTarget: p.RequestsPerTarget,
		TargetGroup:       s.TargetGroup,
		ScaleOutCooldown:  p.ScaleOutCooldown,
		ScaleInCooldown:   p.ScaleInCooldown,
	})
	s.scaleInWhenIdle(p)
	if p.CpuTargetPercent != nil {
		s.ScalableTarget.ScaleOnCpuUtilization(jsii.String("Cpu"), &awsecs.CpuUtilizationScalingProps{
			TargetUtilizationPercent: p.CpuTargetPercent,
			ScaleOutCooldown:         p.ScaleOutCooldown,
			ScaleInCooldown:          p.ScaleInCooldown,
		})
	}
	if p.MemoryTargetPercent != nil {
		s.ScalableTarget.ScaleOnMemoryUtilization(jsii.String("Memory"), &awsecs.MemoryUtilizationScalingProps{
			TargetUtilizationPercent: p.MemoryTargetPercent,
			ScaleOutCooldown:         p.ScaleOutCooldown,
			ScaleInCooldown:          p.ScaleInCooldown,
		})
	}
}

// newTaskDefinition builds the bridge-mode task definition, its container and
// log group.
func (s *AlbFrontedService) newTaskDefinition(p *AlbFrontedServiceProps) {
	s.TaskDefinition = awsecs.NewEc2TaskDefinition(s, jsii.String("TaskDefinition"), &awsecs.Ec2TaskDefinitionProps{
		NetworkMode: awsecs.NetworkMode_BRIDGE,
	})
	// Places the tasks on instances of the image's architecture.
	s.TaskDefinition.Node().DefaultChild().(awsecs.CfnTaskDefinition).AddPropertyOverride(jsii.String("RuntimePlatform"), map[string]string{
		"CpuArchitecture":       taskArchitecture(p.CpuArchitecture),
		"OperatingSystemFamily": "LINUX",
	})
	s.LogGroup = awslogs.NewLogGroup(s, jsii.String("LogGroup"), &awslogs.LogGroupProps{
		Retention:     p.LogRetention,
		EncryptionKey: p.LogEncryptionKey,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	s.Container = s.TaskDefinition.AddContainer(jsii.String("web"), &awsecs.ContainerDefinitionOptions{
		Image:                  p.Image,
		Cpu:                    p.Cpu,
		MemoryLimitMiB:         p.MemoryLimitMiB,
		MemoryReservationMiB:   p.MemoryReservationMiB,
		Environment:            &p.Environment,
		Secrets:                &p.Secrets,
		User:                   p.User,
		ReadonlyRootFilesystem: p.ReadonlyRootFilesystem,
		Privileged:             jsii.Bool(false),
		HealthCheck:            p.ContainerHealthCheck,
		StopTimeout:            p.StopTimeout,
		Logging: awsecs.LogDrivers_AwsLogs(&awsecs.AwsLogDriverProps{
			StreamPrefix: jsii.String("web"),
			LogGroup:     s.LogGroup,
		}),
		PortMappings: &[]*awsecs.PortMapping{{
			Name:          jsii.String("http"),
			ContainerPort: p.ContainerPort,
			HostPort:      jsii.Number(0),
			Protocol:      awsecs.Protocol_TCP,
			AppProtocol:   awsecs.AppProtocol_Http(),
		}},
	})
	if len(p.Environment) > 0 {
		suppress(s.TaskDefinition, "AwsSolutions-ECS2", "the environment holds plain settings; secrets go through the Secrets prop, from Secrets Manager or Parameter Store")
	}
	suppress(s.TaskDefinition.ObtainExecutionRole().Node().FindChild(jsii.String("DefaultPolicy")), "AwsSolutions-IAM5",
		"ecr:GetAuthorizationToken supports no resource scope; the image pull and log actions are scoped to their repository and log group",
		"Resource::*")
}

// scaleInWhenIdle brings the task count down to MinTasks after 15 minutes
// without a request. The load balancer publishes no request metrics while no
// request comes, and target tracking treats that as missing data, never as
// low load: without this, the tasks a load test added would stay until
// traffic returns. The alarm reads the requests with missing minutes as 0.
func (s *AlbFrontedService) scaleInWhenIdle(p *AlbFrontedServiceProps) {
	target := s.ScalableTarget.Node().FindChild(jsii.String("Target")).(awsapplicationautoscaling.ScalableTarget)
	toMinimum := awsapplicationautoscaling.NewStepScalingAction(s, jsii.String("IdleScaleIn"), &awsapplicationautoscaling.StepScalingActionProps{
		ScalingTarget:  target,
		AdjustmentType: awsapplicationautoscaling.AdjustmentType_EXACT_CAPACITY,
		Cooldown:       p.ScaleInCooldown,
	})
	toMinimum.AddAdjustment(&awsapplicationautoscaling.AdjustmentTier{Adjustment: p.MinTasks, UpperBound: jsii.Number(0)})
	s.IdleAlarm = awscloudwatch.NewAlarm(s, jsii.String("IdleAlarm"), &awscloudwatch.AlarmProps{
		AlarmDescription: jsii.String("No request for 15 minutes: scale the tasks in to MinTasks"),
		Metric: awscloudwatch.NewMathExpression(&awscloudwatch.MathExpressionProps{
			Label:      jsii.String("requests, missing minutes as 0"),
			Expression: jsii.String("FILL(requests, 0)"),
			UsingMetrics: &map[string]awscloudwatch.IMetric{
				"requests": s.TargetGroup.Metrics().RequestCount(&awscloudwatch.MetricOptions{Statistic: jsii.String("Sum"), Period: minute}),
			},
			Period: minute,
		}),
		ComparisonOperator: awscloudwatch.ComparisonOperator_LESS_THAN_THRESHOLD,
		Threshold:          jsii.Number(1),
		EvaluationPeriods:  jsii.Number(15),
		DatapointsToAlarm:  jsii.Number(15),
		TreatMissingData:   awscloudwatch.TreatMissingData_BREACHING,
	})
	s.IdleAlarm.AddAlarmAction(awscloudwatchactions.NewApplicationScalingAction(toMinimum))
}

// withDefaults fills the unset props; p is a copy.
func (p AlbFrontedServiceProps) withDefaults() AlbFrontedServiceProps {
	if p.Vpc == nil {
		p.Vpc = p.Cluster.Vpc()
	}
	p = p.withTimingDefaults()
	if p.CpuArchitecture == "" {
		p.CpuArchitecture = awsec2.InstanceArchitecture_X86_64
		if p.InstanceType != nil {
			p.CpuArchitecture = p.InstanceType.Architecture()
		}
	}
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
	p.MinTasks = orNumber(p.MinTasks, DefaultMinTasks)
	p.MaxTasks = orNumber(p.MaxTasks, DefaultMaxTasks)
	p.RequestsPerTarget = orNumber(p.RequestsPerTarget, DefaultRequestsPerTarget)
	if p.LogRetention == "" {
		p.LogRetention = DefaultLogRetention
	}
	if p.AllowedCidrs == nil {
		p.AllowedCidrs = []*string{jsii.String("0.0.0.0/0")}
	}
	if p.SslPolicy == "" {
		p.SslPolicy = DefaultSslPolicy
	}
	p.AccessLogs = orBool(p.AccessLogs, true)
	p.DeletionProtection = orBool(p.DeletionProtection, false)
	p.ScaleOutCooldown = orSeconds(p.ScaleOutCooldown, DefaultScaleOutCooldownSeconds)
	p.ScaleInCooldown = orSeconds(p.ScaleInCooldown, DefaultScaleInCooldownSeconds)
	p.HealthCheckTimeout = orSeconds(p.HealthCheckTimeout, DefaultHealthCheckTimeoutSeconds)
	p.UnhealthyThreshold = orNumber(p.UnhealthyThreshold, DefaultUnhealthyThreshold)
	p.HealthCheckGracePeriod = orSeconds(p.HealthCheckGracePeriod, DefaultHealthCheckGracePeriodSeconds)
	p.Dashboard = orBool(p.Dashboard, true)
	p.Alarm5xxPercent = orNumber(p.Alarm5xxPercent, DefaultAlarm5xxPercent)
	p.AlarmP99Latency = orSeconds(p.AlarmP99Latency, DefaultAlarmP99LatencySeconds)
	return p
}

func orSeconds(d awscdk.Duration, seconds float64) awscdk.Duration {
	if d == nil {
		return awscdk.Duration_Seconds(jsii.Number(seconds))
	}
	return d
}

// taskArchitecture is the task definition's name for an architecture.
func taskArchitecture(arch awsec2.InstanceArchitecture) string {
	if arch == awsec2.InstanceArchitecture_ARM_64 {
		return "ARM64"
	}
	return "X86_64"
}
