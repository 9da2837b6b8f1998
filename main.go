// Command ecsec2 is this repository's CDK app: `cdk synth` runs it to
// synthesize the HostNameService stack into cdk.out.
//
// The library is package ecsec2, in the folder constructs:
//
//	go doc github.com/ecsec2/ecsec2/constructs
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

// validateOnSynth reports whether CDK's own CloudFormation validation runs
// at synth: only with CDK_VALIDATION=true. It ports cfn-lint's rules to a
// WebAssembly engine that takes about half of a synth's time here, and
// scripts/test runs cfn-lint itself, with more rules, on every template.
func validateOnSynth() bool { return os.Getenv("CDK_VALIDATION") == "true" }

func main() {
	defer jsii.Close()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		jsii.Close()
		os.Exit(1)
	}
}

func run() error {
	app := awscdk.NewApp(&awscdk.AppProps{BuiltinCloudFormationValidation: jsii.Bool(validateOnSynth())})
	if _, err := stack.NewHostNameStackFromContext(app, StackName); err != nil {
		return err
	}
	app.Synth(nil)
	return nil
}
