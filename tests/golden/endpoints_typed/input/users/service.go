package users

import (
	"context"
	"errors"
)

// Service implements the user API.
type Service struct {
	users map[string]User
}

// GetUser answers one user.
func (s *Service) GetUser(ctx context.Context, req GetUser) (User, error) {
	user, ok := s.users[req.ID]
	if !ok {
		return User{}, errors.New("not found")
	}
	return user, nil
}

// ListUsers answers one page of users (a value receiver, a generic response).
func (s Service) ListUsers(ctx context.Context, req ListUsers) (Page[User], error) {
	page := Page[User]{}
	for _, user := range s.users {
		page.Items = append(page.Items, user)
	}
	return page, nil
}

// CreateUser adds a user to an organisation.
//
//contractgen:status 201
func (s *Service) CreateUser(ctx context.Context, req CreateUser) (*User, error) {
	user := &User{ID: req.Org + "/" + req.Name, Name: req.Name, Email: req.Email}
	s.users[user.ID] = *user
	return user, nil
}

// UpdateUser renames a user; its request type has no field for {id}.
func (s *Service) UpdateUser(ctx context.Context, req UpdateUser) (User, error) {
	return User{Name: req.Name}, nil
}

// DeleteUser removes a user.
//
//contractgen:status 204
func (s *Service) DeleteUser(ctx context.Context, req GetUser) (Empty, error) {
	delete(s.users, req.ID)
	return Empty{}, nil
}

// Avatar is declared by a directive and registered nowhere the scanner sees: its wire is bare.
//
//contractgen:route GET /users/{id}/avatar
func (s *Service) Avatar(ctx context.Context, req GetUser) (AvatarURL, error) {
	return AvatarURL{URL: "https://example.com/" + req.ID}, nil
}

// Rename renames a user. Its route directive decides its endpoint; its registration through the
// adapter makes its wire the envelope.
//
//contractgen:route POST /users/{id}/rename
func (s *Service) Rename(ctx context.Context, req RenameUser) (User, error) {
	return User{ID: req.ID, Name: req.Name}, nil
}

// Ping is a plain function handler (registered with the adapter's WithStatus option).
func Ping(ctx context.Context, req PingRequest) (Pong, error) {
	return Pong{Message: "pong"}, nil
}
