package server

import (
	"net/http"
	"strings"
)

// jsonErrors rewrites the router's own plain-text 404 and 405 answers as JSON, keeping their
// status and Allow header.
func jsonErrors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&errorWriter{ResponseWriter: w}, r)
	})
}

type errorWriter struct {
	http.ResponseWriter
	replaced bool
}

var routerErrors = map[int]string{http.StatusNotFound: "not_found", http.StatusMethodNotAllowed: "method_not_allowed"}

func (e *errorWriter) WriteHeader(status int) {
	code, ok := routerErrors[status]
	// Our own handlers always set a JSON content type first; the router sets text/plain.
	if ok && !strings.HasPrefix(e.Header().Get("Content-Type"), "application/json") {
		e.replaced = true
		writeJSON(e.ResponseWriter, status, map[string]string{"error": code})
		return
	}
	e.ResponseWriter.WriteHeader(status)
}

func (e *errorWriter) Write(data []byte) (int, error) {
	if e.replaced {
		return len(data), nil // the router's text body is dropped
	}
	return e.ResponseWriter.Write(data)
}
