package tags

type Common struct {
	Handle Handle `json:"handle"`
}
