// Package handlers holds the user handlers. This file declares no type and registers no route:
// the scanner reads it only because routes in main.go name its functions.
package handlers

import (
	"encoding/json"
	"net/http"

	"example.com/nethttp/api"
)

// Users serves the /users routes.
type Users struct {
	store map[string]api.User
}

// NewUsers returns the handlers over an empty store.
func NewUsers() *Users {
	return &Users{store: map[string]api.User{}}
}

// List answers one page of users.
func (u *Users) List(w http.ResponseWriter, r *http.Request) {
	page := api.Page[api.User]{}
	for _, user := range u.store {
		page.Items = append(page.Items, user)
	}
	writeJSON(w, http.StatusOK, page)
}

// Get answers one user, or 404.
func (u *Users) Get(w http.ResponseWriter, r *http.Request) {
	user, ok := u.store[r.PathValue("id")]
	if !ok {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	writeJSON(w, http.StatusOK, user)
}

// Create adds a user.
func (u *Users) Create(w http.ResponseWriter, r *http.Request) {
	var body api.NewUser
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	created := api.User{ID: "u1", Email: body.Email}
	u.store[created.ID] = created
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(created)
}

// Delete removes a user: 204, no body.
func (u *Users) Delete(w http.ResponseWriter, r *http.Request) {
	delete(u.store, r.PathValue("id"))
	w.WriteHeader(http.StatusNoContent)
}

// Search answers users, but what it writes comes from a call: its type is not visible here.
func (u *Users) Search(w http.ResponseWriter, r *http.Request) {
	found := u.search(r.URL.Query().Get("q"))
	_ = json.NewEncoder(w).Encode(found)
}

func (u *Users) search(q string) []api.User {
	var out []api.User
	for _, user := range u.store {
		if user.Email == q {
			out = append(out, user)
		}
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
