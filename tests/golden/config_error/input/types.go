package cfg

type T struct{ A int }
