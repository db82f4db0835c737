// Package api declares the bodies of the chi service.
package api

// User is an account.
type User struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
}

// NewUser is the body of a new user.
type NewUser struct {
	Email string `json:"email"`
}

// Order is a purchase.
type Order struct {
	ID    string `json:"id"`
	Total int    `json:"total"`
}

// Settings are the service's settings.
type Settings struct {
	Theme string `json:"theme"`
}

// Stats counts things.
type Stats struct {
	Users int `json:"users"`
}
