package service

import "testing"

func TestServiceIsReadFromServiceJSON(t *testing.T) {
	if Service.Name == "" || Service.Port == 0 || Service.LivenessPath == "" || Service.ReadinessPath == "" {
		t.Fatalf("service.json is incomplete: %+v", Service)
	}
}

func TestMustParsePanicsOnBrokenJSON(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("mustParse accepted broken JSON")
		}
	}()
	mustParse([]byte("{"))
}
