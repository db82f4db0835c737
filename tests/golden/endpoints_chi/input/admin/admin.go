// Package admin builds a router that main mounts below /admin.
package admin

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/chiapp/api"
)

// Routes returns the admin router; its paths are relative to where it is mounted.
func Routes() chi.Router {
	r := chi.NewRouter()
	r.Get("/stats", stats)
	return r
}

// stats counts the users.
func stats(w http.ResponseWriter, r *http.Request) {
	_ = json.NewEncoder(w).Encode(api.Stats{Users: 1})
}
