// +build windows

package paths

// Path is a file path on Windows.
type Path struct {
	Drive string `json:"drive"`
	Rest  string `json:"rest"`
}
