package ecsec2

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/jsii-runtime-go"

	"github.com/ecsec2/ecsec2/internal/cdktest"
)

// An app whose constructs have mistakes in several places builds without a
// panic, and Check reports every mistake, under each construct's path, in
// one error; a construct that could not be built (a load balancer without
// a VPC) does not drag the services behind it into the report. `cdk synth`
// gets the same problems as error annotations.
func TestCheckReportsEveryProblemOfTheAppWithoutAPanic(t *testing.T) {
	f := fixture()
	outdir := cdktest.TempOutdir(t)
	app := cdktest.NewApp(outdir, nil)
	stack := awscdk.NewStack(app, jsii.String("Shop"), nil)
	var err error
	panicked := recoverError(func() {
		cluster := NewPrivateEcsEc2Cluster(stack, jsii.String("Cluster"), &PrivateEcsEc2ClusterProps{
			MinInstances: jsii.Number(9), InstanceType: awsec2.NewInstanceType(jsii.String("t3.smal")),
		})
		alb := NewInternetFacingAlb(stack, jsii.String("Alb"), &InternetFacingAlbProps{Vpc: cluster.Vpc})
		NewAlbFrontedService(stack, jsii.String("Web"), &AlbFrontedServiceProps{
			Cluster: cluster, Image: f.image, Alb: alb, PathPatterns: jsii.Strings("/*"), Priority: jsii.Number(10), MaxTasks: jsii.Number(0),
		})
		NewAlbFrontedService(stack, jsii.String("Api"), &AlbFrontedServiceProps{
			Cluster: cluster, Image: f.image, Alb: alb, PathPatterns: jsii.Strings("/api/*"), Priority: jsii.Number(10),
		})
		lost := NewInternetFacingAlb(stack, jsii.String("Lost"), nil)
		NewAlbFrontedService(stack, jsii.String("Orphan"), &AlbFrontedServiceProps{Cluster: cluster, Image: f.image, Alb: lost, PathPatterns: jsii.Strings("/x")})
		// Usable even unbuilt: no nil dereference in the user's code.
		awscdk.NewCfnOutput(stack, jsii.String("Url"), &awscdk.CfnOutputProps{Value: lost.Url("/")})
		lost.Connections()
		err = Check(app)
	})
	if panicked != "" {
		t.Fatalf("building an app with mistakes panicked: %s", panicked)
	}
	var pe *PropsError
	if !errors.As(err, &pe) {
		t.Fatalf("want a *PropsError, got %v", err)
	}
	for _, want := range []string{
		"Shop/Cluster (PrivateEcsEc2ClusterProps): MinInstances (9) is above MaxInstances (5)",
		"Shop/Cluster (PrivateEcsEc2ClusterProps): InstanceType (t3.smal) is not an EC2 instance type: did you mean t3.small?",
		"Shop/Web (AlbFrontedServiceProps): MaxTasks (0) must be a whole number of at least 1",
		"Shop/Api (AlbFrontedServiceProps): Priority (10) is taken on the shared listener by Shop/Web",
		"Shop/Lost (InternetFacingAlbProps): Vpc is required",
		"Shop/Orphan (AlbFrontedServiceProps): PathPatterns (/x) make a listener rule, which needs Priority",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the report lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "Shop/Orphan (AlbFrontedServiceProps): Alb") {
		t.Errorf("the unbuilt load balancer's problem is reported again under its service:\n%v", err)
	}
	// MaxTasks 0 is also below MinTasks' default 1: seven in all.
	if len(pe.Problems) != 7 {
		t.Errorf("want 7 problems, got %d:\n%v", len(pe.Problems), err)
	}
	if stackOnly := Check(stack.Node().FindChild(jsii.String("Lost"))); stackOnly == nil || strings.Contains(stackOnly.Error(), "Shop/Web") {
		t.Errorf("Check of one construct: want only its problems, got %v", stackOnly)
	}
	// Synthesis fails on error annotations, under cdk.json's recommended
	// flag @aws-cdk/core:annotationsInValidationReport, with a report
	// that names each construct; Check first spares a user the panic.
	if synthErr := recoverError(func() { app.Synth(nil) }); !strings.Contains(synthErr, "Validation failed") {
		t.Errorf("synthesis: want it to fail on the errors, got %q", synthErr)
	}
	messages := strings.Join(cdktest.Messages(t, outdir, "Shop"), "\n")
	for _, want := range []string{
		"Construct Annotations error Shop/Web: AlbFrontedServiceProps: MaxTasks (0) must be a whole number of at least 1",
		"Construct Annotations error Shop/Lost: InternetFacingAlbProps: Vpc is required",
	} {
		if !strings.Contains(messages, want) {
			t.Errorf("synthesis lacks the error %q:\n%s", want, messages)
		}
	}
}

// The services placed on a cluster must fit its instances at their most:
// Check says so once every service is placed, and synthesis adds the same
// error to the cluster; AllowOvercommit lets them wait.
func TestCheckComparesTheServicesWithTheClustersInstances(t *testing.T) {
	f := fixture()
	const want = "Capacityrefused/Cluster (PrivateEcsEc2ClusterProps): the services may reserve 2560 CPU units and 640 MiB on on-demand capacity at once"
	for name, allow := range map[string]bool{"refused": false, "allowed": true} {
		outdir := cdktest.TempOutdir(t)
		app := cdktest.NewApp(outdir, nil)
		stack := awscdk.NewStack(app, jsii.String("Capacity"+name), nil)
		cluster := NewPrivateEcsEc2Cluster(stack, jsii.String("Cluster"), &PrivateEcsEc2ClusterProps{MaxInstances: jsii.Number(1), AllowOvercommit: jsii.Bool(allow)})
		NewAlbFrontedService(stack, jsii.String("Web"), &AlbFrontedServiceProps{Cluster: cluster, Image: f.image, MaxTasks: jsii.Number(5)})
		err := Check(app)
		synthErr := recoverError(func() { app.Synth(nil) })
		if allow != (synthErr == "") {
			t.Errorf("%s: want synthesis to fail only on the overcommit, got %q", name, synthErr)
		}
		messages := strings.Join(cdktest.Messages(t, outdir, "Capacity"+name), "\n")
		if allow {
			if err != nil || messages != "" {
				t.Errorf("AllowOvercommit: want no problem, got %v and %s", err, messages)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "Capacityrefused/Web 10 tasks of 256 CPU units and 64 MiB") ||
			!strings.Contains(err.Error(), "a task's Cpu or MemoryReservationMiB, or MaxHealthyPercent; or set AllowOvercommit to let the extra tasks wait unplaced") {
			t.Errorf("Check: want the overcommit named, with every Go field to change, got %v", err)
		}
		if !strings.Contains(messages, "Construct Annotations error Capacityrefused/Cluster: PrivateEcsEc2ClusterProps: the services may reserve 2560 CPU units") {
			t.Errorf("synthesis: want the overcommit as an error on the cluster, got %s", messages)
		}
	}
}
