// Command typed serves typed handlers through the generated envelope adapter.
package main

import (
	"log"
	"net/http"

	"example.com/typed/apicontract"
	"example.com/typed/users"
)

func main() {
	svc := &users.Service{}
	mux := http.NewServeMux()
	mux.Handle("GET /users/{id}", apicontract.Handle(svc.GetUser))
	mux.Handle("GET /users", apicontract.Handle(svc.ListUsers))
	mux.Handle("POST /orgs/{org}/users", apicontract.Handle(svc.CreateUser))
	mux.Handle("PUT /users/{id}", apicontract.Handle(svc.UpdateUser))
	mux.Handle("DELETE /users/{id}", apicontract.Handle[users.GetUser, users.Empty](svc.DeleteUser))
	mux.Handle("POST /ping", apicontract.Handle(users.Ping, apicontract.WithStatus(http.StatusAccepted)))
	mux.Handle("POST /users/{id}/rename", apicontract.Handle(svc.Rename))
	log.Fatal(http.ListenAndServe(":8080", mux))
}
