// Package errs declares the API's error catalog.
package errs

// Reason says why a request failed. The directive line below marks the catalog and is not part
// of this doc comment.
//
//contractgen:errors
type Reason string

const (
	// ReasonUserNotFound: no user has that id.
	//contractgen:status 404
	ReasonUserNotFound Reason = "USER_NOT_FOUND"

	// ReasonEmailTaken: another user has that email address.
	//
	//contractgen:status 409
	ReasonEmailTaken Reason = "EMAIL_TAKEN"

	ReasonHTTPTimeout Reason = "HTTP_TIMEOUT" //contractgen:status 504
)
