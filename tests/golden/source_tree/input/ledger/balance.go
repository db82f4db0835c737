package ledger

// Balance is the sum of the entries.
type Balance struct {
	Total int `json:"total"`
}
