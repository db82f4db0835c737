package store

// Store again.
type Store struct {
	Path string `json:"path"`
}
