package stack

import (
	"errors"
	"path/filepath"
	"runtime"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecrassets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	ecsec2 "github.com/ecsec2/ecsec2/constructs"
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

// NewHostNameStack validates the props, reporting every problem in one error
// (and leaving scope as it was), then builds the stack.
func NewHostNameStack(scope constructs.Construct, id string, props *HostNameStackProps) (*HostNameStack, error) {
	stackProps := props.StackProps
	if stackProps.Description == nil {
		stackProps.Description = jsii.String("Go /host-name service on ECS on EC2 in private subnets behind an internet-facing ALB")
	}
	st := awscdk.NewStack(scope, &id, &stackProps)
	clusterProps, serviceProps := props.constructProps(st)
	if err := errors.Join(clusterProps.ValidateIn(st), serviceProps.Validate()); err != nil {
		scope.Node().TryRemoveChild(&id)
		return nil, err
	}
	s := &HostNameStack{Stack: st}
	s.Cluster = ecsec2.NewPrivateEcsEc2Cluster(st, jsii.String("Cluster"), &clusterProps)

	dir := props.ImageDirectory
	if dir == "" {
		dir = defaultImageDirectory()
	}
	image := awsecrassets.NewDockerImageAsset(st, jsii.String("Image"), &awsecrassets.DockerImageAssetProps{
		Directory: jsii.String(dir),
		Platform:  platformOf(s.Cluster.InstanceType),
	})
	serviceProps.Cluster = s.Cluster.Cluster
	serviceProps.CapacityProviderStrategies = s.Cluster.CapacityProviderStrategies
	serviceProps.Image = awsecs.ContainerImage_FromDockerImageAsset(image)
	s.Service = ecsec2.NewAlbFrontedService(st, jsii.String("Service"), &serviceProps)

	dns := s.Service.LoadBalancer.LoadBalancerDnsName()
	if domain := props.Config.DomainName; domain != nil {
		output(st, "HostNameUrl", jsii.Sprintf("https://%s/host-name", *domain), "GET it to see which task answered")
	} else if props.Config.CertificateArn != nil {
		output(st, "HostNameUrl", jsii.Sprintf("https://%s/host-name", *dns), "GET it to see which task answered; the certificate names your domain, not this one")
	} else {
		output(st, "HostNameUrl", jsii.Sprintf("http://%s/host-name", *dns), "GET it to see which task answered")
	}
	output(st, "LoadBalancerDnsName", dns, "DNS name of the load balancer")
	output(st, "ClusterName", s.Cluster.Cluster.ClusterName(), "ECS cluster")
	output(st, "ServiceName", s.Service.Service.ServiceName(), "ECS service")
	return s, nil
}

// constructProps maps the stack props to the constructs' props.
func (props *HostNameStackProps) constructProps(st awscdk.Stack) (ecsec2.PrivateEcsEc2ClusterProps, ecsec2.AlbFrontedServiceProps) {
	cfg := props.Config
	cluster := ecsec2.PrivateEcsEc2ClusterProps{
		MaxAzs:       cfg.MaxAzs,
		NatGateways:  cfg.NatGateways,
		MinInstances: cfg.MinInstances,
		MaxInstances: cfg.MaxInstances,
	}
	instanceType := ecsec2.DefaultInstanceType
	if cfg.InstanceType != nil {
		instanceType = *cfg.InstanceType
	}
	cluster.InstanceType = awsec2.NewInstanceType(&instanceType)
	for _, name := range cfg.SpotInstanceTypes {
		cluster.SpotInstanceTypes = append(cluster.SpotInstanceTypes, awsec2.NewInstanceType(jsii.String(name)))
	}
	cluster.SpotWeight = cfg.SpotWeight
	service := ecsec2.AlbFrontedServiceProps{
		InstanceType:      cluster.InstanceType,
		AlarmEmail:        cfg.AlarmEmail,
		CertificateArn:    cfg.CertificateArn,
		DomainName:        cfg.DomainName,
		MinTasks:          cfg.MinTasks,
		MaxTasks:          cfg.MaxTasks,
		RequestsPerTarget: cfg.RequestsPerTarget,
		Environment: map[string]*string{
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

// defaultImageDirectory is app/ next to this package, wherever the command
// runs from.
func defaultImageDirectory() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "app")
}

func output(scope constructs.Construct, id string, value *string, description string) {
	awscdk.NewCfnOutput(scope, &id, &awscdk.CfnOutputProps{Value: value, Description: &description})
}
