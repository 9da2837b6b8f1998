package stack

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"

	"github.com/ecsec2/ecsec2/internal/suggest"
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
	WarmPool          *bool    // warmPool
	CertificateArn    *string  // certificateArn
	DomainName        *string  // domainName
	HostedZoneID      *string  // hostedZoneId
	HostedZoneName    *string  // hostedZoneName
	SpotInstanceTypes []string // spotInstanceTypes, comma-separated
	SpotWeight        *float64 // spotWeight
	AlarmEmail        *string  // alarmEmail
	NetworkMode       *string  // networkMode: bridge or awsvpc
	Capacity          *string  // capacity: asg or managed
	AwsvpcTrunking    *bool    // awsvpcTrunking
	// deploymentStrategy: rolling, blueGreen, canary or linear
	DeploymentStrategy  *string
	TrafficShiftPercent *float64 // trafficShiftPercent
	TrafficShiftMinutes *float64 // trafficShiftMinutes
	BakeMinutes         *float64 // bakeMinutes
	// appVersion: the container's APP_VERSION; a new value releases the
	// service without a new image.
	AppVersion *string
	Hardened   *bool // hardened
	// executeCommand: ECS Exec into the service's tasks
	ExecuteCommand *bool
	DualStack      *bool // dualStack
}

// ContextKeys are the context keys ConfigFromContext reads, in README order.
var ContextKeys = []string{
	"instanceType", "minInstances", "maxInstances", "minTasks", "maxTasks", "requestsPerTarget", "natGateways", "maxAzs", "warmPool",
	"certificateArn", "domainName", "hostedZoneId", "hostedZoneName",
	"spotInstanceTypes", "spotWeight", "alarmEmail",
	"networkMode", "capacity", "awsvpcTrunking",
	"deploymentStrategy", "trafficShiftPercent", "trafficShiftMinutes", "bakeMinutes", "appVersion",
	"hardened", "executeCommand", "dualStack",
}

// ContextError lists every context value ConfigFromContext could not use.
type ContextError struct {
	// Problems are the messages, one per value, in ContextKeys order.
	Problems []string
	// Keys are the keys whose values were rejected.
	Keys []string
}

func (e *ContextError) Error() string {
	return "invalid context:\n" + strings.Join(e.Problems, "\n")
}

// ConfigFromContext reads Config from the context of node. Values come as
// JSON from cdk.json and as strings from the command line; both are
// accepted. Every malformed value, and every key that looks like a
// misspelling of one of ContextKeys, is reported in one *ContextError;
// the Config returned with it holds the values that were good.
func ConfigFromContext(node constructs.Node) (Config, error) {
	all, _ := node.GetAllContext(nil).(map[string]any)
	var cfg Config
	var errs ContextError
	bad := func(key, format string, args ...any) {
		errs.Problems = append(errs.Problems, "context "+key+" "+fmt.Sprintf(format, args...))
		errs.Keys = append(errs.Keys, key)
	}
	numbers := map[string]**float64{
		"minInstances": &cfg.MinInstances, "maxInstances": &cfg.MaxInstances,
		"minTasks": &cfg.MinTasks, "maxTasks": &cfg.MaxTasks, "requestsPerTarget": &cfg.RequestsPerTarget,
		"natGateways": &cfg.NatGateways, "maxAzs": &cfg.MaxAzs, "spotWeight": &cfg.SpotWeight,
		"trafficShiftPercent": &cfg.TrafficShiftPercent, "trafficShiftMinutes": &cfg.TrafficShiftMinutes, "bakeMinutes": &cfg.BakeMinutes,
	}
	texts := map[string]**string{
		"instanceType": &cfg.InstanceType, "certificateArn": &cfg.CertificateArn, "domainName": &cfg.DomainName,
		"hostedZoneId": &cfg.HostedZoneID, "hostedZoneName": &cfg.HostedZoneName, "alarmEmail": &cfg.AlarmEmail,
		"networkMode": &cfg.NetworkMode, "capacity": &cfg.Capacity, "deploymentStrategy": &cfg.DeploymentStrategy,
		"appVersion": &cfg.AppVersion,
	}
	for _, key := range ContextKeys {
		raw, set := all[key]
		if !set || raw == nil {
			continue
		}
		switch target, isText := texts[key]; {
		case key == "spotInstanceTypes":
			list, ok := raw.(string)
			var names []string
			for name := range strings.SplitSeq(list, ",") {
				if name = strings.TrimSpace(name); !strings.Contains(name, ".") {
					ok = false
				}
				names = append(names, name)
			}
			if !ok {
				bad(key, "(%v) is not a list of instance types: use -c spotInstanceTypes=t3.micro,t3a.micro", raw)
				continue
			}
			cfg.SpotInstanceTypes = names
		case key == "warmPool" || key == "awsvpcTrunking" || key == "hardened" || key == "executeCommand" || key == "dualStack":
			b, err := contextBool(raw)
			if err != nil {
				bad(key, "(%v) is not true or false: use -c %s=true", raw, key)
				continue
			}
			*map[string]**bool{"warmPool": &cfg.WarmPool, "awsvpcTrunking": &cfg.AwsvpcTrunking, "hardened": &cfg.Hardened, "executeCommand": &cfg.ExecuteCommand, "dualStack": &cfg.DualStack}[key] = &b
		case isText:
			s, ok := raw.(string)
			if !ok || strings.TrimSpace(s) == "" {
				bad(key, "(%v) is not a text value: set it as -c %s=<value>", raw, key)
				continue
			}
			*target = &s
		default:
			n, problem := contextNumber(key, raw, key != "trafficShiftPercent")
			if problem != "" {
				bad(key, "%s", problem)
				continue
			}
			*numbers[key] = &n
		}
	}
	if cfg.InstanceType != nil && !strings.Contains(*cfg.InstanceType, ".") {
		bad("instanceType", "(%s) is not an instance type: use a name such as t3.micro", *cfg.InstanceType)
		cfg.InstanceType = nil
	}
	for key, choice := range map[string]struct {
		value   **string
		allowed []string
	}{
		"networkMode":        {&cfg.NetworkMode, []string{"bridge", "awsvpc"}},
		"capacity":           {&cfg.Capacity, []string{"asg", "managed"}},
		"deploymentStrategy": {&cfg.DeploymentStrategy, []string{"rolling", "canary", "linear", "blueGreen"}},
	} {
		if *choice.value != nil && !slices.Contains(choice.allowed, **choice.value) {
			nearest := suggest.Closest(strings.ReplaceAll(**choice.value, "_", ""), choice.allowed, 3)
			if nearest == "" {
				nearest = choice.allowed[1]
			}
			bad(key, "(%s) is not one of %s: use -c %s=%s", **choice.value, strings.Join(choice.allowed, ", "), key, nearest)
			*choice.value = nil
		}
	}
	if (cfg.HostedZoneID == nil) != (cfg.HostedZoneName == nil) {
		bad("hostedZoneId", "and hostedZoneName go together: set both, as -c hostedZoneId=Z0123456789ABC -c hostedZoneName=example.com")
		cfg.HostedZoneID, cfg.HostedZoneName = nil, nil
	}
	for _, key := range sortedKeys(all) {
		if suggestion := lookalike(key); suggestion != "" {
			hint := ""
			if strings.EqualFold(key, suggestion) {
				hint = " (the keys are case-sensitive)"
			}
			bad(key, "is not a setting of this stack: did you mean %s?%s", suggestion, hint)
		}
	}
	if len(errs.Problems) > 0 {
		return cfg, &errs
	}
	return cfg, nil
}

// contextNumber accepts a JSON number or a string holding a number, whole
// unless fractions are allowed, or returns what is wrong with raw.
func contextNumber(key string, raw any, whole bool) (float64, string) {
	var n float64
	switch v := raw.(type) {
	case float64:
		n = v
	case string:
		parsed, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return 0, fmt.Sprintf("(%q) is not a number: set a whole number, for example -c %s=2", v, key)
		}
		n = parsed
	default:
		return 0, fmt.Sprintf("(%v) is not a number: set a whole number, for example -c %s=2", raw, key)
	}
	if math.IsInf(n, 0) || math.IsNaN(n) || whole && n != math.Trunc(n) {
		return 0, fmt.Sprintf("(%v) is not a whole number: set a whole number, for example -c %s=2", raw, key)
	}
	return n, ""
}

// contextBool accepts a JSON boolean or the strings true and false.
func contextBool(raw any) (bool, error) {
	switch v := raw.(type) {
	case bool:
		return v, nil
	case string:
		return strconv.ParseBool(strings.TrimSpace(v))
	}
	return false, errors.New("not a boolean")
}

// lookalike is the context key that key probably means, or "" when key is
// one of ContextKeys or looks like none of them: a key that differs from
// one only in case, or by at most two edits (one for short keys). CDK's own
// keys and other tools' (@aws-cdk/..., aws:cdk:..., cli-telemetry, the
// feature flags in cdk.json) look like none.
func lookalike(key string) string {
	if slices.Contains(ContextKeys, key) {
		return ""
	}
	var short, long []string
	for _, ours := range ContextKeys {
		if len(ours) < 8 {
			short = append(short, ours)
		} else {
			long = append(long, ours)
		}
	}
	found, shortFound := suggest.Closest(key, long, 2), suggest.Closest(key, short, 1)
	distance := func(k string) int { return suggest.Distance(strings.ToLower(key), strings.ToLower(k)) }
	if found == "" || shortFound != "" && distance(shortFound) < distance(found) {
		return shortFound
	}
	return found
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// contextKey is the context key that sets a construct prop, or "" for a
// prop no key sets.
func contextKey(field string) string {
	if key, ok := map[string]string{
		"HostedZone": "hostedZoneId/hostedZoneName", "BakeTime": "bakeMinutes", "TrafficShiftBakeTime": "trafficShiftMinutes",
	}[field]; ok {
		return key
	}
	key := strings.ToLower(field[:1]) + field[1:]
	if slices.Contains(ContextKeys, key) {
		return key
	}
	return ""
}
