package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

type output struct {
	mu   sync.Mutex
	text strings.Builder
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.text.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.text.String()
}

func environment(values map[string]string) func(string) string {
	return func(name string) string { return values[name] }
}

// waitForPort reads the port from the "listening" log line, polling with a bound generous enough
// for a cold start on a busy runner.
func waitForPort(t *testing.T, out *output) int {
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		for _, line := range strings.Split(out.String(), "\n") {
			var fields struct {
				Msg  string `json:"msg"`
				Port int    `json:"port"`
			}
			if json.Unmarshal([]byte(line), &fields) == nil && fields.Msg == "listening" {
				return fields.Port
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no listening line in %q", out.String())
	return 0
}

func TestRunServesAndStopsOnSIGTERM(t *testing.T) {
	out := &output{}
	status := make(chan int, 1)
	go func() {
		status <- run(context.Background(), nil, environment(map[string]string{"HOST": "127.0.0.1", "PORT": "0"}), out)
	}()
	port := waitForPort(t, out)
	if code := healthcheck(port, time.Second); code != 0 {
		t.Fatalf("healthcheck: %d", code)
	}
	if code := run(context.Background(), []string{"-healthcheck"}, environment(map[string]string{"PORT": strconv.Itoa(port)}), out); code != 0 {
		t.Fatalf("run -healthcheck: %d", code)
	}
	// The real signal ECS sends: caught by run, which drains and returns 0.
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-status:
		if code != 0 {
			t.Fatalf("exit status %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after SIGTERM")
	}
	if !strings.Contains(out.String(), `"msg":"stopped"`) {
		t.Fatalf("no stopped line: %q", out.String())
	}
	if code := healthcheck(port, time.Second); code != 1 {
		t.Fatalf("healthcheck after stop: %d", code)
	}
}

func TestRunRefusesAnInvalidVariable(t *testing.T) {
	out := &output{}
	if code := run(context.Background(), nil, environment(map[string]string{"LOG_LEVEL": "loud"}), out); code != 1 {
		t.Fatalf("exit status %d", code)
	}
	if !strings.Contains(out.String(), `"msg":"invalid configuration"`) || !strings.Contains(out.String(), "LOG_LEVEL") {
		t.Fatalf("unexpected output: %q", out.String())
	}
}

func TestRunRefusesUnknownArguments(t *testing.T) {
	if code := run(context.Background(), []string{"--serve"}, environment(nil), &output{}); code != 2 {
		t.Fatalf("exit status %d", code)
	}
}

func TestRunFailsWhenThePortIsTaken(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := strconv.Itoa(taken.Addr().(*net.TCPAddr).Port)
	out := &output{}
	if code := run(context.Background(), nil, environment(map[string]string{"HOST": "127.0.0.1", "PORT": port}), out); code != 1 {
		t.Fatalf("exit status %d", code)
	}
	if !strings.Contains(out.String(), `"msg":"could not listen"`) {
		t.Fatalf("unexpected output: %q", out.String())
	}
}

func TestHealthcheckFailsOnAnythingBut200(t *testing.T) {
	server := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) })}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = server.Serve(listener) }()
	defer server.Close()
	if code := healthcheck(listener.Addr().(*net.TCPAddr).Port, time.Second); code != 1 {
		t.Fatalf("exit status %d", code)
	}
}
