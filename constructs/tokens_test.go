package ecsec2

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// The Go checks for tokens answer as CDK's Token.isUnresolved does.
func TestTokenChecksAgreeWithCdk(t *testing.T) {
	stack := awscdk.NewStack(nil, jsii.String("Tokens"), nil)
	param := awscdk.NewCfnParameter(stack, jsii.String("P"), &awscdk.CfnParameterProps{Type: jsii.String("Number")})
	for _, v := range []float64{0, 1, -1, 2.5, 1e300, -1e300, *param.ValueAsNumber(), *awscdk.Token_AsNumber(awscdk.Aws_ACCOUNT_ID())} {
		if got, want := isTokenNumber(v), *awscdk.Token_IsUnresolved(v); got != want {
			t.Errorf("number %v: Go says token %v, CDK %v", v, got, want)
		}
	}
	for _, s := range []string{"", "t3.micro", "${Token", *param.ValueAsString(), *awscdk.Aws_REGION(), "prefix-" + *stack.StackId(), *awscdk.Fn_Join(jsii.String(","), awscdk.Fn_GetAzs(nil))} {
		if got, want := isTokenString(s), *awscdk.Token_IsUnresolved(s); got != want {
			t.Errorf("string %q: Go says token %v, CDK %v", s, got, want)
		}
	}
}
