// Command nethttp registers its routes with Go 1.22 ServeMux patterns.
package main

import (
	"encoding/json"
	"log"
	"net/http"

	"example.com/nethttp/api"
	"example.com/nethttp/handlers"
)

func main() {
	mux := http.NewServeMux()
	users := handlers.NewUsers()
	mux.HandleFunc("GET /users", users.List)
	mux.HandleFunc("GET /users/{id}", users.Get)
	mux.HandleFunc("POST /users", users.Create)
	mux.HandleFunc("DELETE /users/{id}", users.Delete)
	mux.HandleFunc("GET /users/search", users.Search)
	mux.Handle("GET /files/{path...}", logged(http.HandlerFunc(serveFile)))
	mux.HandleFunc("GET /{$}", index)
	registerHealth(mux)

	// Not supported: no method in the pattern (it matches every method).
	mux.HandleFunc("/legacy", index)
	// Not supported: the pattern is not a constant.
	pattern := "GET " + "/dynamic"
	mux.HandleFunc(pattern, index)
	// A second registration of GET /users is left out with a warning.
	mux.HandleFunc("GET /users", users.List)

	log.Fatal(http.ListenAndServe(":8080", mux))
}

// registerHealth registers on the mux it is given.
func registerHealth(mux *http.ServeMux) {
	// Healthz says whether the service is up.
	http.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(api.Health{OK: true})
	})
	mux.Handle("HEAD /healthz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
	}))
}

func logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.Println(r.Method, r.URL.Path)
		next.ServeHTTP(w, r)
	})
}

// serveFile answers a file's metadata.
func serveFile(w http.ResponseWriter, r *http.Request) {
	var meta map[string]string
	meta = map[string]string{"path": r.PathValue("path")}
	_ = json.NewEncoder(w).Encode(meta)
}

// index answers the API's name.
func index(w http.ResponseWriter, r *http.Request) {
	_ = json.NewEncoder(w).Encode("nethttp")
}
