// Package api declares the bodies of the service's requests and responses.
package api

// User is an account of the service.
type User struct {
	ID    string `json:"id"`
	Email string `json:"email"`
}

// NewUser is the body of POST /users.
type NewUser struct {
	Email string `json:"email"`
}

// Page is one page of a listing.
type Page[T any] struct {
	Items []T     `json:"items"`
	Next  *string `json:"next"`
}

// Health is what GET /healthz answers.
type Health struct {
	OK bool `json:"ok"`
}
