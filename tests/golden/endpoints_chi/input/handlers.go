package main

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/chiapp/api"
)

type server struct {
	users []api.User
}

// health answers ok.
func health(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}

// listUsers answers all users.
func (s *server) listUsers(w http.ResponseWriter, r *http.Request) {
	var users []api.User
	users = append(users, s.users...)
	_ = json.NewEncoder(w).Encode(users)
}

// createUser adds a user.
func (s *server) createUser(w http.ResponseWriter, r *http.Request) {
	var body api.NewUser
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	user := api.User{ID: 1, Email: body.Email}
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(user)
}

// getUser answers one user; its id is digits only.
func (s *server) getUser(w http.ResponseWriter, r *http.Request) {
	user := api.User{Email: chi.URLParam(r, "id")}
	_ = json.NewEncoder(w).Encode(user)
}

// deleteUser removes a user.
func (s *server) deleteUser(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}

// me answers the signed-in user.
func (s *server) me(w http.ResponseWriter, r *http.Request) {
	_ = json.NewEncoder(w).Encode(api.User{})
}

// orderRoutes registers below the prefix chi's Route gives it.
func (s *server) orderRoutes(r chi.Router) {
	r.Get("/{orderID}", s.getOrder)
}

// getOrder answers one order.
func (s *server) getOrder(w http.ResponseWriter, r *http.Request) {
	_ = json.NewEncoder(w).Encode(api.Order{ID: chi.URLParam(r, "orderID")})
}

// files answers a file's path.
func files(w http.ResponseWriter, r *http.Request) {
	_ = json.NewEncoder(w).Encode(chi.URLParam(r, "*"))
}

// putSettings replaces the settings.
func putSettings(w http.ResponseWriter, r *http.Request) {
	var settings api.Settings
	_ = json.NewDecoder(r.Body).Decode(&settings)
	_ = json.NewEncoder(w).Encode(settings)
}

func auth(next http.Handler) http.Handler { return next }
