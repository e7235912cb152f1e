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

func TestJWTSettingsAreAllOrNone(t *testing.T) {
	all := map[string]string{
		"AUTH_JWT_ISSUER":   "https://idp.example.com",
		"AUTH_JWT_AUDIENCE": " api://service ",
		"AUTH_JWT_JWKS_URL": "https://idp.example.com/keys",
	}
	cfg, err := Load(env(all))
	if err != nil || cfg.JWT == nil ||
		*cfg.JWT != (JWT{Issuer: "https://idp.example.com", Audience: "api://service", JWKSURL: "https://idp.example.com/keys"}) {
		t.Fatalf("got %+v, %v", cfg.JWT, err)
	}
	if cfg, err := Load(env(map[string]string{"AUTH_JWT_ISSUER": " "})); err != nil || cfg.JWT != nil {
		t.Fatalf("blank: got %+v, %v", cfg.JWT, err)
	}
	for _, c := range []struct{ variable, value, reason string }{
		{"AUTH_JWT_ISSUER", "", "must be set too"},
		{"AUTH_JWT_AUDIENCE", " ", "must be set too"},
		{"AUTH_JWT_JWKS_URL", "", "must be set too"},
		{"AUTH_JWT_JWKS_URL", "http://idp.example.com/keys", "https://"},
		{"AUTH_JWT_JWKS_URL", "https://", "https://"},
		{"AUTH_JWT_JWKS_URL", "https://idp.example.com/%zz", "https://"},
	} {
		values := map[string]string{}
		for name, value := range all {
			values[name] = value
		}
		values[c.variable] = c.value
		_, err := Load(env(values))
		var configErr *Error
		if !errors.As(err, &configErr) || configErr.Variable != c.variable || !strings.Contains(err.Error(), c.reason) {
			t.Errorf("%s=%q: got %v", c.variable, c.value, err)
		}
	}
}
