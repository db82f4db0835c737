package notes

// Note sits beside a directory named go.mod.
type Note struct {
	Text string `json:"text"`
}
