// Package main shows the //contractgen: directives on handlers and registrations.
package main

// User is an account.
type User struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Page is one page of a listing.
type Page[T any] struct {
	Items []T `json:"items"`
}

// Rename is the body of a rename.
type Rename struct {
	Name string `json:"name"`
}

// Report is what the report endpoint writes.
type Report struct {
	Lines []string `json:"lines"`
}
