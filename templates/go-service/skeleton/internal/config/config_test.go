package config

import (
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func env(values map[string]string) func(string) string {
	return func(name string) string { return values[name] }
}

func TestDefaults(t *testing.T) {
	cfg, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Host != "0.0.0.0" || cfg.Port == 0 || cfg.LogLevel != slog.LevelInfo || cfg.ServiceVersion != "unknown" ||
		cfg.Environment != "local" || cfg.ShutdownTimeout != 20*time.Second {
		t.Fatalf("unexpected defaults: %+v", cfg)
	}
}

func TestReadsEveryVariable(t *testing.T) {
	cfg, err := Load(env(map[string]string{
		"HOST":                     "127.0.0.1",
		"PORT":                     "9000",
		"LOG_LEVEL":                "DEBUG",
		"SERVICE_VERSION":          "3f2c1ab",
		"APP_ENVIRONMENT":          "production",
		"SHUTDOWN_TIMEOUT_SECONDS": "5",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Host: "127.0.0.1", Port: 9000, LogLevel: slog.LevelDebug, ServiceVersion: "3f2c1ab",
		Environment: "production", ShutdownTimeout: 5 * time.Second}
	if cfg != want {
		t.Fatalf("got %+v, want %+v", cfg, want)
	}
}

func TestRefusesInvalidValuesNamingTheVariable(t *testing.T) {
	for _, c := range []struct{ variable, value string }{
		{"PORT", "80a"},
		{"PORT", "70000"},
		{"PORT", " 80"},
		{"PORT", "+80"},
		{"SHUTDOWN_TIMEOUT_SECONDS", "-1"},
		{"LOG_LEVEL", "verbose"},
		{"SERVICE_VERSION", "v1\nforged log line"},
		{"APP_ENVIRONMENT", strings.Repeat("x", 65)},
	} {
		_, err := Load(env(map[string]string{c.variable: c.value}))
		var configErr *Error
		if !errors.As(err, &configErr) || configErr.Variable != c.variable || !strings.HasPrefix(err.Error(), c.variable+" ") {
			t.Errorf("%s=%q: got %v, want an error naming %s", c.variable, c.value, err, c.variable)
		}
	}
}
