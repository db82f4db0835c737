// Command chiapp registers chi routes with Route, Group, With, Mount and Method.
package main

import (
	"log"
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/chiapp/admin"
)

func main() {
	s := &server{}
	r := chi.NewRouter()
	r.Get("/healthz", health)
	r.Route("/api", func(r chi.Router) {
		r.Route("/users", func(r chi.Router) {
			r.Get("/", s.listUsers)
			r.Post("/", s.createUser)
			r.Get("/{id:[0-9]+}", s.getUser)
			r.With(auth).Delete("/{id}", s.deleteUser)
		})
		r.Group(func(r chi.Router) {
			r.Use(auth)
			r.Get("/me", s.me)
		})
		r.Route("/orders", s.orderRoutes)
	})
	r.Mount("/admin", admin.Routes())
	r.Get("/files/*", files)
	r.Method(http.MethodPut, "/api/settings", http.HandlerFunc(putSettings))

	// Not supported: no method.
	r.Handle("/legacy", http.HandlerFunc(health))

	log.Fatal(http.ListenAndServe(":8080", r))
}
