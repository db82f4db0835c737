// Package api declares the bodies and parameters of the gin service.
package api

// User is an account.
type User struct {
	ID    string `json:"id"`
	Email string `json:"email"`
}

// Page is one page of a listing.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// UserURI is bound from the path with ShouldBindUri.
type UserURI struct {
	ID string `uri:"id" binding:"required"`
}

// ListQuery is bound from the query with ShouldBindQuery.
type ListQuery struct {
	Limit  int    `form:"limit" binding:"required,min=1"`
	Cursor string `form:"cursor"`
}

// NewUser is the JSON body of a new user.
type NewUser struct {
	Email string `json:"email" binding:"required"`
}

// Stats counts things.
type Stats struct {
	Users int `json:"users"`
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	What string `json:"what"`
}

// Pong answers the typed ping.
type Pong struct {
	Message string `json:"message"`
}
