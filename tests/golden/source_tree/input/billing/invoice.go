package billing

// Invoice is in a file that starts with a byte order mark, which the go tool skips.
type Invoice struct {
	Total int `json:"total"`
}
