package broken

type Half struct {
	Name string `json:"name"
	Age int
}

type AlsoGood struct {
	ID int `json:"id"`
}

func broken( {
}
