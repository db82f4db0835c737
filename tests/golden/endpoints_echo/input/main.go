// Command echoapp registers echo routes on groups and groups of groups.
package main

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"example.com/echoapp/api"
)

// Handlers serves the users (value receivers).
type Handlers struct{}

// GetUser answers one user.
func (h Handlers) GetUser(c echo.Context) error {
	var req api.GetUser
	if err := c.Bind(&req); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, err.Error())
	}
	return c.JSON(http.StatusOK, api.User{ID: req.ID})
}

// CreateUser adds a user.
func (h Handlers) CreateUser(c echo.Context) error {
	req := new(api.NewUser)
	if err := c.Bind(req); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, &api.User{Email: req.Email})
}

// PatchUser changes a user.
func (h Handlers) PatchUser(c echo.Context) error {
	var req api.Patch
	if err := c.Bind(&req); err != nil {
		return err
	}
	return c.JSONPretty(http.StatusOK, api.User{ID: req.ID, Email: req.Email}, "  ")
}

// DeleteUser removes a user.
func (h Handlers) DeleteUser(c echo.Context) error {
	return c.NoContent(http.StatusNoContent)
}

// Static answers where a file is.
func (h Handlers) Static(c echo.Context) error {
	return c.JSON(http.StatusOK, echo.Map{"path": c.Param("*")})
}

func auth(next echo.HandlerFunc) echo.HandlerFunc { return next }

func main() {
	h := Handlers{}
	e := echo.New()
	e.GET("/healthz", func(c echo.Context) error {
		return c.String(http.StatusOK, "ok")
	})
	g := e.Group("/api", auth)
	v1 := g.Group("/v1")
	v1.GET("/users/:id", h.GetUser, auth)
	v1.POST("/users", h.CreateUser)
	v1.DELETE("/users/:id", h.DeleteUser)
	e.Add(http.MethodPatch, "/api/v1/users/:id", h.PatchUser)
	e.GET("/static/*", h.Static)

	// Not supported: Match registers several methods.
	e.Match([]string{http.MethodGet, http.MethodPost}, "/match", h.Static)

	e.Logger.Fatal(e.Start(":8080"))
}
