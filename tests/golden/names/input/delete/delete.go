// Package delete has a name that is a reserved word in TypeScript.
package delete

// User of the delete package: the same name as accounts.User.
type User struct {
	Reason string `json:"reason"`
}

type Record struct {
	Class    string `json:"class"`
	Delete   bool   `json:"delete"`
	Proto    string `json:"__proto__"`
	Dashed   string `json:"x-request-id"`
	Spaced   string `json:"with space"`
	Unicode  string `json:"ünï"`
	Quote    string `json:"it's"`
}
