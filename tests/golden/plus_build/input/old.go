// +build linux,amd64 darwin
// +build ignore

package paths

// Ignored is never built: the second line is false.
type Ignored struct{}
