package broken

// Good still generates although another file of the package does not parse.
type Good struct {
	Name string `json:"name"`
}
