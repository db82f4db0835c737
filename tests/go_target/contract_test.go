// Tests of the generated Go package, copied next to it by tests/test_go_target.py. The package is
// rendered from a contract whose catalog has USER_NOT_FOUND (404) and EMAIL_TAKEN (409).
package apicontract_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	api "contractgen.test/gotarget/apicontract"
)

// --- errors --------------------------------------------------------------------------------------

func TestErrorsIsThroughWrapping(t *testing.T) {
	err := api.UserNotFound("user %d does not exist", 42)
	wrapped := fmt.Errorf("loading the profile: %w", err)
	joined := errors.Join(errors.New("something else"), fmt.Errorf("again: %w", wrapped))
	for name, e := range map[string]error{"plain": err, "fmt.Errorf %w": wrapped, "errors.Join": joined} {
		if !errors.Is(e, api.ErrUserNotFound) || !api.IsUserNotFound(e) {
			t.Errorf("%s: not a USER_NOT_FOUND", name)
		}
		if errors.Is(e, api.ErrEmailTaken) || api.IsEmailTaken(e) || api.IsInternal(e) {
			t.Errorf("%s: matches another reason", name)
		}
		if got := api.ReasonOf(e); got != api.ReasonUserNotFound {
			t.Errorf("%s: ReasonOf = %q", name, got)
		}
	}
	if api.IsUserNotFound(nil) || api.IsUserNotFound(errors.New("USER_NOT_FOUND")) {
		t.Error("a predicate matched nil or a plain error with the reason's text")
	}
	if api.ReasonOf(nil) != "" || api.ReasonOf(errors.New("x")) != api.ReasonInternal {
		t.Error("ReasonOf of nil / a plain error")
	}
	// Any two errors of one reason match, whatever their messages.
	if !errors.Is(api.EmailTaken("a"), api.EmailTaken("b")) {
		t.Error("errors of the same reason do not match")
	}
}

func TestErrorsAs(t *testing.T) {
	err := errors.Join(errors.New("first"), fmt.Errorf("ctx: %w", api.EmailTaken("%s is taken", "ann@example.com")))
	var e *api.Error
	if !errors.As(err, &e) {
		t.Fatal("errors.As found no *Error")
	}
	if e.Reason != api.ReasonEmailTaken || e.Status != 409 || e.Message != "ann@example.com is taken" {
		t.Errorf("errors.As found %+v", e)
	}
}

func TestWithMethodsReturnCopies(t *testing.T) {
	cause := errors.New("sql: no rows")
	e1 := api.ErrUserNotFound.WithMetadata("id", "42")
	e2 := e1.WithMetadata("tenant", "acme")
	e3 := e2.WithMessage("user %s does not exist", "42")
	e4 := e3.WithCause(cause)
	_ = api.UserNotFound("constructors copy too")

	s := api.ErrUserNotFound
	if s.Message != "" || s.Metadata != nil || s.Cause != nil || s.Status != 404 || s.Reason != api.ReasonUserNotFound {
		t.Errorf("the sentinel changed: %+v", s)
	}
	if !reflect.DeepEqual(e1.Metadata, map[string]string{"id": "42"}) {
		t.Errorf("e1 changed: %v", e1.Metadata)
	}
	if !reflect.DeepEqual(e2.Metadata, map[string]string{"id": "42", "tenant": "acme"}) || e2.Message != "" {
		t.Errorf("e2 = %+v", e2)
	}
	if e3.Cause != nil || e3.Message != "user 42 does not exist" {
		t.Errorf("e3 = %+v", e3)
	}
	if !errors.Is(e4, cause) || errors.Unwrap(e4) != cause || !api.IsUserNotFound(e4) {
		t.Error("the cause is not reachable through e4")
	}
	if got := e4.Error(); got != "USER_NOT_FOUND: user 42 does not exist: sql: no rows" {
		t.Errorf("Error() = %q", got)
	}
	if got := api.ErrEmailTaken.Error(); got != "EMAIL_TAKEN" {
		t.Errorf("sentinel Error() = %q", got)
	}
}

func TestReasons(t *testing.T) {
	cases := map[api.Reason]int{
		api.ReasonUserNotFound: 404, api.ReasonEmailTaken: 409, api.ReasonInternal: 500,
		api.ReasonBadRequest: 400, api.Reason("SOMETHING_NEW"): 500,
	}
	for reason, status := range cases {
		if got := reason.Status(); got != status {
			t.Errorf("%s.Status() = %d, want %d", reason, got, status)
		}
	}
	if api.ReasonUserNotFound != "USER_NOT_FOUND" || api.ReasonInternal != "INTERNAL" || api.ReasonBadRequest != "BAD_REQUEST" {
		t.Error("wire values")
	}
}

// --- the wire ------------------------------------------------------------------------------------

func writeError(err error) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	api.WriteError(rec, err)
	return rec
}

func TestWireOfCatalogError(t *testing.T) {
	rec := writeError(api.UserNotFound("user 42 does not exist").WithMetadata("id", "42").WithCause(errors.New("secret cause")))
	want := `{"type":"about:blank","title":"Not Found","status":404,"detail":"user 42 does not exist","reason":"USER_NOT_FOUND","metadata":{"id":"42"}}` + "\n"
	if rec.Code != 404 || rec.Body.String() != want {
		t.Errorf("got %d %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q", ct)
	}
}

func TestWireOfWrappedCatalogError(t *testing.T) {
	rec := writeError(fmt.Errorf("creating the user: %w", api.EmailTaken("ann@example.com is taken")))
	want := `{"type":"about:blank","title":"Conflict","status":409,"detail":"ann@example.com is taken","reason":"EMAIL_TAKEN"}` + "\n"
	if rec.Code != 409 || rec.Body.String() != want {
		t.Errorf("got %d %s", rec.Code, rec.Body)
	}
	// A sentinel has no message: the detail is the status text.
	p := api.ProblemOf(errors.Join(errors.New("x"), api.ErrUserNotFound))
	if p.Detail != "Not Found" || p.Reason != api.ReasonUserNotFound || p.Status != 404 || p.Type != "about:blank" {
		t.Errorf("problem of a sentinel: %+v", p)
	}
}

func TestWireOfUnknownErrorLeaksNothing(t *testing.T) {
	want := `{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"Internal Server Error","reason":"INTERNAL"}` + "\n"
	for name, err := range map[string]error{
		"errors.New":      errors.New("pq: password authentication failed for user \"admin\""),
		"wrapped":         fmt.Errorf("db: %w", errors.New("password authentication failed")),
		"nil":             nil,
		"no reason":       &api.Error{Message: "upstream said: password"},
		"typed nil Error": (*api.Error)(nil),
	} {
		rec := writeError(err)
		if rec.Code != 500 || rec.Body.String() != want {
			t.Errorf("%s: got %d %s", name, rec.Code, rec.Body)
		}
		if strings.Contains(rec.Body.String(), "password") {
			t.Errorf("%s: leaked the error's text", name)
		}
	}
	// A status outside 4xx/5xx is never sent: the reason's status is.
	if p := api.ProblemOf(&api.Error{Reason: api.ReasonEmailTaken, Status: 200}); p.Status != 409 || p.Title != "Conflict" {
		t.Errorf("problem with a success status: %+v", p)
	}
}

func TestParseProblemKeepsUnknownReasons(t *testing.T) {
	body := []byte(`{"type":"about:blank","title":"Too Many Requests","status":429,"detail":"slow down","reason":"QUOTA_EXCEEDED","metadata":{"retry":"30"},"instance":"/x"}`)
	e := api.ParseProblem(body, 429)
	if e.Reason != "QUOTA_EXCEEDED" || e.Status != 429 || e.Message != "slow down" || e.Metadata["retry"] != "30" {
		t.Errorf("parsed %+v", e)
	}
	if api.ReasonOf(e) != "QUOTA_EXCEEDED" || api.IsUserNotFound(e) {
		t.Error("reason of a parsed problem")
	}
	// What WriteError writes parses back to the same error.
	orig := api.UserNotFound("user 7 does not exist").WithMetadata("id", "7")
	back := api.ParseProblem(writeError(orig).Body.Bytes(), 404)
	if !reflect.DeepEqual(back, orig) || !errors.Is(back, api.ErrUserNotFound) {
		t.Errorf("round trip: %+v", back)
	}
	// Not a problem: the raw text, the status, no reason.
	for _, raw := range []string{"<html>Bad Gateway</html>", `{"error":"x"}`, `{"reason":"X","status":"502"}`, ""} {
		e := api.ParseProblem([]byte(raw), 502)
		if e.Reason != "" || e.Status != 502 || e.Message != raw {
			t.Errorf("%q parsed as %+v", raw, e)
		}
	}
	// A member of the wrong type is ignored, not fatal.
	e = api.ParseProblem([]byte(`{"reason":"EMAIL_TAKEN","status":409,"detail":5,"metadata":{"a":"b","n":1}}`), 409)
	if !api.IsEmailTaken(e) || e.Message != "" || e.Metadata["a"] != "b" {
		t.Errorf("lenient parse: %+v", e)
	}
}

func response(status int, contentType, body string) *http.Response {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}
}

func TestFromResponse(t *testing.T) {
	if err := api.FromResponse(response(200, "application/json", `{"data":1}`)); err != nil {
		t.Errorf("2xx: %v", err)
	}
	err := api.FromResponse(response(409, "application/problem+json", `{"status":409,"reason":"EMAIL_TAKEN","detail":"taken"}`))
	if !api.IsEmailTaken(err) {
		t.Errorf("problem: %v", err)
	}
	// The problem Content-Type makes a body without a reason a problem too.
	var e *api.Error
	err = api.FromResponse(response(503, "application/problem+json; charset=utf-8", `{"title":"Service Unavailable","detail":"maintenance"}`))
	if !errors.As(err, &e) || e.Reason != "" || e.Status != 503 || e.Message != "maintenance" {
		t.Errorf("problem without reason: %+v", e)
	}
	err = api.FromResponse(response(502, "text/html", "<html>Bad Gateway</html>\n"))
	if !errors.As(err, &e) || e.Reason != "" || e.Status != 502 || e.Message != "<html>Bad Gateway</html>" {
		t.Errorf("proxy page: %+v", e)
	}
}

// --- the adapter ---------------------------------------------------------------------------------

type User struct {
	ID     int64    `json:"id"`
	Name   string   `json:"name"`
	Email  string   `json:"email"`
	Fields []string `json:"fields"`
	Limit  *int     `json:"limit"`
	Tenant string   `json:"tenant"`
}

type Paging struct {
	Limit *int `query:"limit"`
}

type GetUserRequest struct {
	Paging              // parameters of an embedded struct are read too
	ID      int64       `path:"id"`
	Fields  []string    `query:"field"`
	Verbose bool        `query:"verbose"`
	Ratio   float64     `query:"ratio"`
	Small   uint8       `query:"small"`
	From    *netip.Addr `query:"from"`
	Tenant  string      `header:"X-Tenant"`
	Tags    []string    `header:"X-Tag"`
}

type CreateUserRequest struct {
	OrgID int    `path:"org" json:"-"`
	ID    int64  `path:"id"`     // a body key "ID" must not set it
	Draft *bool  `query:"draft"` // nor a body key "Draft" an absent query parameter
	Name  string `json:"name"`
	Email string `json:"email"`
}

type recorder struct {
	called int
	last   any
	errs   []error
}

func newServer(t *testing.T) (*httptest.Server, *recorder) {
	rec := &recorder{}
	onError := api.OnError(func(r *http.Request, err error) { rec.errs = append(rec.errs, err) })
	mux := http.NewServeMux()
	mux.Handle("GET /users/{id}", api.Handle(func(ctx context.Context, req GetUserRequest) (User, error) {
		rec.called++
		rec.last = req
		switch req.ID {
		case 404:
			return User{}, fmt.Errorf("lookup: %w", api.UserNotFound("user %d does not exist", req.ID).WithMetadata("id", "404"))
		case 500:
			return User{}, errors.New("connection refused: 10.0.0.7:5432")
		}
		return User{ID: req.ID, Fields: req.Fields, Limit: req.Limit, Tenant: req.Tenant}, nil
	}, onError))
	mux.Handle("POST /orgs/{org}/users/{id}", api.Handle(func(ctx context.Context, req CreateUserRequest) (User, error) {
		rec.called++
		rec.last = req
		if req.Email == "taken@example.com" {
			return User{}, api.EmailTaken("%s is taken", req.Email)
		}
		return User{ID: req.ID, Name: req.Name, Email: req.Email}, nil
	}, api.WithStatus(http.StatusCreated), onError))
	mux.Handle("POST /batch", api.Handle(func(ctx context.Context, names []string) (int, error) {
		rec.called++
		return len(names), nil
	}))
	mux.Handle("DELETE /users/{id}", api.Handle(func(ctx context.Context, req struct {
		ID uint `path:"id"`
	}) (struct{}, error) {
		rec.called++
		return struct{}{}, nil
	}, api.WithStatus(http.StatusNoContent)))
	mux.Handle("POST /small", http.MaxBytesHandler(api.Handle(func(ctx context.Context, req CreateUserRequest) (User, error) {
		rec.called++
		return User{}, nil
	}), 16))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, rec
}

func do(t *testing.T, srv *httptest.Server, method, path, contentType, body string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestHandleDecodesParametersAndWritesTheEnvelope(t *testing.T) {
	srv, rec := newServer(t)
	header := http.Header{"X-Tenant": {"acme"}, "X-Tag": {"a", "b"}}
	resp, body := do(t, srv, "GET", "/users/7?field=name&field=email&limit=20&verbose=true&ratio=0.5&small=255&from=10.0.0.1", "", "", header)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("got %d %s", resp.StatusCode, body)
	}
	want := `{"data":{"id":7,"name":"","email":"","fields":["name","email"],"limit":20,"tenant":"acme"}}` + "\n"
	if body != want {
		t.Errorf("body %s", body)
	}
	got := rec.last.(GetUserRequest)
	from := netip.MustParseAddr("10.0.0.1")
	if !got.Verbose || got.Ratio != 0.5 || got.Small != 255 || *got.From != from || !reflect.DeepEqual(got.Tags, []string{"a", "b"}) {
		t.Errorf("decoded %+v", got)
	}
	// Absent parameters: zero values, nil pointers and slices.
	_, body = do(t, srv, "GET", "/users/8", "", "", nil)
	got = rec.last.(GetUserRequest)
	if got.Limit != nil || got.Fields != nil || got.From != nil || got.Verbose || got.Tenant != "" {
		t.Errorf("absent parameters decoded as %+v (%s)", got, body)
	}
}

func TestHandleBodyAndStatusOption(t *testing.T) {
	srv, rec := newServer(t)
	resp, body := do(t, srv, "POST", "/orgs/3/users/9", "application/json; charset=utf-8", `{"name":"Ann","email":"ann@example.com","ID":99,"Draft":true,"extra":true}`, nil)
	want := `{"data":{"id":9,"name":"Ann","email":"ann@example.com","fields":null,"limit":null,"tenant":""}}` + "\n"
	if resp.StatusCode != 201 || body != want {
		t.Errorf("got %d %s", resp.StatusCode, body)
	}
	if got := rec.last.(CreateUserRequest); got.OrgID != 3 || got.ID != 9 || got.Draft != nil || got.Name != "Ann" {
		t.Errorf("parameters taken from the body: %+v", got)
	}
	// A request type that is not a struct is the whole body.
	resp, body = do(t, srv, "POST", "/batch", "", `["a","b","c"]`, nil)
	if resp.StatusCode != 200 || body != `{"data":3}`+"\n" {
		t.Errorf("batch: %d %s", resp.StatusCode, body)
	}
	// 204: no body.
	resp, body = do(t, srv, "DELETE", "/users/5", "", "", nil)
	if resp.StatusCode != 204 || body != "" {
		t.Errorf("delete: %d %q", resp.StatusCode, body)
	}
}

type problem struct {
	Type     string            `json:"type"`
	Title    string            `json:"title"`
	Status   int               `json:"status"`
	Detail   string            `json:"detail"`
	Reason   string            `json:"reason"`
	Metadata map[string]string `json:"metadata"`
}

func decodeProblem(t *testing.T, resp *http.Response, body string) problem {
	t.Helper()
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q for %s", ct, body)
	}
	var p problem
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if p.Status != resp.StatusCode {
		t.Errorf("problem status %d, response %d", p.Status, resp.StatusCode)
	}
	return p
}

func TestHandleErrorsBecomeProblems(t *testing.T) {
	srv, rec := newServer(t)
	resp, body := do(t, srv, "GET", "/users/404", "", "", nil)
	p := decodeProblem(t, resp, body)
	if p.Status != 404 || p.Reason != "USER_NOT_FOUND" || p.Detail != "user 404 does not exist" || p.Metadata["id"] != "404" {
		t.Errorf("catalog error: %s", body)
	}
	resp, body = do(t, srv, "POST", "/orgs/1/users/2", "application/json", `{"email":"taken@example.com"}`, nil)
	if p := decodeProblem(t, resp, body); p.Status != 409 || p.Reason != "EMAIL_TAKEN" {
		t.Errorf("catalog error: %s", body)
	}
	resp, body = do(t, srv, "GET", "/users/500", "", "", nil)
	if p := decodeProblem(t, resp, body); p.Status != 500 || p.Reason != "INTERNAL" || strings.Contains(body, "10.0.0.7") {
		t.Errorf("unknown error: %s", body)
	}
	if len(rec.errs) != 3 || !strings.Contains(rec.errs[2].Error(), "10.0.0.7") {
		t.Errorf("OnError saw %v", rec.errs)
	}
}

func TestHandleRejectsMalformedRequests(t *testing.T) {
	srv, rec := newServer(t)
	cases := []struct {
		name, method, path, contentType, body string
		status                                int
		in, param                             string
	}{
		{"malformed JSON", "POST", "/orgs/1/users/2", "application/json", `{"name": "Ann"`, 400, "body", ""},
		{"not JSON", "POST", "/orgs/1/users/2", "application/json", `name=Ann`, 400, "body", ""},
		{"trailing data", "POST", "/orgs/1/users/2", "", `{} {}`, 400, "body", ""},
		{"wrong JSON type", "POST", "/orgs/1/users/2", "", `{"name": 5}`, 400, "body", ""},
		{"empty body", "POST", "/orgs/1/users/2", "application/json", ``, 400, "body", ""},
		{"not a JSON media type", "POST", "/orgs/1/users/2", "text/plain", `{}`, 415, "body", ""},
		{"too large", "POST", "/small", "application/json", `{"name": "a very long name indeed"}`, 413, "body", ""},
		{"bad integer query parameter", "GET", "/users/1?limit=abc", "", "", 400, "query", "limit"},
		{"out of range query parameter", "GET", "/users/1?small=256", "", "", 400, "query", "small"},
		{"bad float", "GET", "/users/1?ratio=NaN", "", "", 400, "query", "ratio"},
		{"bad bool", "GET", "/users/1?verbose=maybe", "", "", 400, "query", "verbose"},
		{"bad TextUnmarshaler", "GET", "/users/1?from=nowhere", "", "", 400, "query", "from"},
		{"bad path parameter", "GET", "/users/seven", "", "", 400, "path", "id"},
		{"negative unsigned path parameter", "DELETE", "/users/-1", "", "", 400, "path", "id"},
		{"bad path parameter before the body", "POST", "/orgs/x/users/2", "application/json", `{}`, 400, "path", "org"},
	}
	for _, c := range cases {
		before := rec.called
		resp, body := do(t, srv, c.method, c.path, c.contentType, c.body, nil)
		p := decodeProblem(t, resp, body)
		if resp.StatusCode != c.status || p.Reason != "BAD_REQUEST" || p.Metadata["in"] != c.in || p.Metadata["name"] != c.param {
			t.Errorf("%s: got %d %s", c.name, resp.StatusCode, body)
		}
		if rec.called != before {
			t.Errorf("%s: the handler was called", c.name)
		}
	}
}

func TestHandlePanicsOnUndecodableParameterFields(t *testing.T) {
	for name, setup := range map[string]func(){
		"map query": func() {
			api.Handle(func(ctx context.Context, req struct {
				M map[string]string `query:"m"`
			}) (int, error) {
				return 0, nil
			})
		},
		"slice path": func() {
			api.Handle(func(ctx context.Context, req struct {
				IDs []int `path:"ids"`
			}) (int, error) {
				return 0, nil
			})
		},
		"two tags": func() {
			api.Handle(func(ctx context.Context, req struct {
				ID int `path:"id" query:"id"`
			}) (int, error) {
				return 0, nil
			})
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: Handle did not panic", name)
				}
			}()
			setup()
		}()
	}
}

func TestReadResponse(t *testing.T) {
	srv, _ := newServer(t)
	resp, err := srv.Client().Get(srv.URL + "/users/12?field=a")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	user, err := api.ReadResponse[User](resp)
	if err != nil || user.ID != 12 || !reflect.DeepEqual(user.Fields, []string{"a"}) {
		t.Errorf("ReadResponse = %+v, %v", user, err)
	}
	resp2, err := srv.Client().Get(srv.URL + "/users/404")
	if err != nil {
		t.Fatal(err)
	}
	defer resp2.Body.Close()
	_, err = api.ReadResponse[User](resp2)
	var e *api.Error
	if !errors.As(err, &e) || !api.IsUserNotFound(err) || e.Metadata["id"] != "404" {
		t.Errorf("ReadResponse error = %v", err)
	}
}
