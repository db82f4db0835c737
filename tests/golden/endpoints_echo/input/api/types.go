// Package api declares the bodies and parameters of the echo service.
package api

// User is an account.
type User struct {
	ID    string `json:"id"`
	Email string `json:"email"`
}

// GetUser is bound with c.Bind: the path parameter and a query parameter (echo's Bind reads no
// headers: TraceID stays empty, and is no parameter of the contract).
type GetUser struct {
	ID      string `param:"id"`
	Expand  bool   `query:"expand"`
	TraceID string `header:"X-Trace-Id"`
}

// NewUser is the JSON body of a new user.
type NewUser struct {
	Email string `json:"email"`
}

// Patch changes a user's email; the id comes from the path.
type Patch struct {
	ID    string `param:"id" json:"-"`
	Email string `json:"email"`
}
