package nonnil

type Basket struct {
	Items  []string          `json:"items"`
	Counts map[string]int    `json:"counts"`
	Blob   []byte            `json:"blob"`
	Maybe  *[]string         `json:"maybe"`
	Nested [][]int           `json:"nested"`
	Opt    []string          `json:"opt,omitempty"`
}
