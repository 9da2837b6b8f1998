package stack

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Config holds the knobs a user sets without code, as CDK context: in
// cdk.json or with `cdk synth -c key=value`. A nil field keeps the
// constructs' default.
type Config struct {
	InstanceType      *string  // instanceType
	MinInstances      *float64 // minInstances
	MaxInstances      *float64 // maxInstances
	MinTasks          *float64 // minTasks
	MaxTasks          *float64 // maxTasks
	RequestsPerTarget *float64 // requestsPerTarget
	NatGateways       *float64 // natGateways
	MaxAzs            *float64 // maxAzs
	CertificateArn    *string  // certificateArn
	DomainName        *string  // domainName
	HostedZoneID      *string  // hostedZoneId
	HostedZoneName    *string  // hostedZoneName
	SpotInstanceTypes []string // spotInstanceTypes, comma-separated
	SpotWeight        *float64 // spotWeight
	AlarmEmail        *string  // alarmEmail
}

// ContextKeys are the context keys ConfigFromContext reads, in README order.
var ContextKeys = []string{
	"instanceType", "minInstances", "maxInstances", "minTasks", "maxTasks", "requestsPerTarget", "natGateways", "maxAzs",
	"certificateArn", "domainName", "hostedZoneId", "hostedZoneName",
	"spotInstanceTypes", "spotWeight", "alarmEmail",
}

// ConfigFromContext reads Config from the context of node, reporting every
// malformed value together. Values come as JSON from cdk.json and as strings
// from the command line; both are accepted.
func ConfigFromContext(node constructs.Node) (Config, error) {
	var cfg Config
	var errs []error
	numbers := map[string]**float64{
		"minInstances":      &cfg.MinInstances,
		"maxInstances":      &cfg.MaxInstances,
		"minTasks":          &cfg.MinTasks,
		"maxTasks":          &cfg.MaxTasks,
		"requestsPerTarget": &cfg.RequestsPerTarget,
		"natGateways":       &cfg.NatGateways,
		"maxAzs":            &cfg.MaxAzs,
		"spotWeight":        &cfg.SpotWeight,
	}
	texts := map[string]**string{
		"instanceType":   &cfg.InstanceType,
		"certificateArn": &cfg.CertificateArn,
		"domainName":     &cfg.DomainName,
		"hostedZoneId":   &cfg.HostedZoneID,
		"hostedZoneName": &cfg.HostedZoneName,
		"alarmEmail":     &cfg.AlarmEmail,
	}
	for _, key := range ContextKeys {
		raw := node.TryGetContext(jsii.String(key))
		if raw == nil {
			continue
		}
		if key == "spotInstanceTypes" {
			list, ok := raw.(string)
			for _, name := range strings.Split(list, ",") {
				if name = strings.TrimSpace(name); ok && strings.Contains(name, ".") {
					cfg.SpotInstanceTypes = append(cfg.SpotInstanceTypes, name)
				} else {
					errs = append(errs, fmt.Errorf("context spotInstanceTypes (%v) is not a list of instance types: use -c spotInstanceTypes=t3.micro,t3a.micro", raw))
					break
				}
			}
			continue
		}
		if target, isText := texts[key]; isText {
			s, ok := raw.(string)
			if !ok || strings.TrimSpace(s) == "" {
				errs = append(errs, fmt.Errorf("context %s (%v) is not a text value: set it as -c %s=<value>", key, raw, key))
				continue
			}
			*target = &s
			continue
		}
		n, err := contextNumber(key, raw)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		*numbers[key] = &n
	}
	if cfg.InstanceType != nil && !strings.Contains(*cfg.InstanceType, ".") {
		errs = append(errs, fmt.Errorf("context instanceType (%s) is not an instance type: use a name such as t3.micro", *cfg.InstanceType))
	}
	if (cfg.HostedZoneID == nil) != (cfg.HostedZoneName == nil) {
		errs = append(errs, fmt.Errorf("context hostedZoneId and hostedZoneName go together: set both, as -c hostedZoneId=Z0123456789ABC -c hostedZoneName=example.com"))
	}
	if len(errs) > 0 {
		return Config{}, fmt.Errorf("invalid context:\n%w", errors.Join(errs...))
	}
	return cfg, nil
}

// contextNumber accepts a JSON number or a string holding a whole number.
func contextNumber(key string, raw any) (float64, error) {
	var n float64
	switch v := raw.(type) {
	case float64:
		n = v
	case string:
		parsed, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return 0, fmt.Errorf("context %s (%q) is not a number: set a whole number, for example -c %s=2", key, v, key)
		}
		n = parsed
	default:
		return 0, fmt.Errorf("context %s (%v) is not a number: set a whole number, for example -c %s=2", key, raw, key)
	}
	if n != math.Trunc(n) || math.IsInf(n, 0) {
		return 0, fmt.Errorf("context %s (%v) is not a whole number: set a whole number, for example -c %s=2", key, raw, key)
	}
	return n, nil
}
