// Package image proves app/'s Dockerfile without Docker, in its tests:
// BuildKit's parser checks its stages, and its build command, run outside
// Docker, yields static amd64 and arm64 binaries that start and answer. It
// is a package of its own so that the slow cross-compile runs beside the
// stack's tests, not after them.
package image
