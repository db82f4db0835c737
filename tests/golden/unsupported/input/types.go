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
