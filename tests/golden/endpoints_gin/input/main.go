// Command ginapp registers gin routes on groups, groups of groups and groups handed to functions.
package main

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"example.com/ginapp/apicontract"
)

func main() {
	h := &UserHandler{}
	r := gin.Default()
	r.GET("/healthz", func(c *gin.Context) {
		c.JSON(http.StatusOK, gin.H{"ok": true})
	})
	apiGroup := r.Group("/api")
	v1 := apiGroup.Group("/v1")
	{
		users := v1.Group("/users")
		users.GET("", h.ListUsers)
		users.GET("/:id", h.GetUser)
		users.POST("", h.CreateUser)
		users.DELETE("/:id", h.DeleteUser)
		users.GET("/search", h.Search)
		users.PUT("/:id/avatar", h.UploadAvatar)
	}
	v1.Group("/files").GET("/*filepath", h.Download)
	registerAdmin(v1.Group("/admin"), h)
	v1.GET("/ping", gin.WrapH(apicontract.Handle(Ping)))

	// Not supported: Any registers every method.
	r.Any("/any", h.Search)

	_ = r.Run()
}

// registerAdmin registers below whatever group it is given.
func registerAdmin(g *gin.RouterGroup, h *UserHandler) {
	g.GET("/stats", h.Stats)
	audit := g.Group("/audit")
	audit.GET("/:entry", h.AuditEntry)
}
