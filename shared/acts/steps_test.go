package acts

import (
	"testing"

	"aftersales/shared/apperr"
)

func TestEveryFieldOfTheFormHasAStep(t *testing.T) {
	for _, name := range fieldNames {
		if fieldSteps[name] == "" {
			t.Errorf("field %s has no step", name)
		}
	}
	for path, want := range map[string]string{"parts[2].price": StepParts, "parts.0.name": StepParts, "acceptedDate": StepProduct, "version": ""} {
		if got := WithSteps([]apperr.FieldError{{Field: path}})[0].Step; got != want {
			t.Errorf("step of %s = %q, want %q", path, got, want)
		}
	}
}
