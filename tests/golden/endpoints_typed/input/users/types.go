// Package users is a typed API: handlers take a request value and return a response value.
package users

// User is an account.
type User struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Page is one page of a listing.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// GetUser names one user; it has no body fields.
type GetUser struct {
	// ID is the user's id.
	ID string `path:"id" json:"-"`
	// Fields limits the fields in the answer.
	Fields []string `query:"fields" json:"-"`
	// RequestID correlates logs.
	RequestID string `header:"X-Request-Id" json:"-"`
}

// ListUsers pages through users.
type ListUsers struct {
	Limit  int     `query:"limit" validate:"required" json:"-"`
	Cursor *string `query:"cursor" json:"-"`
}

// CreateUser is the body of a new user, in an organisation named by the path.
type CreateUser struct {
	Org   string `path:"org" json:"-"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// UpdateUser has body fields but no field for the {id} of its path.
type UpdateUser struct {
	Name string `json:"name"`
}

// RenameUser is the request of a rename: a path parameter and a body field.
type RenameUser struct {
	ID   string `path:"id" json:"-"`
	Name string `json:"name"`
}

// Empty is a response without content.
type Empty struct{}

// PingRequest is the (empty) request of Ping.
type PingRequest struct{}

// Pong answers Ping.
type Pong struct {
	Message string `json:"message"`
}

// AvatarURL is where a user's avatar is.
type AvatarURL struct {
	URL string `json:"url"`
}
