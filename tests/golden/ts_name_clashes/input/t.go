package clashes

// JsonValue is a user's own.
type JsonValue struct {
	Raw string `json:"raw"`
	Any any    `json:"any"`
}

// User is a user.
type User struct {
	Name string `json:"name"`
}

// UserSchema describes a user.
type UserSchema struct {
	Version int `json:"version"`
}

type unique struct {
	N int `json:"n"`
}

// Uses uses unique.
type Uses struct {
	U unique   `json:"u"`
	B Box[int] `json:"b"`
}

// Box is generic.
type Box[abstract any] struct {
	V abstract `json:"v"`
}

// Kind is an enum whose schema name collides.
type Kind string

const KindA Kind = "a"

// KindSchema is another enum.
type KindSchema string

const KindSchemaB KindSchema = "b"
