package main

import (
	"encoding/json"
	"net/http"
)

type server struct {
	users map[string]User
}

func (s *server) load() any { return s.users }

// listUsers answers a page of users. What it writes comes from a call, so a directive states it.
//
//contractgen:response Page[User]
func (s *server) listUsers(w http.ResponseWriter, r *http.Request) {
	_ = json.NewEncoder(w).Encode(s.load())
}

// renameUser decodes into a value of a type it does not show; the directives state the request,
// the status and the response.
//
//contractgen:request Rename
//contractgen:response User
//contractgen:status 202
func (s *server) renameUser(w http.ResponseWriter, r *http.Request) {
	body := s.load()
	_ = json.NewDecoder(r.Body).Decode(&body)
	w.WriteHeader(http.StatusAccepted)
	_ = json.NewEncoder(w).Encode(body)
}

// report is declared by route directives only: it serves two paths.
//
//contractgen:route GET /reports/{name}
//contractgen:route GET /reports/{name}/latest
//contractgen:response Report
func (s *server) report(w http.ResponseWriter, r *http.Request) {
	_ = json.NewEncoder(w).Encode(s.load())
}

// metrics is registered but left out of the contract.
//
//contractgen:ignore
func (s *server) metrics(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte("# metrics"))
}

// broken carries directives with mistakes: each is reported and ignored.
//
//contractgen:respons User
//contractgen:status 99
//contractgen:response map[string
//contractgen:route FETCH /broken
func (s *server) broken(w http.ResponseWriter, r *http.Request) {
	_ = json.NewEncoder(w).Encode(User{})
}

// unused has a directive but no route registers it.
//
//contractgen:response User
func (s *server) unused(w http.ResponseWriter, r *http.Request) {}
