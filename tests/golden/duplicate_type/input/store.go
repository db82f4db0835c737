package store

// Store is declared twice in this package for the same platform: a mistake Go rejects too.
type Store struct {
	Name string `json:"name"`
}
