package stack

import (
	"errors"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecrassets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	elb "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	ecsec2 "github.com/ecsec2/ecsec2/constructs"
	"github.com/ecsec2/ecsec2/internal/rename"
)

// DrainTimeout is the app's graceful-shutdown deadline (DRAIN_TIMEOUT); the
// container's stop timeout is this plus stopMargin, so the app always exits
// on its own before ECS sends SIGKILL.
const DrainTimeout = 10 * time.Second

const stopMargin = 5 * time.Second

// HostNameStackProps configures the stack.
type HostNameStackProps struct {
	awscdk.StackProps
	// Config holds the knobs read from the CDK context.
	Config Config
	// ImageDirectory is the Docker build context of the app.
	// Default: the app/ folder of this repository.
	ImageDirectory string
}

// HostNameStack is the whole topology: the /host-name app from app/ as a
// service on a private ECS-on-EC2 cluster behind an internet-facing ALB.
type HostNameStack struct {
	Stack   awscdk.Stack
	Cluster *ecsec2.PrivateEcsEc2Cluster
	Service *ecsec2.AlbFrontedService
}

// NewHostNameStackFromContext builds the stack from the CDK context of
// scope, as `cdk synth` runs it: malformed context values and invalid
// settings come in one error that names the context keys.
func NewHostNameStackFromContext(scope constructs.Construct, id string) (*HostNameStack, error) {
	cfg, err := ConfigFromContext(scope.Node())
	return newHostNameStack(scope, id, &HostNameStackProps{Config: cfg}, err)
}

// NewHostNameStack builds the stack, or reports every problem of its
// settings in one error that names the context keys, leaving scope as it
// was.
func NewHostNameStack(scope constructs.Construct, id string, props *HostNameStackProps) (*HostNameStack, error) {
	return newHostNameStack(scope, id, props, nil)
}

// newHostNameStack is NewHostNameStack; contextErr, what ConfigFromContext
// reported, joins its report.
func newHostNameStack(scope constructs.Construct, id string, props *HostNameStackProps, contextErr error) (*HostNameStack, error) {
	stackProps := props.StackProps
	if stackProps.Description == nil {
		stackProps.Description = jsii.String("Go /host-name service on ECS on EC2 in private subnets behind an internet-facing ALB")
	}
	st := awscdk.NewStack(scope, &id, &stackProps)
	clusterProps, serviceProps := props.constructProps(st)
	s := &HostNameStack{Stack: st}
	s.Cluster = ecsec2.NewPrivateEcsEc2Cluster(st, jsii.String("Cluster"), &clusterProps)
	serviceProps.Cluster = s.Cluster
	serviceProps.Image = awsecs.ContainerImage_FromDockerImageAsset(awsecrassets.NewDockerImageAsset(st, jsii.String("Image"), &awsecrassets.DockerImageAssetProps{
		Directory: jsii.String(imageDirectory(props.ImageDirectory)),
		Platform:  platformOf(s.Cluster.InstanceType()),
	}))
	s.Service = ecsec2.NewAlbFrontedService(st, jsii.String("Service"), &serviceProps)
	// Every problem of the settings, the services' capacity on the
	// cluster's instances included, in one report, before anything is
	// synthesized; the constructs tolerate bad props until then.
	if err := ecsec2.Check(st); err != nil || contextErr != nil {
		scope.Node().TryRemoveChild(&id)
		return nil, settingsError(contextErr, err)
	}
	s.Cluster.NotifyAlarms(s.Service.AlarmTopic)

	url := s.Service.Alb.Url("/host-name")
	description := "GET it to see which task answered"
	if props.Config.CertificateArn != nil {
		description += "; the certificate names your domain, not this one"
	}
	output(st, "HostNameUrl", url, description)
	output(st, "LoadBalancerDnsName", s.Service.Alb.LoadBalancer.LoadBalancerDnsName(), "DNS name of the load balancer")
	output(st, "ClusterName", s.Cluster.Cluster.ClusterName(), "ECS cluster")
	output(st, "ServiceName", s.Service.Service.ServiceName(), "ECS service")
	return s, nil
}

// settingsError renders the context's problems and the constructs' under
// the context keys that set them, leaving out the ones about keys whose
// values were already rejected (the constructs then used their defaults).
func settingsError(contextErr, propsErr error) error {
	var rejected, lines []string
	var ce *ContextError
	if errors.As(contextErr, &ce) {
		rejected, lines = ce.Keys, ce.Problems
	}
	name := func(field string) string {
		if key := contextKey(field); key != "" {
			return key
		}
		return ""
	}
	problems, _ := rename.Problems(propsErr, name)
problems:
	for _, p := range problems {
		for _, f := range p.Fields {
			if slices.Contains(rejected, contextKey(f)) {
				continue problems
			}
		}
		lines = append(lines, contextValues(p.Message))
	}
	return errors.New("invalid settings (context keys, set with -c key=value or in cdk.json):\n" + strings.Join(lines, "\n"))
}

// contextWords are the constructs' values, as their messages name them,
// and the context values that set them.
var contextWords = map[string]string{
	"AWS_VPC": "awsvpc", "BRIDGE": "bridge",
	"ROLLING": "rolling", "CANARY": "canary", "LINEAR": "linear", "BLUE_GREEN": "blueGreen",
	"ManagedInstancesCapacity": "managed", "AutoScalingGroupCapacity": "asg",
}

var goValue = regexp.MustCompile(`\b(?:awsecs\.(?:NetworkMode|DeploymentStrategy)_)?(AWS_VPC|BRIDGE|ROLLING|CANARY|LINEAR|BLUE_GREEN|ManagedInstancesCapacity|AutoScalingGroupCapacity)\b`)

// contextValues renders a construct's message in the context's words:
// "networkMode (bridge)", "set deploymentStrategy to canary".
func contextValues(message string) string {
	return goValue.ReplaceAllStringFunc(message, func(word string) string {
		return contextWords[goValue.FindStringSubmatch(word)[1]]
	})
}

// constructProps maps the stack props to the constructs' props.
func (props *HostNameStackProps) constructProps(st awscdk.Stack) (ecsec2.PrivateEcsEc2ClusterProps, ecsec2.AlbFrontedServiceProps) {
	cfg := props.Config
	cluster := ecsec2.PrivateEcsEc2ClusterProps{
		MaxAzs:         cfg.MaxAzs,
		NatGateways:    cfg.NatGateways,
		MinInstances:   cfg.MinInstances,
		MaxInstances:   cfg.MaxInstances,
		WarmPool:       cfg.WarmPool,
		AwsvpcTrunking: cfg.AwsvpcTrunking,
		SpotWeight:     cfg.SpotWeight,
	}
	if cfg.Capacity != nil && *cfg.Capacity == "managed" {
		cluster.Capacity = ecsec2.ManagedInstancesCapacity
	}
	instanceType := ecsec2.DefaultInstanceType
	if cfg.InstanceType != nil {
		instanceType = *cfg.InstanceType
	}
	cluster.InstanceType = awsec2.NewInstanceType(&instanceType)
	if len(cfg.SpotInstanceTypes) > 0 {
		spot := make([]awsec2.InstanceType, len(cfg.SpotInstanceTypes))
		for i, name := range cfg.SpotInstanceTypes {
			spot[i] = awsec2.NewInstanceType(jsii.String(name))
		}
		cluster.SpotInstanceTypes = &spot
	}
	service := ecsec2.AlbFrontedServiceProps{
		// The names the service had before they followed the construct id:
		// a new container name would replace the task definition's
		// container, a new prefix move the logs.
		ContainerName:     jsii.String("web"),
		AccessLogsPrefix:  jsii.String("alb"),
		AlarmEmail:        cfg.AlarmEmail,
		CertificateArn:    cfg.CertificateArn,
		DomainName:        cfg.DomainName,
		MinTasks:          cfg.MinTasks,
		MaxTasks:          cfg.MaxTasks,
		RequestsPerTarget: cfg.RequestsPerTarget,
		Environment: &map[string]*string{
			"PORT":          jsii.Sprintf("%d", ecsec2.DefaultContainerPort),
			"DRAIN_TIMEOUT": jsii.String(DrainTimeout.String()),
		},
		StopTimeout: awscdk.Duration_Seconds(jsii.Number((DrainTimeout + stopMargin).Seconds())),
		// The image has no shell and no curl: the binary probes itself.
		ContainerHealthCheck: &awsecs.HealthCheck{
			Command:     jsii.Strings("CMD", "/server", "healthcheck"),
			Interval:    awscdk.Duration_Seconds(jsii.Number(10)),
			Timeout:     awscdk.Duration_Seconds(jsii.Number(3)),
			Retries:     jsii.Number(3),
			StartPeriod: awscdk.Duration_Seconds(jsii.Number(5)),
		},
	}
	if cfg.NetworkMode != nil {
		service.NetworkMode = map[string]awsecs.NetworkMode{"bridge": awsecs.NetworkMode_BRIDGE, "awsvpc": awsecs.NetworkMode_AWS_VPC}[*cfg.NetworkMode]
	}
	if cfg.Hardened != nil && *cfg.Hardened {
		// One key for the stack's logs and alarm topics, instead of one
		// per construct (1 USD a month each).
		key := awskms.NewKey(st, jsii.String("EncryptionKey"), &awskms.KeyProps{
			Description:       jsii.String("HostNameService: its log groups and alarm topics"),
			EnableKeyRotation: jsii.Bool(true),
			RemovalPolicy:     awscdk.RemovalPolicy_RETAIN,
		})
		cluster.Hardened, cluster.EncryptionKey = cfg.Hardened, key
		service.Hardened, service.EncryptionKey = cfg.Hardened, key
	}
	service.EnableExecuteCommand = cfg.ExecuteCommand
	if cfg.DualStack != nil && *cfg.DualStack {
		cluster.DualStack, service.IpAddressType = cfg.DualStack, elb.IpAddressType_DUAL_STACK
	}
	if cfg.AppVersion != nil {
		(*service.Environment)["APP_VERSION"] = cfg.AppVersion
	}
	if cfg.DeploymentStrategy != nil {
		service.DeploymentStrategy = map[string]awsecs.DeploymentStrategy{
			"rolling": awsecs.DeploymentStrategy_ROLLING, "canary": awsecs.DeploymentStrategy_CANARY,
			"linear": awsecs.DeploymentStrategy_LINEAR, "blueGreen": awsecs.DeploymentStrategy_BLUE_GREEN,
		}[*cfg.DeploymentStrategy]
	}
	service.TrafficShiftPercent = cfg.TrafficShiftPercent
	if cfg.TrafficShiftMinutes != nil {
		service.TrafficShiftBakeTime = awscdk.Duration_Minutes(cfg.TrafficShiftMinutes)
	}
	if cfg.BakeMinutes != nil {
		service.BakeTime = awscdk.Duration_Minutes(cfg.BakeMinutes)
	}
	if cfg.HostedZoneID != nil {
		service.HostedZone = awsroute53.HostedZone_FromHostedZoneAttributes(st, jsii.String("HostedZone"), &awsroute53.HostedZoneAttributes{
			HostedZoneId: cfg.HostedZoneID,
			ZoneName:     cfg.HostedZoneName,
		})
	}
	return cluster, service
}

// platformOf builds the image for the instances' architecture.
func platformOf(instanceType awsec2.InstanceType) awsecrassets.Platform {
	if instanceType.Architecture() == awsec2.InstanceArchitecture_ARM_64 {
		return awsecrassets.Platform_LINUX_ARM64()
	}
	return awsecrassets.Platform_LINUX_AMD64()
}

// imageDirectory is dir, or app/ next to this package, wherever the command
// runs from.
func imageDirectory(dir string) string {
	if dir != "" {
		return dir
	}
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "app")
}

func output(scope constructs.Construct, id string, value *string, description string) {
	awscdk.NewCfnOutput(scope, &id, &awscdk.CfnOutputProps{Value: value, Description: &description})
}
