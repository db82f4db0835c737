package unsupported

type Point struct{ X, Y int }

// Job holds fields that encoding/json refuses at run time.
type Job struct {
	Done     chan bool          `json:"done"`
	Callback func() error       `json:"callback"`
	Phase    complex128         `json:"phase"`
	ByPoint  map[Point]string   `json:"byPoint"`
	ByFloat  map[float64]string `json:"byFloat"`
	Skipped  chan int           `json:"-"`
	private  func()
	OK       string `json:"ok"`
}

// HandlerFunc is no JSON type and no part of the contract: declaring it is no error.
type HandlerFunc func(*Job) error

// ServerConfig is never sent as JSON: its untagged func fields only warn (CG013).
type ServerConfig struct {
	Addr       string
	OnError    func(error)
	Middleware HandlerFunc
}

// Hook uses a func type in a tagged field: an error.
type Hook struct {
	Run HandlerFunc `json:"run"`
}
