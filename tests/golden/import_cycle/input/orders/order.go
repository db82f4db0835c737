// Package orders imports customers, which imports orders back: go build refuses the module.
package orders

import "example.com/cyclic/customers"

// Order is placed by a customer.
type Order struct {
	ID       string              `json:"id"`
	Customer *customers.Customer `json:"customer"`
}
