package svc

// T is sent.
type T struct {
	A int `json:"a"`
}
