package truncated

// Cut was cut short by a failed copy.
type Cut struct {
	ID   int    `json:"id"`
	Name str