// Package logging writes structured logs: one JSON object per line on stdout (log/slog), so
// CloudWatch Logs Insights can query every field. A request's lines carry its request id.
package logging

import (
	"context"
	"io"
	"log/slog"
)

// New returns a JSON logger at the given level, naming the service on every line.
func New(w io.Writer, level slog.Level, service string) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})).With("service", service)
}

type contextKey struct{}

// WithLogger returns a context that carries the logger (a request's, with its request id).
func WithLogger(ctx context.Context, logger *slog.Logger) context.Context {
	return context.WithValue(ctx, contextKey{}, logger)
}

// FromContext returns the logger the context carries, or fallback.
func FromContext(ctx context.Context, fallback *slog.Logger) *slog.Logger {
	if logger, ok := ctx.Value(contextKey{}).(*slog.Logger); ok {
		return logger
	}
	return fallback
}
