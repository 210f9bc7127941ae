package acts

import (
	"strings"

	"aftersales/shared/apperr"
)

// The steps of the act form, as the wholesaler's site has them. Every field
// error names its step, so a client marks the step that holds an error even
// when the user is on another one (the form must never trap on a field the
// user cannot see).
const (
	StepProduct     = "product"     // 1. Изделие (and the case flags)
	StepDiagnostics = "diagnostics" // 2. Диагностика
	StepParts       = "parts"       // 3. Запрос запасных частей
	StepAdditional  = "additional"  // 4. Дополнительная информация (and the photos)
)

// fieldSteps holds the step of every field of Fields; a test checks that it
// names each one.
var fieldSteps = map[string]string{
	"category": StepProduct, "article": StepProduct, "serialNumber": StepProduct, "noSerial": StepProduct,
	"complaint": StepProduct, "appearance": StepProduct, "saleDate": StepProduct, "acceptedDate": StepProduct,
	"completeness": StepProduct, "warrantyCard": StepProduct, "refusal14": StepProduct, "paidOrder": StepProduct,
	"internalNumber": StepDiagnostics, "mechanic": StepDiagnostics, "diagnosis": StepDiagnostics,
	"conclusion": StepDiagnostics, "warrantyCase": StepDiagnostics,
	"parts":        StepParts,
	"customerName": StepAdditional, "customerPhone": StepAdditional, "sellerOrganization": StepAdditional,
	"complexity": StepAdditional, "productState": StepAdditional, "repairEndDate": StepAdditional,
	"files": StepAdditional,
}

// rootField is the form field an error path names: "parts" for
// "parts[2].price" or "parts.2.price".
func rootField(path string) string {
	end := strings.IndexAny(path, "[.")
	if end < 0 {
		return path
	}
	return path[:end]
}

// WithSteps returns errs with the step of each field filled in where the
// field belongs to the act form.
func WithSteps(errs []apperr.FieldError) []apperr.FieldError {
	for i := range errs {
		if errs[i].Step == "" {
			errs[i].Step = fieldSteps[rootField(errs[i].Field)]
		}
	}
	return errs
}
