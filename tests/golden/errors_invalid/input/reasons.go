// Package invalid has mistakes in its error catalog; each is reported.
package invalid

import "net/http"

// Reason is the catalog.
//
//contractgen:errors
type Reason string

const (
	// ReasonNotFound has its status.
	//contractgen:status 404
	ReasonNotFound Reason = "NOT_FOUND"

	// ReasonConflict has no status: an error (the reason is left out of the catalog).
	ReasonConflict Reason = "CONFLICT"

	// ReasonTeapot has a status that is not one.
	//contractgen:status 1000
	ReasonTeapot Reason = "TEAPOT"

	// ReasonGone has a misspelt directive.
	//contractgen:stauts 410
	ReasonGone Reason = "GONE"
)

// Code is not a string type, so it cannot be an error catalog.
//
//contractgen:errors
type Code int

// Level is no catalog: a status on its constants means nothing.
type Level string

const (
	// LevelHigh is not a reason.
	//contractgen:status 500
	LevelHigh Level = "high"
)

// Widget has a directive that means nothing on a type.
//
//contractgen:status 200
type Widget struct {
	Name string `json:"name"`
}

// getWidget names a reason no catalog declares; it writes nothing the scanner recognises.
//
//contractgen:errors NOT_FOUND NO_SUCH_REASON
//contractgen:route GET /widgets/{id}
func getWidget(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte("{}"))
}
