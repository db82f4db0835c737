package truncated

// Kept is whole.
type Kept struct {
	ID int `json:"id"`
}
