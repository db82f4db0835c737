// Command catalog returns the reasons of an error catalog from its handlers.
package main

import (
	"context"
	"errors"
	"log"
	"net/http"

	"example.com/catalog/apicontract"
	"example.com/catalog/errs"
)

// GetUser names a user.
type GetUser struct {
	ID string `path:"id" json:"-"`
}

// NewUser is the body of a new user.
type NewUser struct {
	Email string `json:"email"`
}

// User is an account.
type User struct {
	ID    string `json:"id"`
	Email string `json:"email"`
}

type api struct {
	users map[string]User
}

// getUser returns the sentinel of USER_NOT_FOUND.
func (a *api) getUser(ctx context.Context, req GetUser) (User, error) {
	user, ok := a.users[req.ID]
	if !ok {
		return User{}, apicontract.ErrUserNotFound
	}
	return user, nil
}

// createUser calls the constructor of EMAIL_TAKEN, and states HTTP_TIMEOUT (by its wire value)
// and USER_NOT_FOUND (by its Go constant) with a directive.
//
//contractgen:errors HTTP_TIMEOUT errs.ReasonUserNotFound
func (a *api) createUser(ctx context.Context, req NewUser) (User, error) {
	for _, user := range a.users {
		if user.Email == req.Email {
			return User{}, apicontract.EmailTaken("%s is taken", req.Email)
		}
	}
	if ctx.Err() != nil {
		return User{}, errors.New(string(errs.ReasonHTTPTimeout))
	}
	return User{Email: req.Email}, nil
}

func main() {
	a := &api{users: map[string]User{}}
	mux := http.NewServeMux()
	mux.Handle("GET /users/{id}", apicontract.Handle(a.getUser))
	mux.Handle("POST /users", apicontract.Handle(a.createUser))
	log.Fatal(http.ListenAndServe(":8080", mux))
}
