package billing

import (
	"example.com/names/accounts"
	"example.com/names/delete"
)

type User struct {
	Account accounts.User `json:"account"`
	Deleted delete.User   `json:"deleted"`
}
