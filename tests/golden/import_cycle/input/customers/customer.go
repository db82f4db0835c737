package customers

import "example.com/cyclic/orders"

// Customer keeps their latest order.
type Customer struct {
	Name   string        `json:"name"`
	Latest *orders.Order `json:"latest,omitempty"`
	Orders []orders.Order `json:"orders"`
}
