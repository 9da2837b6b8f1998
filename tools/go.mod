module tools

// This module only fences node_modules (the CDK CLI ships Go template files)
// off from the main module, so `go test ./...` at the root never walks it.
