// Package config reads the functions' settings from environment variables, the
// same names in AWS (set by template.yaml) and locally (set by the runner).
package config

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// Config is everything a function may need; each function uses a part of it.
type Config struct {
	Stage         string
	TableName     string
	PhotosBucket  string
	ImportsBucket string
	ReportsBucket string
	SenderEmail   string
	WebBaseURL    string
	// TokenSecret signs session tokens; only the authorizer and login need it.
	TokenSecret string
	Location    *time.Location
	// S3PathStyle addresses buckets as path segments, which S3-compatible
	// endpoints without wildcard DNS (moto, MinIO) need.
	S3PathStyle bool
}

// Load reads the environment. It fails only for values that are present but
// wrong; each function checks that the parts it needs are set.
func Load() (Config, error) {
	tz := env("TIME_ZONE", "Europe/Moscow")
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return Config{}, fmt.Errorf("TIME_ZONE %q: %w", tz, err)
	}
	return Config{
		Stage:         env("STAGE", "dev"),
		TableName:     os.Getenv("TABLE_NAME"),
		PhotosBucket:  os.Getenv("PHOTOS_BUCKET"),
		ImportsBucket: os.Getenv("IMPORTS_BUCKET"),
		ReportsBucket: os.Getenv("REPORTS_BUCKET"),
		SenderEmail:   env("SENDER_EMAIL", "no-reply@example.com"),
		WebBaseURL:    strings.TrimRight(env("WEB_BASE_URL", "http://localhost:3000"), "/"),
		TokenSecret:   os.Getenv("TOKEN_SECRET"),
		Location:      loc,
		S3PathStyle:   os.Getenv("S3_PATH_STYLE") == "true",
	}, nil
}

// Require returns an error naming every listed setting that is empty.
func Require(pairs ...string) error {
	var missing []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			missing = append(missing, pairs[i])
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing configuration: %s", strings.Join(missing, ", "))
	}
	return nil
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
