package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

func TestWritesOneJSONObjectPerLineAtItsLevel(t *testing.T) {
	var out bytes.Buffer
	logger := New(&out, slog.LevelWarn, "orders")
	logger.Info("dropped")
	logger.Warn("kept", "note", "a\nb")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one line, got %q", out.String())
	}
	var line map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &line); err != nil {
		t.Fatal(err)
	}
	if line["msg"] != "kept" || line["level"] != "WARN" || line["service"] != "orders" || line["note"] != "a\nb" {
		t.Fatalf("unexpected line: %v", line)
	}
}

func TestTheContextCarriesALogger(t *testing.T) {
	fallback := slog.Default()
	own := slog.New(slog.NewJSONHandler(&bytes.Buffer{}, nil))
	if FromContext(context.Background(), fallback) != fallback {
		t.Fatal("an empty context should give the fallback")
	}
	if FromContext(WithLogger(context.Background(), own), fallback) != own {
		t.Fatal("the context's logger was not returned")
	}
}
