// Command ecsec2 is the CDK app: `cdk synth` runs it to synthesize the
// HostNameService stack into cdk.out.
package main

import (
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/ecsec2/ecsec2/stack"
)

// StackName is the stack's name and the template's file name in cdk.out.
const StackName = "HostNameService"

func main() {
	defer jsii.Close()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		jsii.Close()
		os.Exit(1)
	}
}

func run() error {
	app := awscdk.NewApp(nil)
	if _, err := stack.NewHostNameStackFromContext(app, StackName); err != nil {
		return err
	}
	app.Synth(nil)
	return nil
}
