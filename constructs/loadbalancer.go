package ecsec2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elb "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53targets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"
)

// accessLogPrefix is the key prefix of the access logs in their bucket.
const accessLogPrefix = "alb"

// newLoadBalancer builds the load balancer, its security group, access logs,
// listeners and, for a domain, the certificate and the alias record.
func (s *AlbFrontedService) newLoadBalancer(p *AlbFrontedServiceProps) {
	s.SecurityGroup = awsec2.NewSecurityGroup(s, jsii.String("LoadBalancerSecurityGroup"), &awsec2.SecurityGroupProps{
		Vpc:         p.Vpc,
		Description: jsii.String("Load balancer: HTTP and HTTPS from the allowed ranges, egress only to the task host ports"),
		// Egress rules are added per target: only the dynamic host ports of
		// the instances.
		AllowAllOutbound: jsii.Bool(false),
	})
	s.LoadBalancer = elb.NewApplicationLoadBalancer(s, jsii.String("LoadBalancer"), &elb.ApplicationLoadBalancerProps{
		Vpc:                     p.Vpc,
		InternetFacing:          jsii.Bool(true),
		VpcSubnets:              &awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PUBLIC},
		SecurityGroup:           s.SecurityGroup,
		DropInvalidHeaderFields: jsii.Bool(true),
		DeletionProtection:      p.DeletionProtection,
	})
	if *p.AccessLogs {
		s.logAccess(p.AccessLogsBucket)
	}

	ports := []float64{80}
	if p.CertificateArn != nil || p.DomainName != nil {
		ports = append(ports, 443)
		s.Listener = s.LoadBalancer.AddListener(jsii.String("Https"), &elb.BaseApplicationListenerProps{
			Port:                jsii.Number(443),
			Protocol:            elb.ApplicationProtocol_HTTPS,
			Open:                jsii.Bool(false),
			SslPolicy:           p.SslPolicy,
			Certificates:        &[]elb.IListenerCertificate{elb.ListenerCertificate_FromArn(s.certificateArn(p))},
			DefaultTargetGroups: &[]elb.IApplicationTargetGroup{s.TargetGroup},
		})
		s.LoadBalancer.AddListener(jsii.String("Http"), &elb.BaseApplicationListenerProps{
			Port:     jsii.Number(80),
			Protocol: elb.ApplicationProtocol_HTTP,
			Open:     jsii.Bool(false),
			DefaultAction: elb.ListenerAction_Redirect(&elb.RedirectOptions{
				Protocol:  jsii.String("HTTPS"),
				Port:      jsii.String("443"),
				Permanent: jsii.Bool(true),
			}),
		})
	} else {
		s.Listener = s.LoadBalancer.AddListener(jsii.String("Http"), &elb.BaseApplicationListenerProps{
			Port:                jsii.Number(80),
			Protocol:            elb.ApplicationProtocol_HTTP,
			Open:                jsii.Bool(false),
			DefaultTargetGroups: &[]elb.IApplicationTargetGroup{s.TargetGroup},
		})
	}
	for _, cidr := range p.AllowedCidrs {
		for _, port := range ports {
			s.SecurityGroup.AddIngressRule(awsec2.Peer_Ipv4(cidr), awsec2.Port_Tcp(jsii.Number(port)), jsii.Sprintf("Clients from %s", *cidr), jsii.Bool(false))
		}
	}
	if len(p.AllowedCidrs) == 1 && *p.AllowedCidrs[0] == "0.0.0.0/0" {
		suppress(s.SecurityGroup, "AwsSolutions-EC23", "an internet-facing web service: the load balancer accepts HTTP and HTTPS from anywhere and nothing else; AllowedCidrs narrows it")
	}

	if p.DomainName != nil {
		awsroute53.NewARecord(s, jsii.String("AliasRecord"), &awsroute53.ARecordProps{
			Zone:       p.HostedZone,
			RecordName: p.DomainName,
			Target:     awsroute53.RecordTarget_FromAlias(awsroute53targets.NewLoadBalancerTarget(s.LoadBalancer, nil)),
		})
	}
}

// certificateArn is the given certificate, or a new one for the domain,
// validated through DNS records in the hosted zone.
func (s *AlbFrontedService) certificateArn(p *AlbFrontedServiceProps) *string {
	if p.CertificateArn != nil {
		return p.CertificateArn
	}
	s.Certificate = awscertificatemanager.NewCertificate(s, jsii.String("Certificate"), &awscertificatemanager.CertificateProps{
		DomainName: p.DomainName,
		Validation: awscertificatemanager.CertificateValidation_FromDns(p.HostedZone),
	})
	return s.Certificate.CertificateArn()
}

// logAccess sends the access logs to bucket, or to a new bucket: encrypted
// (SSE-S3, the only encryption ALB log delivery supports), reachable only
// over TLS, never public, objects expiring after a year. The bucket outlives
// the stack: access logs are evidence, and a bucket with objects would fail
// the stack's deletion.
func (s *AlbFrontedService) logAccess(bucket awss3.IBucket) {
	if bucket == nil {
		created := awss3.NewBucket(s, jsii.String("AccessLogs"), &awss3.BucketProps{
			BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
			Encryption:        awss3.BucketEncryption_S3_MANAGED,
			EnforceSSL:        jsii.Bool(true),
			ObjectOwnership:   awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
			Versioned:         jsii.Bool(true),
			LifecycleRules: &[]*awss3.LifecycleRule{{
				Expiration:                  awscdk.Duration_Days(jsii.Number(365)),
				NoncurrentVersionExpiration: awscdk.Duration_Days(jsii.Number(1)),
			}},
			RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
		})
		suppress(created, "AwsSolutions-S1", "this bucket holds access logs; logging the log bucket's own access would only log the log delivery")
		bucket = created
	}
	s.AccessLogsBucket = bucket
	// The service principal of ELB log delivery works in every region, so
	// the policy needs no region and the stack stays environment-agnostic.
	result := bucket.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:    jsii.Strings("s3:PutObject"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("logdelivery.elasticloadbalancing.amazonaws.com"), nil)},
		Resources:  jsii.Strings(*bucket.ArnForObjects(jsii.Sprintf("%s/AWSLogs/%s/*", accessLogPrefix, *awscdk.Aws_ACCOUNT_ID()))),
	}))
	s.LoadBalancer.SetAttribute(jsii.String("access_logs.s3.enabled"), jsii.String("true"))
	s.LoadBalancer.SetAttribute(jsii.String("access_logs.s3.bucket"), bucket.BucketName())
	s.LoadBalancer.SetAttribute(jsii.String("access_logs.s3.prefix"), jsii.String(accessLogPrefix))
	// The load balancer checks that it may write when the attribute is set.
	if *result.StatementAdded && result.PolicyDependable != nil {
		s.LoadBalancer.Node().AddDependency(result.PolicyDependable)
	}
}
