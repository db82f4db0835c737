package main

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"example.com/ginapp/api"
)

// UserHandler serves the users.
type UserHandler struct {
	users map[string]api.User
}

// GetUser answers one user.
func (h *UserHandler) GetUser(c *gin.Context) {
	var uri api.UserURI
	if err := c.ShouldBindUri(&uri); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	user := api.User{ID: uri.ID}
	c.JSON(http.StatusOK, user)
}

// ListUsers answers a page of users.
func (h *UserHandler) ListUsers(c *gin.Context) {
	var query api.ListQuery
	if err := c.ShouldBindQuery(&query); err != nil {
		c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	var page api.Page[api.User]
	c.JSON(http.StatusOK, page)
}

// CreateUser adds a user (a value receiver).
func (h UserHandler) CreateUser(c *gin.Context) {
	var body api.NewUser
	if err := c.ShouldBindJSON(&body); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	c.JSON(http.StatusCreated, &api.User{Email: body.Email})
}

// DeleteUser removes a user.
func (h *UserHandler) DeleteUser(c *gin.Context) {
	delete(h.users, c.Param("id"))
	c.Status(http.StatusNoContent)
}

// UploadAvatar takes a picture as a multipart body: the file, a caption and any number of tags.
func (h *UserHandler) UploadAvatar(c *gin.Context) {
	file, err := c.FormFile("avatar")
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	var size int64 = file.Size
	c.JSON(http.StatusOK, gin.H{"size": size, "caption": c.PostForm("caption"), "tags": c.PostFormArray("tag")})
}

// Download serves a file: no JSON response.
func (h *UserHandler) Download(c *gin.Context) {
	c.File("/srv/files" + c.Param("filepath"))
}

// Search answers what a call returns: its type is not visible here.
func (h *UserHandler) Search(c *gin.Context) {
	c.JSON(http.StatusOK, h.search(c.Query("q")))
}

func (h *UserHandler) search(q string) []api.User { return nil }

// Stats counts the users.
func (h *UserHandler) Stats(c *gin.Context) {
	c.JSON(http.StatusOK, api.Stats{Users: len(h.users)})
}

// AuditEntry answers one audit entry.
func (h *UserHandler) AuditEntry(c *gin.Context) {
	c.IndentedJSON(http.StatusOK, api.AuditEntry{What: c.Param("entry")})
}

// Ping is a typed handler, served through the envelope adapter.
func Ping(ctx context.Context, req struct{}) (api.Pong, error) {
	return api.Pong{Message: "pong"}, nil
}
