// +build !windows

package paths

// Path is a file path on this platform.
type Path struct {
	Unix string `json:"unix"`
}
