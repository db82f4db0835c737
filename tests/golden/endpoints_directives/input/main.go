package main

import (
	"encoding/json"
	"log"
	"net/http"
)

func main() {
	s := &server{users: map[string]User{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users", s.listUsers)
	mux.HandleFunc("POST /users/{id}/rename", s.renameUser)
	mux.HandleFunc("GET /reports/{name}", s.report) // the route directives of report decide
	mux.HandleFunc("GET /metrics", s.metrics)
	mux.HandleFunc("GET /broken", s.broken)

	// Version answers the build's version. Directives on a registration statement describe an
	// inline handler (and take precedence over those of a named one).
	//
	//contractgen:response string
	mux.HandleFunc("GET /version", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(version())
	})

	//contractgen:ignore
	mux.HandleFunc("GET /debug/vars", func(w http.ResponseWriter, r *http.Request) {})

	log.Fatal(http.ListenAndServe(":8080", mux))
}

func version() string { return "1.0.0" }
