package accounts

import del "example.com/names/delete"

// User has a doc comment that tries to close it early: */ and ${injection} and </script>.
//
// Deprecated: use Account instead.
type User struct {
	ID      string   `json:"id"`
	Removed del.User `json:"removed"`
}

type Account struct {
	Owner   User        `json:"owner"`
	Archive del.Record  `json:"archive"`
	Partial Partial     `json:"partial"`
	Arr     Array       `json:"arr"`
}

type Partial struct{ A int }

type Array []int

type Object map[string]Object
