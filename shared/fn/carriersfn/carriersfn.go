// Package carriersfn builds the carriers' tracking for the hourly job, the
// one function that calls carriers: the adapters whose credentials are
// configured, and the transit days. Only autoclosefn imports it, so no
// other function links the adapters' HTTP code.
package carriersfn

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"aftersales/shared/carriers"
	"aftersales/shared/carriers/cdek"
	"aftersales/shared/carriers/russianpost"
	"aftersales/shared/fn"
	"aftersales/shared/secrets"
)

// callTimeout bounds one call to a carrier, so a carrier that hangs costs a
// run seconds, not its whole Lambda time.
const callTimeout = 10 * time.Second

// credentials is the carrier secret's JSON.
type credentials struct {
	CDEK *struct {
		ClientID     string `json:"clientId"`
		ClientSecret string `json:"clientSecret"`
	} `json:"cdek"`
	RussianPost *struct {
		Login    string `json:"login"`
		Password string `json:"password"`
	} `json:"russianPost"`
}

// Book is the configured tracking: an adapter per carrier with
// credentials, and the transit days.
func Book(ctx context.Context, e *fn.Env) (*carriers.Book, error) {
	c := e.Config.Carriers
	transit, err := carriers.ParseTransit(c.TransitDays)
	if err != nil {
		return nil, err
	}
	raw := c.Secret
	if raw == "" && c.SecretARN != "" {
		if raw, err = secrets.Read(ctx, secretsmanager.NewFromConfig(e.AWS), c.SecretARN); err != nil {
			return nil, err
		}
	}
	var creds credentials
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &creds); err != nil {
			// The error names no part of the secret's value.
			return nil, fmt.Errorf("carrier credentials: not the expected JSON object")
		}
	}
	client := &http.Client{Timeout: callTimeout}
	book := &carriers.Book{Trackers: map[carriers.Code]carriers.Tracker{}, Transit: transit, Now: e.Now}
	if k := creds.CDEK; k != nil && k.ClientID != "" && k.ClientSecret != "" {
		book.Trackers[carriers.CDEK] = &cdek.Client{BaseURL: or(c.CDEKURL, cdek.DefaultURL),
			ClientID: k.ClientID, ClientSecret: k.ClientSecret, HTTP: client, Now: e.Now}
	}
	if k := creds.RussianPost; k != nil && k.Login != "" && k.Password != "" {
		book.Trackers[carriers.RussianPost] = &russianpost.Client{URL: or(c.RussianPostURL, russianpost.DefaultURL),
			Login: k.Login, Password: k.Password, HTTP: client}
	}
	return book, nil
}

func or(v, def string) string {
	if v != "" {
		return v
	}
	return def
}
