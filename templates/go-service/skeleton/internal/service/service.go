// Package service holds what the service says about itself (GET /api/v1/info and every log line),
// rendered from its golden path into service.json and embedded in the binary.
package service

import (
	_ "embed"
	"encoding/json"
)

// Info is the service's identity and its probe paths.
type Info struct {
	Name          string `json:"name"`
	Title         string `json:"title"`
	Description   string `json:"description"`
	System        string `json:"system"`
	Owner         string `json:"owner"`
	Port          int    `json:"port"`
	LivenessPath  string `json:"livenessPath"`
	ReadinessPath string `json:"readinessPath"`
}

//go:embed service.json
var serviceJSON []byte

// Service is read once, when the program starts.
var Service = mustParse(serviceJSON)

func mustParse(data []byte) Info {
	var info Info
	if err := json.Unmarshal(data, &info); err != nil {
		panic("service.json: " + err.Error())
	}
	return info
}
