// Package config reads the functions' settings from environment variables, the
// same names in AWS (set by template.yaml) and locally (set by the runner).
package config

import (
	"fmt"
	"net/url"
	"os"
	"strconv"
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
	// TokenSecret signs session tokens; only the authorizer and login need
	// it. Locally it is set directly (TOKEN_SECRET); in AWS the functions get
	// TokenSecretARN instead and read the secret once at start-up.
	TokenSecret    string
	TokenSecretARN string
	// OriginVerify is the value CloudFront puts in every request to the API
	// (ORIGIN_VERIFY); HTTP functions refuse requests without it. Empty
	// locally, where there is no CloudFront.
	OriginVerify string
	Location     *time.Location
	// S3PathStyle addresses buckets as path segments, which S3-compatible
	// endpoints without wildcard DNS (moto, MinIO) need.
	S3PathStyle bool
	// ImportMaxBytes and ImportMaxRows lower the outlet and route loads'
	// limits (20 MB, 200,000 rows) when set: IMPORT_MAX_BYTES, IMPORT_MAX_ROWS.
	ImportMaxBytes int64
	ImportMaxRows  int
	// SilentDelivery and Reminder override the act timers' periods (3 days
	// of quiet after delivery, a reminder 24 hours before a close) when
	// set: TIMER_SILENT_DELIVERY, TIMER_REMINDER, as Go durations ("72h").
	// Every function must see the same values: they decide the due index.
	SilentDelivery time.Duration
	Reminder       time.Duration
	// Carriers configures the hourly job's delivery tracking.
	Carriers Carriers
	// Wholesaler is the wholesaler's requisites on its documents
	// (WHOLESALER_REQUISITES, JSON {"name", "inn", "address", "phone",
	// "email"}): the wholesaler has no organisation record.
	Wholesaler string
}

// Carriers is the carriers' tracking configuration. Credentials are never
// in the repo: locally the runner passes the fake carrier's in
// CARRIER_SECRET; in AWS the job reads the secret CARRIER_SECRET_ARN names
// (JSON: {"cdek": {"clientId", "clientSecret"}, "russianPost": {"login",
// "password"}}); a carrier without credentials has its adapter off.
type Carriers struct {
	Secret, SecretARN string
	// CDEKURL and RussianPostURL override the APIs' addresses (the fake
	// carrier locally): CDEK_API_URL, RUSSIAN_POST_API_URL.
	CDEKURL, RussianPostURL string
	// TransitDays is CARRIER_TRANSIT_DAYS ("cdek=7,russian_post=14,other=10"):
	// how long after dispatch a parcel nobody confirmed counts as arrived.
	TransitDays string
}

// Load reads the environment. It fails only for values that are present but
// wrong; each function checks that the parts it needs are set.
func Load() (Config, error) {
	tz := env("TIME_ZONE", "Europe/Moscow")
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return Config{}, fmt.Errorf("TIME_ZONE %q: %w", tz, err)
	}
	maxBytes, err := envInt("IMPORT_MAX_BYTES")
	if err != nil {
		return Config{}, err
	}
	maxRows, err := envInt("IMPORT_MAX_ROWS")
	if err != nil {
		return Config{}, err
	}
	silent, err := envDuration("TIMER_SILENT_DELIVERY")
	if err != nil {
		return Config{}, err
	}
	reminder, err := envDuration("TIMER_REMINDER")
	if err != nil {
		return Config{}, err
	}
	return Config{
		Stage:          env("STAGE", "dev"),
		TableName:      os.Getenv("TABLE_NAME"),
		PhotosBucket:   os.Getenv("PHOTOS_BUCKET"),
		ImportsBucket:  os.Getenv("IMPORTS_BUCKET"),
		ReportsBucket:  os.Getenv("REPORTS_BUCKET"),
		SenderEmail:    env("SENDER_EMAIL", "no-reply@example.com"),
		WebBaseURL:     strings.TrimRight(env("WEB_BASE_URL", "http://localhost:3000"), "/"),
		TokenSecret:    os.Getenv("TOKEN_SECRET"),
		TokenSecretARN: os.Getenv("TOKEN_SECRET_ARN"),
		OriginVerify:   os.Getenv("ORIGIN_VERIFY"),
		Location:       loc,
		S3PathStyle:    os.Getenv("S3_PATH_STYLE") == "true",
		ImportMaxBytes: int64(maxBytes),
		ImportMaxRows:  maxRows,
		SilentDelivery: silent,
		Reminder:       reminder,
		Carriers: Carriers{Secret: os.Getenv("CARRIER_SECRET"), SecretARN: os.Getenv("CARRIER_SECRET_ARN"),
			CDEKURL: os.Getenv("CDEK_API_URL"), RussianPostURL: os.Getenv("RUSSIAN_POST_API_URL"),
			TransitDays: os.Getenv("CARRIER_TRANSIT_DAYS")},
		Wholesaler: os.Getenv("WHOLESALER_REQUISITES"),
	}, nil
}

// envInt reads a non-negative whole number; 0 when unset.
func envInt(name string) (int, error) {
	v := os.Getenv(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s %q: want a non-negative whole number", name, v)
	}
	return n, nil
}

// envDuration reads a positive Go duration ("72h"); 0 when unset.
func envDuration(name string) (time.Duration, error) {
	v := os.Getenv(name)
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s %q: want a positive duration such as 72h", name, v)
	}
	return d, nil
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

// WebOrigins are the origins of the web client's pages (httpapi.Router.
// AllowOrigins): WebBaseURL's, and in the local stage its loopback twin as
// well, since a browser at http://127.0.0.1:3000 sends another Origin than
// one at http://localhost:3000.
func (c Config) WebOrigins() []string {
	u, err := url.Parse(c.WebBaseURL)
	if err != nil || u.Host == "" {
		return nil
	}
	origins := []string{u.Scheme + "://" + u.Host}
	if c.Stage == "local" {
		twins := map[string]string{"localhost": "127.0.0.1", "127.0.0.1": "localhost"}
		if twin, ok := twins[u.Hostname()]; ok {
			host := twin
			if p := u.Port(); p != "" {
				host += ":" + p
			}
			origins = append(origins, u.Scheme+"://"+host)
		}
	}
	return origins
}
